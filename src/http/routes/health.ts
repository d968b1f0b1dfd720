// /healthz: the process is up. /readyz: PostgreSQL and Redis answer.
import type { Api } from "../api";
import { errorBody } from "../errors";

export interface ReadinessProbe {
  /** Resolves when each dependency answers; rejects naming the one that does not. */
  check(): Promise<Record<string, "ok">>;
}

export function healthRoutes(app: Api, readiness: ReadinessProbe): void {
  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    try {
      return { status: "ready", checks: await readiness.check() };
    } catch (error) {
      return reply.status(503).send(errorBody("not_ready", error instanceof Error ? error.message : String(error)));
    }
  });
}
