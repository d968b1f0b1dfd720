// The plan file (`ssj plan add --file`, `POST /api/v1/plans`): a lock cron, the minutes from
// lock to draw, and the round every firing creates (docs/scheduled-rounds.md).
import { z } from "zod";
import { noticeSchema, relativeWindowSchema, roundParamsSchema } from "../rounds/round-types";

/**
 * The round file minus `number` and `title` (patterns instead) and minus the dated window
 * (days after the firing instead). The seed is always the server's: nobody is in the room
 * when a cron fires, so there are no witnesses to read digits out, and a beacon round cannot
 * be named months ahead. The server seed is committed at lock and revealed at the draw.
 */
export const planTemplateSchema = z
  .object({
    titlePattern: z.string().trim().min(1).max(200),
    numberPattern: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .refine((pattern) => pattern.includes("{seq}"), "numberPattern must contain {seq} (round numbers are unique)"),
    seedSource: z.literal("server", {
      error:
        'a scheduled round draws with a server seed (seedSource "server"): a firing has no witnesses and cannot name a future beacon round',
    }),
    notice: noticeSchema,
    /** The inspection window, counted in days from the firing's date (Asia/Shanghai). */
    window: relativeWindowSchema.nullish(),
    params: roundParamsSchema,
  })
  .strict();
export type PlanTemplate = z.infer<typeof planTemplateSchema>;

export const lockOnRules = ["first-working-day-on-or-after"] as const;
export type LockOn = (typeof lockOnRules)[number];

export const planInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    orgCode: z.string().min(1).nullish(),
    /** Five-field cron of the lock, read in Asia/Shanghai, e.g. "0 9 6 5,11 *". */
    lockCron: z.string().trim().min(9).max(100),
    /**
     * "first-working-day-on-or-after": when a firing falls on a non-working day (the 放假调休
     * calendar), lock on the first working day on or after it, at the same time of day.
     */
    lockOn: z.enum(lockOnRules).nullish(),
    /** Minutes from the lock to the draw (at most 30 days). */
    drawAfterMinutes: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 60),
    template: planTemplateSchema,
  })
  .strict();
export type PlanInput = z.infer<typeof planInputSchema>;
