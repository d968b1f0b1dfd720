// Rounds, locks, draws and records.
import { z } from "zod";
import { orgForWrite } from "../../services/orgs/org-service";
import { assertSnapshotListInScope, drawRecord, findDraw, inlineRecord, voidDraw } from "../../services/rounds/draw-service";
import { createRound, listDraws, lockRound, requestDraw, setRoundStatus } from "../../services/rounds/round-service";
import { drawRequestSchema, roundInputSchema, voidSchema } from "../../services/rounds/round-types";
import { listRounds, roundView } from "../../services/rounds/round-view";
import { readSnapshotList } from "../../services/rounds/snapshot-store";
import { NotFoundError } from "../../errors";
import { principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../deps";

const planners = ["admin", "supervisor"] as const;
const readers = ["admin", "supervisor", "discipline", "viewer"] as const;
const recordReaders = ["admin", "supervisor", "discipline"] as const;
const idParam = z.object({ id: z.uuid() });
/** Above this many snapshot lines the record links its JSON Lines files instead of inlining them. */
const INLINE_LIMIT = 100_000;

export function roundRoutes(api: Api, deps: AppDeps): void {
  const { database } = deps;
  const { db } = database;

  api.post(
    "/rounds",
    {
      config: { roles: planners },
      schema: {
        tags: ["rounds"],
        summary: "Plan a round (a draft; shows eligible counts per stratum, never a draw)",
        body: roundInputSchema,
      },
    },
    async (request, reply) => {
      const org = await orgForWrite(db, principal(request), request.body.orgCode);
      return reply.status(201).send(await createRound(database, principal(request), org, request.body));
    },
  );
  api.get("/rounds", { config: { roles: readers }, schema: { tags: ["rounds"] } }, async (request) => ({
    items: await listRounds(db, principal(request)),
  }));
  api.get("/rounds/:id", { config: { roles: readers }, schema: { tags: ["rounds"], params: idParam } }, async (request) =>
    roundView(database, principal(request), request.params.id),
  );
  api.post(
    "/rounds/:id/lock",
    {
      config: { roles: planners },
      schema: {
        tags: ["rounds"],
        summary: "Freeze the snapshot and publish the manifest hash",
        params: idParam,
        body: z.object({ beaconRound: z.string().nullish() }).nullish(),
      },
    },
    async (request) =>
      lockRound(database, principal(request), request.params.id, { beaconRound: request.body?.beaconRound ?? null }).then(
        ({ serverSeed: _secret, ...lock }) => lock,
      ),
  );
  api.post(
    "/rounds/:id/draws",
    {
      config: { roles: planners },
      schema: { tags: ["rounds"], summary: "Request the draw; it runs as a job (202)", params: idParam, body: drawRequestSchema },
    },
    async (request, reply) => {
      const draw = await requestDraw(db, principal(request), request.params.id, request.body, deps.drawWaker);
      return reply.status(202).send({ drawId: draw.id, status: draw.status });
    },
  );
  api.get(
    "/rounds/:id/draws",
    {
      config: { roles: readers },
      schema: { tags: ["rounds"], summary: "Every lock and draw attempt, voided ones with who, when and why", params: idParam },
    },
    async (request) => listDraws(db, principal(request), request.params.id),
  );
  api.post(
    "/rounds/:id/status",
    {
      config: { roles: planners },
      schema: {
        tags: ["rounds"],
        summary: "Start, close or cancel a round",
        params: idParam,
        body: z.object({ to: z.enum(["in_progress", "closed", "cancelled"]) }),
      },
    },
    async (request) => setRoundStatus(db, principal(request), request.params.id, request.body.to),
  );

  api.get("/draws/:id", { config: { roles: readers }, schema: { tags: ["rounds"], params: idParam } }, async (request) => {
    const { draw } = await findDraw(db, principal(request), request.params.id);
    const { record: _record, seedInput: _seed, ...rest } = draw;
    return rest;
  });
  api.post(
    "/draws/:id/void",
    {
      config: { roles: planners },
      schema: { tags: ["rounds"], summary: "Void a draw with a reason (it stays listed)", params: idParam, body: voidSchema },
    },
    async (request) =>
      voidDraw(db, principal(request), request.params.id, request.body.reason).then(({ record: _record, ...rest }) => rest),
  );
  api.get(
    "/draws/:id/record",
    {
      config: { roles: recordReaders },
      schema: {
        tags: ["rounds"],
        summary: "The draw record, which `ssj draw verify` checks offline; large snapshots are linked as JSON Lines files",
        params: idParam,
        querystring: z.object({ inline: z.enum(["true", "false"]).optional() }),
      },
    },
    async (request) => {
      const exported = await drawRecord(db, principal(request), request.params.id);
      const lines = exported.lists.reduce((sum, list) => sum + list.lines, 0);
      const inline = request.query.inline ? request.query.inline === "true" : lines <= INLINE_LIMIT;
      if (inline) return inlineRecord(db, exported);
      return {
        ...exported.record,
        files: exported.lists.map((list) => ({ ...list, file: `${list.hash}.jsonl`, url: `/api/v1/snapshots/${list.hash}.jsonl` })),
      };
    },
  );
  api.get(
    "/snapshots/:file",
    {
      config: { roles: recordReaders },
      schema: {
        tags: ["rounds"],
        summary: "A snapshot list as JSON Lines, named by its SHA-256",
        params: z.object({ file: z.string().regex(/^[0-9a-f]{64}\.jsonl$/) }),
      },
    },
    async (request, reply) => {
      const hash = request.params.file.slice(0, 64);
      await assertSnapshotListInScope(db, principal(request), hash);
      const chunks = readSnapshotList(db, hash);
      const first = await chunks.next().catch(() => {
        throw new NotFoundError(`no snapshot list ${hash}`);
      });
      async function* all() {
        if (!first.done) yield first.value;
        yield* chunks;
      }
      return reply.type("application/x-ndjson").send(all());
    },
  );
}
