// The columns of a history file (docs/history.md): one row per (round,
// department). Pure: header mapping and the parsing of one row.
import { z } from "zod";
import { cellReader, sheetDate, splitList, type ColumnSpec, type RowResult } from "../imports/import-columns";
import { codeSchema } from "../registries/registry-types";

export type HistoryField = "number" | "heldOn" | "title" | "departmentCode" | "members" | "leader";

export const historyColumns: readonly ColumnSpec<HistoryField>[] = [
  { field: "number", label: "文号", aliases: ["轮次文号", "文件编号", "number", "round number", "round"], required: true },
  { field: "heldOn", label: "日期", aliases: ["检查日期", "date", "held on", "heldon"], required: true },
  { field: "title", label: "标题", aliases: ["轮次名称", "title"] },
  { field: "departmentCode", label: "单位编码", aliases: ["单位代码", "被检查单位编码", "department", "department code"], required: true },
  { field: "members", label: "检查组成员", aliases: ["组员", "检查人员", "members", "inspectors", "team"] },
  { field: "leader", label: "组长", aliases: ["leader"] },
];

/** One past inspection: a department a past round inspected, and who inspected it. */
export interface HistoryRow {
  /** The file's row number (the header is row 1). */
  row: number;
  number: string;
  title: string | null;
  /** YYYY-MM-DD */
  heldOn: string;
  departmentCode: string;
  /** Inspector codes, leader included, without repeats. */
  memberCodes: string[];
  leaderCode: string | null;
}

/** Turns one row's cells into a history row. A 组长 not listed among 检查组成员 joins the team. */
export function parseHistoryRow(
  positions: ReadonlyMap<HistoryField, number>,
  row: number,
  cells: readonly string[],
): RowResult<HistoryRow> {
  const read = cellReader(positions, cells);
  const messages: string[] = [];
  if (cells.some((cell) => cell.includes("\u0000"))) messages.push("contains a NUL character");
  const number = read("number");
  if (number === undefined) messages.push("文号 is required");
  else if (number.length > 100) messages.push("文号: at most 100 characters");
  const title = read("title") ?? null;
  if (title !== null && title.length > 200) messages.push("标题: at most 200 characters");
  const dateCell = read("heldOn");
  const heldOn = dateCell === undefined ? null : sheetDate(dateCell);
  if (dateCell === undefined) messages.push("日期 is required");
  else if (heldOn === null || !z.iso.date().safeParse(heldOn).success) messages.push(`日期: '${dateCell}' is not a date (YYYY-MM-DD)`);
  const departmentCode = read("departmentCode");
  if (departmentCode === undefined) messages.push("单位编码 is required");
  else if (!codeSchema.safeParse(departmentCode).success)
    messages.push(`单位编码: '${departmentCode}' is not a code (letters, digits, . _ -; at most 64)`);
  const members = splitList(read("members"));
  const leaderCode = read("leader") ?? null;
  for (const code of leaderCode === null ? members : [...members, leaderCode]) {
    if (!codeSchema.safeParse(code).success) messages.push(`检查组成员: '${code}' is not an inspector code`);
  }
  const memberCodes = [...new Set(leaderCode === null || members.includes(leaderCode) ? members : [leaderCode, ...members])];
  if (messages.length > 0 || number === undefined || heldOn === null || departmentCode === undefined) {
    return { ok: false, ...(departmentCode === undefined ? {} : { code: departmentCode }), messages };
  }
  return { ok: true, value: { row, number, title, heldOn, departmentCode, memberCodes, leaderCode } };
}
