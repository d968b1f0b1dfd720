import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { departments } from "./departments";
import { inspectionItems } from "./inspection-items";
import { inspectors } from "./inspectors";
import { organizations } from "./organizations";
import { users } from "./users";

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

export const roundStatuses = ["draft", "locked", "drawn", "in_progress", "closed", "cancelled"] as const;
export type RoundStatus = (typeof roundStatuses)[number];

/** An inspection round: planned as a draft, locked (snapshot frozen), drawn, carried out, closed. */
export const rounds = pgTable(
  "rounds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    number: text("number").notNull().unique(),
    title: text("title").notNull(),
    status: text("status", { enum: roundStatuses }).notNull().default("draft"),
    /** ssj-draw/1 params without asOf (set at lock); seed.source is fixed here. */
    params: jsonb("params").notNull(),
    seedSource: text("seed_source", { enum: ["witness", "beacon", "server"] }).notNull(),
    /** The public randomness round a beacon draw uses (a relock names a later one). */
    beaconRound: text("beacon_round"),
    /** {mode: "at-draw"} | {mode: "before-inspection", days} | {mode: "unannounced"} */
    notice: jsonb("notice").notNull(),
    windowStart: date("window_start"),
    windowEnd: date("window_end"),
    /** Rounds imported from the years before the system (history only, never drawn). */
    imported: boolean("imported").notNull().default(false),
    heldOn: date("held_on"),
    planId: uuid("plan_id"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
  },
  (t) => [index("rounds_org").on(t.orgId)],
);

/** One freeze of a round's inputs. A void of a server/beacon draw needs a new lock. */
export const roundLocks = pgTable(
  "round_locks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    seq: integer("seq").notNull(),
    lockedAt: timestamp("locked_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
    lockedBy: text("locked_by").notNull(),
    /** Full ssj-draw/1 params, asOf included. */
    params: jsonb("params").notNull(),
    departmentsHash: text("departments_hash").notNull(),
    inspectorsHash: text("inspectors_hash").notNull(),
    historyHash: text("history_hash").notNull(),
    departmentCount: integer("department_count").notNull(),
    inspectorCount: integer("inspector_count").notNull(),
    historyCount: integer("history_count").notNull(),
    seedCommitment: text("seed_commitment"),
    beaconRound: text("beacon_round"),
    /** The server seed, generated at lock and revealed only in the draw record. */
    serverSeed: text("server_seed"),
    manifestHash: text("manifest_hash").notNull(),
    /** Set when a void sent the round back to be locked again. */
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
  },
  (t) => [unique("round_locks_round_seq").on(t.roundId, t.seq)],
);

/** Content-addressed JSON Lines of snapshot lists, in chunks; identical lists are stored once. */
export const snapshotBlobs = pgTable("snapshot_blobs", {
  hash: text("hash").primaryKey(),
  bytes: bigint("bytes", { mode: "number" }).notNull(),
  lines: integer("lines").notNull(),
  chunks: integer("chunks").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
});

export const snapshotChunks = pgTable(
  "snapshot_chunks",
  {
    hash: text("hash").notNull(),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.hash, t.seq] })],
);

export const drawStatuses = ["pending", "done", "failed", "voided"] as const;
export type DrawStatus = (typeof drawStatuses)[number];

/** Every draw attempt of a round, kept forever; voided ones with who, when and why. */
export const draws = pgTable(
  "draws",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    lockId: uuid("lock_id")
      .notNull()
      .references(() => roundLocks.id),
    kind: text("kind", { enum: ["draw", "supplement"] })
      .notNull()
      .default("draw"),
    /** For a supplement: the draw it completes, and the department/seat. */
    parentDrawId: uuid("parent_draw_id"),
    supplementDepartmentId: uuid("supplement_department_id"),
    supplementN: integer("supplement_n"),
    status: text("status", { enum: drawStatuses }).notNull().default("pending"),
    seedSource: text("seed_source", { enum: ["witness", "beacon", "server"] }).notNull(),
    seedInput: text("seed_input").notNull(),
    requestedBy: text("requested_by").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
    /** The record without its snapshot (the snapshot is in snapshot_blobs, named by hash). */
    record: jsonb("record"),
    resultHash: text("result_hash"),
    recordHash: text("record_hash"),
    drawnAt: timestamp("drawn_at", { withTimezone: true }),
    error: jsonb("error"),
    voidedAt: timestamp("voided_at", { withTimezone: true }),
    voidedBy: text("voided_by"),
    voidReason: text("void_reason"),
  },
  (t) => [
    // One live main draw per round: the guard against double requests and double delivery.
    uniqueIndex("draws_one_live_per_round").on(t.roundId).where(sql`kind = 'draw' and status in ('pending', 'done')`),
    // A seed is used once per lock.
    uniqueIndex("draws_seed_once_per_lock").on(t.lockId, t.seedInput),
    index("draws_round").on(t.roundId),
  ],
);

/** One per drawn department (or imported past inspection). */
export const inspections = pgTable(
  "inspections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    drawId: uuid("draw_id").references(() => draws.id),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    stratum: text("stratum"),
    position: integer("position").notNull(),
    startsOn: date("starts_on"),
    endsOn: date("ends_on"),
    /** When the department may see it (per the round's notice setting); null: not yet. */
    noticeAt: timestamp("notice_at", { withTimezone: true }),
    /** Alternates published by the draw, in order. */
    alternates: text("alternates").array().notNull().default(sql`'{}'::text[]`),
    voided: boolean("voided").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
  },
  (t) => [index("inspections_round").on(t.roundId), index("inspections_department").on(t.departmentId)],
);

export const inspectionMembers = pgTable(
  "inspection_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    inspectionId: uuid("inspection_id")
      .notNull()
      .references(() => inspections.id),
    inspectorId: uuid("inspector_id")
      .notNull()
      .references(() => inspectors.id),
    leader: boolean("leader").notNull().default(false),
    /** Required role tags this member holds. */
    roles: text("roles").array().notNull().default(sql`'{}'::text[]`),
    /** How the seat was filled: draw | alternate | supplement | import */
    source: text("source").notNull(),
    seatedAt: timestamp("seated_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
    declinedAt: timestamp("declined_at", { withTimezone: true }),
    declineReason: text("decline_reason"),
    /** The ssj-draw/1 decline record (with its declineHash): who was passed over, who took the seat. */
    declineRecord: jsonb("decline_record"),
  },
  (t) => [index("inspection_members_inspection").on(t.inspectionId), index("inspection_members_inspector").on(t.inspectorId)],
);

export const evaluationResults = ["合格", "基本合格", "不合格"] as const;

export const evaluations = pgTable(
  "evaluations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    inspectionId: uuid("inspection_id")
      .notNull()
      .references(() => inspections.id),
    itemId: uuid("item_id")
      .notNull()
      .references(() => inspectionItems.id),
    result: text("result", { enum: evaluationResults }).notNull(),
    notes: text("notes"),
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
  },
  (t) => [unique("evaluations_inspection_item").on(t.inspectionId, t.itemId)],
);
