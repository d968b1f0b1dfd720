// The reconcile sweep: rebuilds from PostgreSQL the wake-ups Redis should hold. Each area
// that keeps pending work in PostgreSQL adds its reconciler to the list.
import type { JobDeps } from "../runtime";

export type Reconciler = (deps: JobDeps) => Promise<number>;

export const reconcilers: Reconciler[] = [];

export async function reconcile(deps: JobDeps): Promise<{ requeued: number }> {
  let requeued = 0;
  for (const reconciler of reconcilers) requeued += await reconciler(deps);
  if (requeued > 0) deps.logger.info({ requeued }, "reconcile requeued work");
  return { requeued };
}
