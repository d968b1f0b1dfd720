// Validation of params (docs/draw-algorithm.md §2): strict, so nothing outside the spec
// can ride along in a manifest, with one message per problem naming the field.
import { z } from "zod";
import { CODE_PATTERN } from "./codes";
import { isIsoDate } from "./dates";
import { DrawInputError } from "./errors";
import type { Params } from "./types";

const code = z.string().regex(CODE_PATTERN, "must be a code of 1–64 characters from A–Z a–z 0–9 . _ -");
const count = (min: number) => z.number().int().min(min).max(1_000_000_000);
// A name goes into a purpose string; control characters could hide a second name in a log.
const label = z
  .string()
  .min(1)
  .max(64)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the rule refuses control characters
  .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters");
const date = z.string().refine(isIsoDate, "must be a calendar date YYYY-MM-DD");

const RATIO_PATTERN = /^(0\.\d{1,4}|1(\.0{1,4})?)$/;

const stratumBase = { name: label, allOf: z.array(code).max(64) };
const stratum = z.union([
  z.strictObject({ ...stratumBase, count: count(1) }),
  z.strictObject({
    ...stratumBase,
    ratio: z
      .string()
      .regex(RATIO_PATTERN, 'must be a decimal string in (0, 1] with at most 4 decimals, e.g. "0.05"')
      .refine((r) => /[1-9]/.test(r), "must be greater than 0"),
  }),
]);

export const paramsSchema = z
  .strictObject({
    asOf: date,
    seed: z.strictObject({
      source: z.enum(["witness", "beacon", "server"]),
      beaconRound: label.optional(),
    }),
    strata: z.array(stratum).min(1).max(1000),
    exclusions: z.strictObject({
      inspectedWithinDays: count(1).nullable(),
      inspectedThisYear: z.boolean(),
    }),
    team: z.strictObject({
      size: count(1).max(100),
      roles: z.array(z.strictObject({ tag: code, min: count(1) })).max(32),
      capPerInspector: count(1).nullable(),
      recusalDays: count(0),
      alternates: count(0).max(100),
    }),
    items: z.array(z.string().min(1).max(200)).max(1000),
  })
  .superRefine((p, ctx) => {
    const names = new Set<string>();
    p.strata.forEach((s, i) => {
      if (names.has(s.name)) ctx.addIssue({ code: "custom", path: ["strata", i, "name"], message: `duplicate stratum name "${s.name}"` });
      names.add(s.name);
      if (new Set(s.allOf).size !== s.allOf.length)
        ctx.addIssue({ code: "custom", path: ["strata", i, "allOf"], message: "tags must be unique" });
    });
    const tags = new Set<string>();
    p.team.roles.forEach((r, i) => {
      if (tags.has(r.tag)) ctx.addIssue({ code: "custom", path: ["team", "roles", i, "tag"], message: `duplicate role "${r.tag}"` });
      tags.add(r.tag);
      if (r.min > p.team.size)
        ctx.addIssue({ code: "custom", path: ["team", "roles", i, "min"], message: `min ${r.min} exceeds team size ${p.team.size}` });
    });
    if ((p.seed.source === "beacon") !== (p.seed.beaconRound !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["seed", "beaconRound"], message: "is required with source beacon and only then" });
    }
  });

export type ParamsCheck = { ok: true; params: Params } | { ok: false; issues: string[] };

export function checkParams(input: unknown): ParamsCheck {
  const parsed = paramsSchema.safeParse(input);
  if (parsed.success) return { ok: true, params: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map(
      (i) => `params${i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}: ${i.message}`,
    ),
  };
}

/** Returns valid params or throws DrawInputError listing every problem. */
export function parseParams(input: unknown): Params {
  const checked = checkParams(input);
  if (!checked.ok) throw new DrawInputError(checked.issues[0] ?? "invalid params", checked.issues);
  return checked.params;
}
