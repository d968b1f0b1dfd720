import { z } from "zod";
import { severities } from "../../domain/severities";

export const findingInputSchema = z.object({
  itemCode: z.string().trim().min(1).max(64),
  description: z.string().trim().min(2).max(5000),
  severity: z.enum(severities),
  /** References to evidence kept elsewhere (file numbers, photo ids, links). */
  evidence: z.array(z.string().trim().min(1).max(500)).max(100).default([]),
  /** Working days to rectify; default by severity from config/policy.json. */
  rectifyDays: z.number().int().min(1).max(365).nullish(),
});
export type FindingInput = z.infer<typeof findingInputSchema>;

export const reportInputSchema = z.object({
  content: z.string().trim().min(2).max(20000),
  attachments: z.array(z.string().trim().min(1).max(500)).max(100).default([]),
});

export const reviewInputSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("accept"), reason: z.string().trim().max(2000).nullish() }),
  z.object({ decision: z.literal("reject"), reason: z.string().trim().min(2).max(2000) }),
]);

export const extensionInputSchema = z.object({
  /** Working days from today's count start; the new deadline is a new version. */
  workingDays: z.number().int().min(1).max(365),
  reason: z.string().trim().min(2).max(2000),
});

export const withdrawInputSchema = z.object({ reason: z.string().trim().min(2).max(2000) });

export const findingFilterSchema = z.object({
  status: z.enum(["recorded", "issued", "submitted", "accepted", "withdrawn"]).optional(),
  roundId: z.uuid().optional(),
  departmentCode: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
