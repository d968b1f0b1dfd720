// The columns an import file may have, how a header row maps onto them, and how one row of
// cells becomes a validated registry input (docs/imports.md). Pure: no I/O.
import { z } from "zod";
import { departmentInputSchema, inspectorInputSchema, type DepartmentInput, type InspectorInput } from "../registries/registry-types";
import type { ImportKind } from "./import-types";

export interface ColumnSpec<F extends string> {
  field: F;
  /** The header the documentation and error messages use. */
  label: string;
  /** Other headers accepted for the column, Chinese or English (compared after normalizeHeader). */
  aliases: readonly string[];
  required?: true;
}

export type DepartmentField = keyof DepartmentInput;
export type InspectorField = Exclude<keyof InspectorInput, "homeDepartmentCode"> | "homeDepartment";

export const departmentColumns: readonly ColumnSpec<DepartmentField>[] = [
  { field: "code", label: "单位编码", aliases: ["单位代码", "编码", "code", "department code"], required: true },
  { field: "name", label: "单位名称", aliases: ["名称", "name", "department name"], required: true },
  { field: "kind", label: "单位类别", aliases: ["单位类型", "类别", "kind", "type"], required: true },
  { field: "tags", label: "标签", aliases: ["tags"] },
  { field: "contactName", label: "联系人", aliases: ["contact", "contact name"] },
  { field: "contactPhone", label: "联系电话", aliases: ["contact phone"] },
  { field: "contactEmail", label: "联系邮箱", aliases: ["contact email"] },
  { field: "headName", label: "负责人", aliases: ["head", "head name"] },
  { field: "headPhone", label: "负责人电话", aliases: ["head phone"] },
  { field: "headEmail", label: "负责人邮箱", aliases: ["head email"] },
  { field: "active", label: "状态", aliases: ["status", "active"] },
  { field: "lastInspectedOn", label: "上次检查日期", aliases: ["last inspected on", "last inspected"] },
];

export const inspectorColumns: readonly ColumnSpec<InspectorField>[] = [
  { field: "code", label: "人员编码", aliases: ["编码", "code", "inspector code"], required: true },
  { field: "name", label: "姓名", aliases: ["name"], required: true },
  { field: "homeDepartment", label: "所在单位", aliases: ["home department", "home department code", "department"] },
  { field: "tags", label: "专业领域", aliases: ["标签", "tags"] },
  { field: "title", label: "职务", aliases: ["title"] },
  { field: "status", label: "状态", aliases: ["status"] },
  { field: "conflicts", label: "回避单位", aliases: ["conflicts"] },
  { field: "phone", label: "联系电话", aliases: ["电话", "phone"] },
  { field: "email", label: "邮箱", aliases: ["联系邮箱", "email"] },
];

/**
 * The form headers are compared in: no BOM, no spaces, no required-markers (`*`), no trailing
 * note in brackets (`标签（多个用、分隔）`), lower case, `_`/`-` dropped — so `contact_name`,
 * `Contact Name` and `contactName` are the same column.
 */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .trim()
    .replace(/[（(][^（()）]*[)）]$/u, "")
    .replace(/[\s*_-]+/gu, "")
    .toLowerCase();
}

/** Where each known column sits in the file, or a reason the header row cannot be used. */
export type HeaderMapping<F extends string> = { ok: true; positions: Map<F, number>; ignored: string[] } | { ok: false; message: string };

export function mapHeaders<F extends string>(columns: readonly ColumnSpec<F>[], headers: readonly string[]): HeaderMapping<F> {
  const byName = new Map<string, ColumnSpec<F>>();
  for (const column of columns) {
    for (const name of [column.label, column.field, ...column.aliases]) byName.set(normalizeHeader(name), column);
  }
  const positions = new Map<F, number>();
  const ignored: string[] = [];
  for (const [index, header] of headers.entries()) {
    const column = byName.get(normalizeHeader(header));
    if (!column) {
      if (header.trim() !== "") ignored.push(header.trim());
      continue;
    }
    if (positions.has(column.field))
      return { ok: false, message: `the column ${column.label} (${column.field}) appears twice in the header row` };
    positions.set(column.field, index);
  }
  const missing = columns.filter((column) => column.required && !positions.has(column.field));
  if (missing.length > 0) {
    const names = missing.map((column) => `${column.label} (${column.field})`).join(", ");
    return {
      ok: false,
      message: `the header row lacks the required column${missing.length > 1 ? "s" : ""} ${names}; the first row must name the columns (see docs/imports.md)`,
    };
  }
  return { ok: true, positions, ignored };
}

export type RowResult<T> = { ok: true; value: T } | { ok: false; code?: string; messages: string[] };

export type StagedDepartment = DepartmentInput;
/** An inspector row; `homeDepartment` is a department code or exact name, resolved against the database later. */
export type StagedInspector = Omit<InspectorInput, "homeDepartmentCode"> & { homeDepartment: string | null };

/** Turns the cells of one department row into a validated input. */
export function parseDepartmentRow(positions: ReadonlyMap<DepartmentField, number>, cells: readonly string[]): RowResult<StagedDepartment> {
  const read = cellReader(positions, cells);
  const messages: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const column of departmentColumns) raw[column.field] = read(column.field);
  raw.tags = splitList(read("tags"));
  raw.active = parseActive(read("active"), messages);
  raw.lastInspectedOn = parseDate(read("lastInspectedOn"), messages);
  return finish(departmentInputSchema, departmentColumns, raw, messages, read.nulMessages);
}

