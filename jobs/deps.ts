// What every processor is handed (jobs/runtime.ts builds it once per process). A module of its
// own so that the processors and the runtime that imports them do not import each other.
import type { Logger } from "pino";
import type { ChannelConfig } from "../config/channels";
import type { Database } from "../src/services/database";
import type { DeploymentConfig } from "../src/services/deployment";
import type { Producer } from "./producer";

export interface Enqueue {
  /**
   * Wakes a notify job for every due notification that has none waiting, as far as the
   * notifications queue has room (JobRuntimeOptions.notifyAhead); returns how many it woke.
   */
  dueNotifications(): Promise<number>;
  /** Wakes the notify jobs of these outbox rows (just written), as far as the queue has room. */
  notifications(outboxIds: string[]): Promise<number>;
  /**
   * dueNotifications, repeated as the queue drains while due rows are left over for lack of
   * room, for at most `budgetMs`: how a burst larger than notifyAhead goes out without
   * waiting for the next sweep. Returns how many it woke.
   */
  relayDueNotifications(budgetMs: number): Promise<number>;
  /** Wakes the draw job of every pending draw. */
  pendingDraws(): Promise<number>;
}

export interface JobDeps {
  database: Database;
  logger: Logger;
  producer: Producer;
  enqueue: Enqueue;
  /** Where notifications go (config/channels.ts). */
  channels: ChannelConfig;
  /** The policy and calendar overrides (src/cli/composition.ts). */
  config: DeploymentConfig;
  /** How often the deadline sweep runs: a sweep relays a burst for at most this long. */
  sweepEveryMs: number;
}
