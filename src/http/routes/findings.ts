// Findings (问题), rectification reports (整改) and deadlines.
import { z } from "zod";
import {
  extendDeadline,
  getFinding,
  issueFinding,
  listFindings,
  recordFinding,
  reviewReport,
  submitReport,
  withdrawFinding,
} from "../../services/findings/finding-service";
import {
  extensionInputSchema,
  findingFilterSchema,
  findingInputSchema,
  reportInputSchema,
  reviewInputSchema,
  withdrawInputSchema,
} from "../../services/findings/finding-types";
import { loadDeadlinePlanner } from "../../services/findings/planner-factory";
import { allRoles, principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../deps";

const idParam = z.object({ id: z.uuid() });
const staff = ["admin", "supervisor"] as const;

export function findingRoutes(api: Api, { database: { db }, config }: AppDeps): void {
  api.get(
    "/findings",
    {
      config: { roles: allRoles },
      schema: {
        tags: ["findings"],
        summary: "Findings you may see (a department: its own, once issued)",
        querystring: findingFilterSchema,
      },
    },
    async (request) => listFindings(db, principal(request), request.query),
  );
  api.get("/findings/:id", { config: { roles: allRoles }, schema: { tags: ["findings"], params: idParam } }, async (request) =>
    getFinding(db, principal(request), request.params.id),
  );
  api.post(
    "/inspections/:id/findings",
    {
      config: { roles: ["admin", "supervisor", "inspector"] },
      schema: {
        tags: ["findings"],
        summary: "Record a finding on an inspection (its team, or a supervisor)",
        params: idParam,
        body: findingInputSchema,
      },
    },
    async (request, reply) => reply.status(201).send(await recordFinding(db, principal(request), request.params.id, request.body)),
  );
  api.post(
    "/findings/:id/issue",
    {
      config: { roles: ["admin", "supervisor", "inspector"] },
      schema: { tags: ["findings"], summary: "Issue the finding (整改通知书): the deadline starts", params: idParam },
    },
    async (request) => issueFinding(db, principal(request), request.params.id, await loadDeadlinePlanner(db, config)),
  );
  api.post(
    "/findings/:id/reports",
    {
      config: { roles: ["admin", "supervisor", "department"] },
      schema: { tags: ["findings"], summary: "Submit the rectification report", params: idParam, body: reportInputSchema },
    },
    async (request, reply) => reply.status(201).send(await submitReport(db, principal(request), request.params.id, request.body)),
  );
  api.post(
    "/findings/:id/review",
    {
      config: { roles: staff },
      schema: { tags: ["findings"], summary: "Accept (销号) or reject the report under review", params: idParam, body: reviewInputSchema },
    },
    async (request) => reviewReport(db, principal(request), request.params.id, request.body),
  );
  api.post(
    "/findings/:id/extensions",
    {
      config: { roles: staff },
      schema: { tags: ["findings"], summary: "Grant an extension: a new deadline version", params: idParam, body: extensionInputSchema },
    },
    async (request) => extendDeadline(db, principal(request), request.params.id, request.body, await loadDeadlinePlanner(db, config)),
  );
  api.post(
    "/findings/:id/withdraw",
    {
      config: { roles: staff },
      schema: { tags: ["findings"], summary: "Withdraw a finding issued in error", params: idParam, body: withdrawInputSchema },
    },
    async (request) => withdrawFinding(db, principal(request), request.params.id, request.body.reason),
  );
}
