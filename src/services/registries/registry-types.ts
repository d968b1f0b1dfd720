// Input shapes of the registries, shared by the API, the CLI and the file importers.
import { z } from "zod";
import { inspectorStatuses } from "../../domain/inspector-statuses";

/** Ids a draw sees: ASCII, as ssj-draw/1 requires. */
export const codeSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "a code is 1–64 ASCII letters, digits, '.', '_' or '-'");
/** Tags are codes too (ssj-draw/1): a draw refuses a snapshot line with any other character. */
export const tagSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "a tag is 1–64 ASCII letters, digits, '.', '_' or '-'");
const optionalText = z.string().trim().max(200).nullish();
const dateSchema = z.iso.date();

/** Sorted, without duplicates: the form a snapshot keeps (DESIGN.md, ssj-draw/1). */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags)].sort();
}

const tagList = z.array(tagSchema).transform(normalizeTags);
const codeList = z.array(codeSchema).transform(normalizeTags);

// Patches are built from the fields without defaults: a field left out is left alone.
const departmentFields = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.string().trim().min(1).max(50),
  tags: tagList,
  contactName: optionalText,
  contactPhone: optionalText,
  contactEmail: optionalText,
  headName: optionalText,
  headPhone: optionalText,
  headEmail: optionalText,
  active: z.boolean(),
  lastInspectedOn: dateSchema.nullish(),
});
export const departmentInputSchema = departmentFields.extend({
  code: codeSchema,
  tags: tagList.default([]),
  active: z.boolean().default(true),
});
export type DepartmentInput = z.infer<typeof departmentInputSchema>;
export const departmentPatchSchema = departmentFields.partial();
export type DepartmentPatch = z.infer<typeof departmentPatchSchema>;

const inspectorFields = z.object({
  name: z.string().trim().min(1).max(100),
  homeDepartmentCode: codeSchema.nullish(),
  tags: tagList,
  title: optionalText,
  status: z.enum(inspectorStatuses),
  conflicts: codeList,
  phone: optionalText,
  email: optionalText,
});
export const inspectorInputSchema = inspectorFields.extend({
  code: codeSchema,
  tags: tagList.default([]),
  status: z.enum(inspectorStatuses).default("active"),
  conflicts: codeList.default([]),
});
export type InspectorInput = z.infer<typeof inspectorInputSchema>;
export const inspectorPatchSchema = inspectorFields.partial();
export type InspectorPatch = z.infer<typeof inspectorPatchSchema>;

const itemFields = z.object({
  name: z.string().trim().min(1).max(200),
  legalBasis: optionalText,
  method: optionalText,
  active: z.boolean(),
});
export const itemInputSchema = itemFields.extend({ code: codeSchema, active: z.boolean().default(true) });
export type ItemInput = z.infer<typeof itemInputSchema>;
export const itemPatchSchema = itemFields.partial();
