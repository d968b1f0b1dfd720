// The deadline sweep: due reminders and escalations become outbox deliveries (in
// PostgreSQL, once), then the relay wakes a notify job for each.
import { recomputeProvisionalDeadlines } from "../../src/services/findings/recompute";
import { sweepDueLedger } from "../../src/services/deadlines/sweep";
import type { JobDeps } from "../deps";

export async function processDeadlineSweep(deps: JobDeps): Promise<unknown> {
  const { db } = deps.database;
  // A year loaded by a process that had no listener still frees its provisional deadlines.
  const recomputed = await db.transaction((tx) =>
    recomputeProvisionalDeadlines(
      tx,
      { actor: { kind: "system", via: "worker" }, role: "operator", orgId: null, orgPath: null },
      deps.config,
    ),
  );
  // each batch's deliveries are woken as soon as it commits, so the first go out while the sweep goes on
  let woken = 0;
  const swept = await sweepDueLedger(db, deps.config.policy, {
    afterBatch: async (outboxIds) => (woken += await deps.enqueue.notifications(outboxIds)),
  });
  // the rest: rows left for lack of queue room (a burst larger than notifyAhead), older rows whose wake-up was lost
  woken += await deps.enqueue.relayDueNotifications(deps.sweepEveryMs);
  if (swept.sent + swept.skipped + swept.cancelled + recomputed.moved > 0) deps.logger.info({ swept, recomputed, woken }, "deadline sweep");
  return { swept, recomputed, woken };
}
