// The reconcile sweep: rebuilds from PostgreSQL the wake-ups Redis should hold — every
// pending draw and every due notification — so an emptied Redis loses nothing.
import type { JobDeps } from "../runtime";

export async function reconcile(deps: JobDeps): Promise<{ draws: number; notifications: number }> {
  const draws = await deps.enqueue.pendingDraws();
  const notifications = await deps.enqueue.dueNotifications();
  if (draws + notifications > 0) deps.logger.info({ draws, notifications }, "reconcile woke pending work");
  return { draws, notifications };
}
