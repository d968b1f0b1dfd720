// What the HTTP app is built from (src/cli wires it; tests build their own). A module of its
// own so that app.ts and the routes it registers, which all take it, do not import each other.
import type { Queue } from "bullmq";
import type { Logger } from "pino";
import type { Database } from "../services/database";
import type { DeploymentConfig } from "../services/deployment";
import type { NotificationWaker } from "../services/notifications/dead-letters";
import type { DrawWaker } from "../services/rounds/round-types";
import type { ReadinessProbe } from "./routes/health";

export interface AppDeps {
  database: Database;
  /** The policy and calendar overrides, loaded once by the composition root (src/cli/composition.ts). */
  config: DeploymentConfig;
  logger: Logger;
  readiness: ReadinessProbe;
  tokenTtlDays: number;
  /** Wakes a worker for a new draw; without it the reconcile sweep picks the draw up. */
  drawWaker?: DrawWaker;
  /** Wakes a notify job for a retried dead letter; without it the reconcile sweep picks it up. */
  notificationWaker?: NotificationWaker;
  /** The BullMQ queues (the producer's); given, bull-board is served to admins at /admin/queues. */
  queues?: readonly Queue[];
}
