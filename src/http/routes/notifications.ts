// The dead-letter list of notifications and its retry (admins, /api/v1/admin/dead-letters),
// and the notification metrics (admins, GET /metrics, Prometheus text format).
import { z } from "zod";
import { listDeadLetters, notificationMetrics, retryDeadLetter } from "../../services/notifications/dead-letters";
import { principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../deps";

const page = { limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) };

export function deadLetterRoutes(api: Api, { database: { db }, logger, notificationWaker }: AppDeps): void {
  api.get(
    "/admin/dead-letters",
    {
      config: { roles: ["admin"] },
      schema: {
        tags: ["notifications"],
        summary: "Notifications that failed every attempt (newest first), with the total",
        querystring: z.object(page),
      },
    },
    async (request) => listDeadLetters(db, principal(request), request.query),
  );
  api.post(
    "/admin/dead-letters/:id/retry",
    {
      config: { roles: ["admin"] },
      schema: {
        tags: ["notifications"],
        summary: "Send a dead notification back to pending, attempts reset; a worker delivers it again",
        params: z.object({ id: z.string().min(1) }),
      },
    },
    async (request) => {
      const row = await retryDeadLetter(db, principal(request), request.params.id);
      // The row is pending in PostgreSQL now; a lost wake-up only waits for the reconcile sweep.
      await notificationWaker
        ?.notificationDue(row.id)
        .catch((error: unknown) => logger.warn({ err: error, outboxId: row.id }, "could not wake a notify job; the reconcile sweep will"));
      return { ...row, status: "pending" as const };
    },
  );
}

export function metricsRoutes(api: Api, { database: { db } }: AppDeps): void {
  api.get(
    "/metrics",
    {
      config: { roles: ["admin"] },
      schema: { tags: ["notifications"], summary: "Notification metrics (Prometheus text exposition format) of your subtree" },
    },
    async (request, reply) =>
      reply.type("text/plain; version=0.0.4; charset=utf-8").send(await notificationMetrics(db, principal(request))),
  );
}
