// The reconcile sweep: rebuilds from PostgreSQL the wake-ups Redis should hold — every
// pending draw and every due notification — so an emptied Redis loses nothing.
import { reconcilePlans } from "../plan-fire/processor";
import type { JobDeps } from "../deps";

export async function reconcile(deps: JobDeps): Promise<{ draws: number; notifications: number }> {
  // scheduled rounds first, so the draws they request are woken below; their failure must not stop the rest
  await reconcilePlans(deps).catch((error: unknown) => deps.logger.warn({ err: error }, "reconciling scheduled rounds failed"));
  const draws = await deps.enqueue.pendingDraws();
  const notifications = await deps.enqueue.dueNotifications();
  if (draws + notifications > 0) deps.logger.info({ draws, notifications }, "reconcile woke pending work");
  return { draws, notifications };
}
