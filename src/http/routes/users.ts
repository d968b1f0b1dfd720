import { z } from "zod";
import { addUser, issueToken, listUsers, newUserSchema, revokeTokens } from "../../services/users/user-service";
import { principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../deps";

const nameParam = z.object({ name: z.string().min(1) });

export function userRoutes(api: Api, { database: { db }, tokenTtlDays }: AppDeps): void {
  api.get("/users", { config: { roles: ["admin"] }, schema: { tags: ["auth"] } }, async (request) => ({
    items: await listUsers(db, principal(request)),
  }));
  api.post("/users", { config: { roles: ["admin"] }, schema: { tags: ["auth"], body: newUserSchema } }, async (request, reply) =>
    reply.status(201).send(await addUser(db, principal(request), request.body)),
  );
  api.post(
    "/users/:name/tokens",
    { config: { roles: ["admin"] }, schema: { tags: ["auth"], summary: "Issue a new bearer token (shown once)", params: nameParam } },
    async (request, reply) => reply.status(201).send(await issueToken(db, principal(request), request.params.name, tokenTtlDays)),
  );
  api.post(
    "/users/:name/revoke",
    { config: { roles: ["admin"] }, schema: { tags: ["auth"], summary: "Revoke every token of a user", params: nameParam } },
    async (request) => ({
      revoked: await revokeTokens(db, principal(request), request.params.name),
    }),
  );
}
