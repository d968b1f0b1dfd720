// Inspections: teams, dates, evaluations, declines (替补) and supplementary draws.
// Object-level visibility is the service's (inspection-access.ts): what a role may not see is a 404.
import { z } from "zod";
import { getInspection, listInspections, setEvaluation, setInspectionDates } from "../../services/inspections/inspection-service";
import {
  declineInputSchema,
  evaluationInputSchema,
  inspectionDatesSchema,
  inspectionListQuerySchema,
  itemCodeSchema,
  supplementInputSchema,
} from "../../services/inspections/inspection-types";
import { declineInspectionSeat, drawSupplement } from "../../services/inspections/seat-service";
import { principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../deps";

const readers = ["admin", "supervisor", "inspector", "department", "discipline", "viewer"] as const;
const evaluators = ["admin", "supervisor", "inspector"] as const;
const managers = ["admin", "supervisor"] as const;
const idParam = z.object({ id: z.uuid() });

export function inspectionRoutes(api: Api, deps: AppDeps): void {
  const { database } = deps;
  const { db } = database;

  api.get(
    "/inspections",
    {
      config: { roles: readers },
      schema: {
        tags: ["inspections"],
        summary: "Inspections you may see: staff their subtree, an inspector own teams, a department its own once noticed",
        querystring: inspectionListQuerySchema,
      },
    },
    async (request) => ({ items: await listInspections(db, principal(request), request.query) }),
  );
  api.get(
    "/inspections/:id",
    {
      config: { roles: readers },
      schema: {
        tags: ["inspections"],
        summary: "One inspection: team, dates, evaluations, declines and supplements (404 when not yours to see)",
        params: idParam,
      },
    },
    async (request) => getInspection(db, principal(request), request.params.id),
  );
  api.put(
    "/inspections/:id/evaluations/:itemCode",
    {
      config: { roles: evaluators },
      schema: {
        tags: ["inspections"],
        summary: "Set an item's evaluation (合格 / 基本合格 / 不合格): a seated member, a supervisor or an admin",
        params: z.object({ id: z.uuid(), itemCode: itemCodeSchema }),
        body: evaluationInputSchema,
      },
    },
    async (request) => setEvaluation(db, principal(request), request.params.id, request.params.itemCode, request.body),
  );
  api.patch(
    "/inspections/:id",
    {
      config: { roles: managers },
      schema: {
        tags: ["inspections"],
        summary: "Set the inspection's dates (a notice not yet given moves with the first day)",
        params: idParam,
        body: inspectionDatesSchema,
      },
    },
    async (request) => setInspectionDates(db, principal(request), request.params.id, request.body),
  );
  api.post(
    "/inspections/:id/declines",
    {
      config: { roles: evaluators },
      schema: {
        tags: ["inspections"],
        summary:
          "Decline a seat with a reason: the first qualifying published alternate takes it; if none qualifies, replacement is null and the seat stays open (201 either way)",
        params: idParam,
        body: declineInputSchema,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await declineInspectionSeat(database, principal(request), request.params.id, request.body)),
  );
  api.post(
    "/inspections/:id/supplements",
    {
      config: { roles: managers },
      schema: {
        tags: ["inspections"],
        summary: "Supplementary draw for an open seat under a new witness seed (runs inline; a reused seed is 409)",
        params: idParam,
        body: supplementInputSchema,
      },
    },
    async (request, reply) => reply.status(201).send(await drawSupplement(database, principal(request), request.params.id, request.body)),
  );
}