/** Turns the cells of one inspector row into a validated input (the home department still unresolved). */
export function parseInspectorRow(positions: ReadonlyMap<InspectorField, number>, cells: readonly string[]): RowResult<StagedInspector> {
  const read = cellReader(positions, cells);
  const messages: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const column of inspectorColumns) raw[column.field] = read(column.field);
  raw.tags = parseInspectorTags(read("tags"), messages);
  raw.status = parseInspectorStatus(read("status"), messages);
  raw.conflicts = splitList(read("conflicts"));
  const home = read("homeDepartment");
  if (home !== undefined && home.length > 200) messages.push("所在单位: at most 200 characters");
  return finish(stagedInspectorSchema, inspectorColumns, raw, messages, read.nulMessages);
}

const stagedInspectorSchema = inspectorInputSchema.omit({ homeDepartmentCode: true }).extend({
  homeDepartment: z
    .string()
    .optional()
    .transform((value) => value ?? null),
});

/** Inspector skills (专业领域) as written on Chinese forms, and the tags the draw uses. */
export const inspectorTagNames: Readonly<Record<string, string>> = {
  法律: "legal",
  财务: "finance",
  编制: "staffing",
  纪检: "discipline",
  审计: "audit",
  组长: "leader",
};

const activeWords = new Map<string, boolean>([
  ...["在用", "启用", "正常", "active", "true", "yes", "y", "是", "1"].map((word) => [word, true] as const),
  ...["停用", "禁用", "撤销", "inactive", "false", "no", "n", "否", "0"].map((word) => [word, false] as const),
]);

const inspectorStatusWords = new Map<string, InspectorInput["status"]>([
  ["在岗", "active"],
  ["active", "active"],
  ["请假", "on-leave"],
  ["休假", "on-leave"],
  ["on-leave", "on-leave"],
  ["onleave", "on-leave"],
  ["退休", "retired"],
  ["retired", "retired"],
]);

type CellReader<F extends string> = ((field: F) => string | undefined) & { nulMessages: string[] };

/** Reads a cell by field: trimmed, and undefined when empty or when the file lacks the column. */
export function cellReader<F extends string>(positions: ReadonlyMap<F, number>, cells: readonly string[]): CellReader<F> {
  const nulMessages: string[] = [];
  const read = (field: F): string | undefined => {
    const position = positions.get(field);
    if (position === undefined) return undefined;
    const value = cells[position]?.trim();
    if (!value) return undefined;
    if (value.includes("\u0000")) {
      nulMessages.push(`${field}: contains a NUL character`);
      return undefined;
    }
    return value;
  };
  return Object.assign(read, { nulMessages });
}

/** Lists in one cell: separated by ; ； , ， 、 or white space. */
export function splitList(cell: string | undefined): string[] {
  if (cell === undefined) return [];
  return cell.split(/[;；,，、\s]+/u).filter((item) => item !== "");
}

function parseActive(cell: string | undefined, messages: string[]): boolean {
  if (cell === undefined) return true;
  const value = activeWords.get(cell.toLowerCase());
  if (value === undefined) {
    messages.push(`状态: '${cell}' is neither 在用 (active) nor 停用 (inactive)`);
    return true;
  }
  return value;
}

function parseInspectorStatus(cell: string | undefined, messages: string[]): InspectorInput["status"] {
  if (cell === undefined) return "active";
  const value = inspectorStatusWords.get(cell.toLowerCase());
  if (value === undefined) {
    messages.push(`状态: '${cell}' is not 在岗 (active), 请假 (on-leave) or 退休 (retired)`);
    return "active";
  }
  return value;
}

function parseInspectorTags(cell: string | undefined, messages: string[]): string[] {
  const tags: string[] = [];
  for (const item of splitList(cell)) {
    const tag = inspectorTagNames[item] ?? item;
    if (!/^[\x21-\x7e]+$/.test(tag)) {
      messages.push(`专业领域: unknown '${item}' (use ${Object.keys(inspectorTagNames).join("、")} or an ASCII tag)`);
      continue;
    }
    tags.push(tag);
  }
  return tags;
}

/** YYYY-MM-DD; also the YYYY/M/D and YYYY.M.D forms Chinese spreadsheets write. */
function parseDate(cell: string | undefined, messages: string[]): string | undefined {
  if (cell === undefined) return undefined;
  const date = sheetDate(cell);
  if (date === null) {
    messages.push(`上次检查日期: '${cell}' is not a date (YYYY-MM-DD)`);
    return undefined;
  }
  return date;
}

/** A date cell as YYYY-MM-DD (from YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日), or null when it is none of these. */
export function sheetDate(cell: string): string | null {
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u.exec(cell);
  if (!match) return null;
  const [, year, month, day] = match;
  return `${year}-${month?.padStart(2, "0")}-${day?.padStart(2, "0")}`;
}

function finish<T, F extends string>(
  schema: z.ZodType<T>,
  columns: readonly ColumnSpec<F>[],
  raw: Record<string, unknown>,
  messages: string[],
  nulMessages: string[],
): RowResult<T> {
  const code = typeof raw.code === "string" ? raw.code : undefined;
  const result = schema.safeParse(raw);
  const all = [...nulMessages, ...messages];
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? "");
      const column = columns.find((candidate) => candidate.field === field);
      const label = column ? column.label : field;
      all.push(raw[field] === undefined ? `${label} is required` : `${label}: ${issue.message}`);
    }
  }
  if (all.length > 0 || !result.success) return { ok: false, ...(code === undefined ? {} : { code }), messages: all };
  return { ok: true, value: result.data };
}

export function columnsOf(kind: ImportKind): readonly ColumnSpec<string>[] {
  return kind === "departments" ? departmentColumns : inspectorColumns;
}
