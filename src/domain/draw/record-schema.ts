// The envelope of a record as verify reads it (docs/draw-algorithm.md §9). Snapshot rows and
// the result are checked by the draw itself, not here: a wrong value there is a failed
// check (exit 1), while a record that does not have this shape is malformed (exit 2).
import { z } from "zod";
import { CODE_PATTERN, HEX64 } from "./codes";
import { DRAWN_AT_PATTERN } from "./record-fields";

const hex64 = z.string().regex(HEX64, "must be 64 lowercase hex digits");

export const fingerprintsSchema = z.strictObject({ departmentsHash: hex64, inspectorsHash: hex64, historyHash: hex64 });
const inlineSnapshotSchema = z.strictObject({
  departments: z.array(z.unknown()),
  inspectors: z.array(z.unknown()),
  history: z.array(z.unknown()),
});

export const supplementBasisSchema = z.strictObject({
  originalResultHash: hex64,
  departmentId: z.string().regex(CODE_PATTERN),
  n: z.number().int().min(1),
  members: z.array(z.string().regex(CODE_PATTERN)),
  declined: z.array(z.string().regex(CODE_PATTERN)),
  atCap: z.array(z.string().regex(CODE_PATTERN)),
});

export const recordEnvelopeSchema = z.strictObject({
  algorithm: z.string(),
  engineVersion: z.string().min(1).max(200),
  params: z.record(z.string(), z.unknown()),
  snapshot: z.union([inlineSnapshotSchema, fingerprintsSchema]),
  manifestHash: hex64,
  seedSource: z.enum(["witness", "beacon", "server"]),
  seedInput: z.string().max(10_000),
  masterSeed: hex64,
  result: z.record(z.string(), z.unknown()),
  resultHash: hex64,
  drawnAt: z.string().regex(DRAWN_AT_PATTERN, "must be an ISO instant"),
  drawnBy: z.string().regex(CODE_PATTERN, "must be a user code"),
  recordHash: hex64,
  supplement: supplementBasisSchema.optional(),
});

export type RecordEnvelope = z.infer<typeof recordEnvelopeSchema>;
