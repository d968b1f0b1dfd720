// Departments, inspectors (人才库) and inspection items (抽查事项清单).
import { z } from "zod";
import { inspectorStatuses } from "../../domain/inspector-statuses";
import { orgForWrite } from "../../services/orgs/org-service";
import { createDepartment, getDepartment, listDepartments, updateDepartment } from "../../services/registries/department-service";
import { createInspector, getInspector, listInspectors, updateInspector } from "../../services/registries/inspector-service";
import { createItem, listItems, updateItem } from "../../services/registries/item-service";
import {
  codeSchema,
  departmentInputSchema,
  departmentPatchSchema,
  inspectorInputSchema,
  inspectorPatchSchema,
  itemInputSchema,
  itemPatchSchema,
} from "../../services/registries/registry-types";
import { allRoles, principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../deps";

const editors = ["admin", "supervisor"] as const;
const poolReaders = ["admin", "supervisor", "discipline", "viewer"] as const;
const page = { limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) };
const withOrg = { orgCode: z.string().min(1).nullish() };
const codeParam = z.object({ code: codeSchema });

export function registryRoutes(api: Api, { database: { db } }: AppDeps): void {
  api.get(
    "/departments",
    {
      config: { roles: allRoles },
      schema: {
        tags: ["registries"],
        summary: "Departments in your subtree (a department user sees its own)",
        querystring: z.object({
          ...page,
          active: z
            .enum(["true", "false"])
            .transform((v) => v === "true")
            .optional(),
          tag: z.string().optional(),
        }),
      },
    },
    async (request) => listDepartments(db, principal(request), request.query),
  );
  api.get("/departments/:code", { config: { roles: allRoles }, schema: { tags: ["registries"], params: codeParam } }, async (request) =>
    getDepartment(db, principal(request), request.params.code),
  );
  api.post(
    "/departments",
    { config: { roles: editors }, schema: { tags: ["registries"], body: departmentInputSchema.extend(withOrg) } },
    async (request, reply) => {
      const { orgCode, ...input } = request.body;
      const org = await orgForWrite(db, principal(request), orgCode);
      return reply.status(201).send(await createDepartment(db, principal(request), org, input));
    },
  );
  api.patch(
    "/departments/:code",
    {
      config: { roles: editors },
      schema: {
        tags: ["registries"],
        summary: "Change a department; a new name keeps the code and is added to its name history",
        params: codeParam,
        body: departmentPatchSchema,
      },
    },
    async (request) => updateDepartment(db, principal(request), request.params.code, request.body),
  );

  api.get(
    "/inspectors",
    {
      config: { roles: poolReaders },
      schema: {
        tags: ["registries"],
        summary: "The talent pool (人才库) of your subtree",
        querystring: z.object({ ...page, status: z.enum(inspectorStatuses).optional(), tag: z.string().optional() }),
      },
    },
    async (request) => listInspectors(db, principal(request), request.query),
  );
  api.get("/inspectors/:code", { config: { roles: poolReaders }, schema: { tags: ["registries"], params: codeParam } }, async (request) =>
    getInspector(db, principal(request), request.params.code),
  );
  api.post(
    "/inspectors",
    { config: { roles: editors }, schema: { tags: ["registries"], body: inspectorInputSchema.extend(withOrg) } },
    async (request, reply) => {
      const { orgCode, ...input } = request.body;
      const org = await orgForWrite(db, principal(request), orgCode);
      return reply.status(201).send(await createInspector(db, principal(request), org, input));
    },
  );
  api.patch(
    "/inspectors/:code",
    { config: { roles: editors }, schema: { tags: ["registries"], params: codeParam, body: inspectorPatchSchema } },
    async (request) => updateInspector(db, principal(request), request.params.code, request.body),
  );

  api.get(
    "/items",
    { config: { roles: allRoles }, schema: { tags: ["registries"], summary: "Inspection items (抽查事项清单)" } },
    async (request) => ({
      items: await listItems(db, principal(request)),
    }),
  );
  api.post(
    "/items",
    { config: { roles: editors }, schema: { tags: ["registries"], body: itemInputSchema.extend(withOrg) } },
    async (request, reply) => {
      const { orgCode, ...input } = request.body;
      const org = await orgForWrite(db, principal(request), orgCode);
      return reply.status(201).send(await createItem(db, principal(request), org, input));
    },
  );
  api.patch(
    "/items/:code",
    {
      config: { roles: editors },
      schema: { tags: ["registries"], params: codeParam, querystring: z.object(withOrg), body: itemPatchSchema },
    },
    async (request) => {
      const org = await orgForWrite(db, principal(request), request.query.orgCode);
      return updateItem(db, principal(request), org, request.params.code, request.body);
    },
  );
}
