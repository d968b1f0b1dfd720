import { z } from "zod";
import { createOrg, listOrgs, newOrgSchema } from "../../services/orgs/org-service";
import { allRoles, principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../deps";

export function orgRoutes(api: Api, { database: { db } }: AppDeps): void {
  api.get("/me", { config: { roles: allRoles }, schema: { tags: ["auth"], summary: "Who the token belongs to" } }, async (request) => {
    const me = principal(request);
    return { actor: me.actor, role: me.role, orgPath: me.orgPath };
  });

  api.get(
    "/orgs",
    { config: { roles: allRoles }, schema: { tags: ["organizations"], summary: "Organizations in your subtree" } },
    async (request) => ({
      items: await listOrgs(db, principal(request)),
    }),
  );

  api.post(
    "/orgs",
    {
      config: { roles: ["admin"] },
      schema: {
        tags: ["organizations"],
        summary: "Add an organization below one of yours",
        body: newOrgSchema.extend({ parentCode: z.string().min(1) }),
      },
    },
    async (request, reply) => reply.status(201).send(await createOrg(db, principal(request), request.body)),
  );
}
