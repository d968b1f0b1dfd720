// The HTTP API: Fastify 5 under /api/v1, zod on every request, OpenAPI at /docs.
import { randomUUID } from "node:crypto";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { installAccessControl, type CatalogedRoute } from "./access";
import type { AppDeps } from "./deps";
import { registerAdminQueues } from "./admin-queues";
import { installErrorHandling } from "./errors";
import { healthRoutes } from "./routes/health";
import { registryRoutes } from "./routes/registries";
import { orgRoutes } from "./routes/orgs";
import { userRoutes } from "./routes/users";
import { auditRoutes } from "./routes/audit";
import { importRoutes } from "./routes/imports";
import { publicRoutes } from "./routes/public";
import { roundRoutes } from "./routes/rounds";
import { findingRoutes } from "./routes/findings";
import { calendarRoutes } from "./routes/calendar";
import { inspectionRoutes } from "./routes/inspections";
import { planRoutes } from "./routes/plans";
import { historyImportRoutes } from "./routes/history";
import { reportRoutes } from "./routes/reports";
import { publicRoundRoutes } from "./routes/public-rounds";
import { deadLetterRoutes, metricsRoutes } from "./routes/notifications";

export interface BuiltApp {
  app: FastifyInstance;
  /** Every guarded and public route with the roles it admits (tests walk it). */
  routes: CatalogedRoute[];
}

export async function buildApp(deps: AppDeps): Promise<BuiltApp> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 200 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  installErrorHandling(app);
  const routes = installAccessControl(app, deps.database.db);

  await app.register(swagger, {
    openapi: {
      info: {
        title: "shuangsuiji 双随机 API",
        version: "1",
        description: "Verifiable double-random supervision. Send `Authorization: Bearer <token>`.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  healthRoutes(typed, deps.readiness);
  publicRoutes(typed, deps);
  publicRoundRoutes(typed, deps);
  metricsRoutes(typed, deps);
  await app.register(
    async (api) => {
      const v1 = api.withTypeProvider<ZodTypeProvider>();
      orgRoutes(v1, deps);
      registryRoutes(v1, deps);
      importRoutes(v1, deps);
      userRoutes(v1, deps);
      auditRoutes(v1, deps);
      roundRoutes(v1, deps);
      findingRoutes(v1, deps);
      calendarRoutes(v1, deps);
      inspectionRoutes(v1, deps);
      planRoutes(v1, deps);
      deadLetterRoutes(v1, deps);
      await v1.register(async (scoped) => historyImportRoutes(scoped.withTypeProvider<ZodTypeProvider>(), deps));
      await v1.register(async (scoped) => reportRoutes(scoped.withTypeProvider<ZodTypeProvider>(), deps));
    },
    { prefix: "/api/v1" },
  );
  if (deps.queues) await registerAdminQueues(app, deps.queues);
  return { app, routes };
}
