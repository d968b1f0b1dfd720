// Requests on inspections (`/api/v1/inspections…`, `ssj inspection …`): validated at the boundary.
import { z } from "zod";
import { evaluationResults } from "../../db/schema";

export const inspectionListQuerySchema = z.object({
  roundId: z.uuid().optional(),
});

export const evaluationInputSchema = z.object({
  /** 合格 | 基本合格 | 不合格 */
  result: z.enum(evaluationResults),
  notes: z.string().trim().max(4000).nullish(),
});
export type EvaluationInput = z.infer<typeof evaluationInputSchema>;

export const itemCodeSchema = z.string().trim().min(1).max(64);

export const inspectionDatesSchema = z
  .object({
    startsOn: z.iso.date().nullish(),
    endsOn: z.iso.date().nullish(),
  })
  .refine((d) => d.startsOn !== undefined || d.endsOn !== undefined, "give startsOn, endsOn or both");
export type InspectionDates = z.infer<typeof inspectionDatesSchema>;

export const declineInputSchema = z.object({
  /** The member who declines; an inspector declining their own seat may leave it out. */
  inspectorCode: z.string().trim().min(1).max(64).nullish(),
  reason: z.string().trim().min(2).max(1000),
  /** Alternates known to be unavailable since the draw (supervisor only); on-leave and retired ones are added anyway. */
  unavailable: z.array(z.string().trim().min(1).max(64)).max(100).nullish(),
});
export type DeclineInput = z.infer<typeof declineInputSchema>;

export const supplementInputSchema = z.object({
  /** A new witness reading: at least 20 decimal digits, spaces ignored. */
  seed: z.string().trim().min(1).max(200),
});
export type SupplementInput = z.infer<typeof supplementInputSchema>;
