// The round file (`ssj round create --file`, `POST /api/v1/rounds`).
import { z } from "zod";
import { addDays } from "../../domain/calendar/dates";

export const noticeSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("at-draw") }),
  z.object({ mode: z.literal("before-inspection"), days: z.number().int().min(0).max(365) }),
  z.object({ mode: z.literal("unannounced") }),
]);
export type Notice = z.infer<typeof noticeSchema>;

/** ssj-draw/1 params without asOf and seed: the lock sets asOf, the round fixes the seed source. */
export const roundParamsSchema = z.object({
  strata: z.array(z.unknown()).min(1),
  exclusions: z.unknown(),
  team: z.unknown(),
  items: z.array(z.string()),
});

/** The inspection window as dates. */
export const datedWindowSchema = z
  .object({ start: z.iso.date(), end: z.iso.date() })
  .strict()
  .refine((w) => w.start <= w.end, "window.start must not be after window.end");

/**
 * The inspection window in days from a day: a plan's firing, or — in a round file — the day the
 * round is created (Asia/Shanghai). `startAfterDays: 10, days: 12` starts 10 days after it and
 * lasts 12 days, both ends included.
 */
export const relativeWindowSchema = z
  .object({ startAfterDays: z.number().int().min(0).max(365), days: z.number().int().min(1).max(365) })
  .strict();
export type RelativeWindow = z.infer<typeof relativeWindowSchema>;

/** The dates of a relative window counted from `from`; a dated window as it is. */
export function resolveWindow(
  window: z.infer<typeof datedWindowSchema> | RelativeWindow | null | undefined,
  from: string,
): { start: string; end: string } | null {
  if (!window) return null;
  if ("start" in window) return window;
  const start = addDays(from, window.startAfterDays);
  return { start, end: addDays(start, window.days - 1) };
}

export const seedSourceSchema = z.enum(["witness", "beacon", "server"]);

export const roundInputSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    number: z.string().trim().min(1).max(100),
    orgCode: z.string().min(1).nullish(),
    seedSource: seedSourceSchema,
    /** The public randomness round a beacon draw will use. */
    beaconRound: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/)
      .nullish(),
    notice: noticeSchema,
    /** Dates, or days from the day the round is created (stored as dates). */
    window: z.union([datedWindowSchema, relativeWindowSchema]).nullish(),
    params: roundParamsSchema,
  })
  .refine((r) => (r.seedSource === "beacon") === Boolean(r.beaconRound), {
    message: "beaconRound is required for a beacon round, and only then",
    path: ["beaconRound"],
  });
export type RoundInput = z.infer<typeof roundInputSchema>;

export const drawRequestSchema = z.object({
  seedSource: seedSourceSchema.nullish(),
  seed: z.string().max(200).nullish(),
});

export const voidSchema = z.object({ reason: z.string().trim().min(2).max(1000) });

/** Lets the entry point wake a worker at once instead of at the next reconcile sweep. */
export interface DrawWaker {
  drawRequested(drawId: string): Promise<void>;
}
