import { z } from "zod";
import { auditHead, listAuditEvents, verifyAuditChain } from "../../services/audit/audit-service";
import { principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../deps";

export function auditRoutes(api: Api, { database: { db } }: AppDeps): void {
  api.get(
    "/audit/head",
    {
      config: { roles: ["admin", "supervisor", "discipline", "viewer"] },
      schema: { tags: ["audit"], summary: "The head of the audit hash chain" },
    },
    async () => auditHead(db),
  );
  api.get(
    "/audit/verify",
    { config: { roles: ["admin", "discipline"] }, schema: { tags: ["audit"], summary: "Recompute the whole chain" } },
    async () => verifyAuditChain(db),
  );
  api.get(
    "/audit/events",
    {
      config: { roles: ["admin", "supervisor", "discipline"] },
      schema: {
        tags: ["audit"],
        summary: "Audit events of your subtree, oldest first",
        querystring: z.object({
          after: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          subject: z.string().optional(),
        }),
      },
    },
    async (request) => ({ items: await listAuditEvents(db, principal(request), request.query) }),
  );
}
