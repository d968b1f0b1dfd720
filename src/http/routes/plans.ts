// Plans of scheduled rounds (docs/scheduled-rounds.md). A new plan's job scheduler is
// registered by the workers' watchdog from PostgreSQL, within its period (15 s by default).
import { z } from "zod";
import { orgForWrite } from "../../services/orgs/org-service";
import { createPlan, deactivatePlan, listPlans } from "../../services/plans/plan-service";
import { planInputSchema } from "../../services/plans/plan-types";
import { principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../deps";

const planners = ["admin", "supervisor"] as const;
const idParam = z.object({ id: z.uuid() });

export function planRoutes(api: Api, deps: AppDeps): void {
  const { db } = deps.database;
  api.post(
    "/plans",
    {
      config: { roles: planners },
      schema: {
        tags: ["plans"],
        summary: "Add a plan of scheduled rounds (lock by cron in Asia/Shanghai, server seed, draw N minutes later)",
        body: planInputSchema,
      },
    },
    async (request, reply) => {
      const org = await orgForWrite(db, principal(request), request.body.orgCode);
      return reply.status(201).send(await createPlan(db, principal(request), org, request.body));
    },
  );
  api.get(
    "/plans",
    { config: { roles: planners }, schema: { tags: ["plans"], summary: "Plans with their next lock and the rounds they made" } },
    async (request) => ({ items: await listPlans(db, principal(request)) }),
  );
  api.post(
    "/plans/:id/deactivate",
    { config: { roles: planners }, schema: { tags: ["plans"], summary: "Stop a plan; the rounds it made stay", params: idParam } },
    async (request) => deactivatePlan(db, principal(request), request.params.id),
  );
}
