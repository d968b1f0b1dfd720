// The columns of a past-findings file (docs/reports.md, 历史问题导入): one row per problem
// fed back by a round held before the system. Pure: header mapping and the parsing of one row.
import { z } from "zod";
import type { Severity } from "../../domain/severities";
import { cellReader, sheetDate, type ColumnSpec, type RowResult } from "../imports/import-columns";
import { codeSchema } from "../registries/registry-types";

export type PastFindingField = "number" | "departmentCode" | "itemCode" | "description" | "severity" | "issuedOn" | "dueOn" | "acceptedOn";

export const pastFindingColumns: readonly ColumnSpec<PastFindingField>[] = [
  { field: "number", label: "文号", aliases: ["轮次文号", "文件编号", "number", "round number", "round"], required: true },
  { field: "departmentCode", label: "单位编码", aliases: ["单位代码", "被检查单位编码", "department", "department code"], required: true },
  { field: "itemCode", label: "事项编码", aliases: ["抽查事项编码", "item", "item code"], required: true },
  { field: "description", label: "问题描述", aliases: ["问题", "存在问题", "description"], required: true },
  { field: "severity", label: "严重程度", aliases: ["问题等级", "severity"] },
  { field: "issuedOn", label: "下发日期", aliases: ["反馈日期", "issued on", "issued"], required: true },
  { field: "dueOn", label: "整改期限", aliases: ["整改时限", "deadline", "due on"], required: true },
  { field: "acceptedOn", label: "销号日期", aliases: ["整改完成日期", "验收日期", "accepted on", "accepted"] },
];

/** One past problem and its outcome; `acceptedOn` null: still open. */
export interface PastFindingRow {
  /** The file's row number (the header is row 1). */
  row: number;
  number: string;
  departmentCode: string;
  itemCode: string;
  description: string;
  severity: Severity;
  issuedOn: string;
  dueOn: string;
  acceptedOn: string | null;
}

const severityWords: Readonly<Record<string, Severity>> = {
  一般: "general",
  general: "general",
  较重: "serious",
  严重: "serious",
  serious: "serious",
  紧急: "urgent",
  urgent: "urgent",
};

export function parsePastFindingRow(
  positions: ReadonlyMap<PastFindingField, number>,
  row: number,
  cells: readonly string[],
): RowResult<PastFindingRow> {
  const read = cellReader(positions, cells);
  const messages: string[] = [];
  if (cells.some((cell) => cell.includes("\u0000"))) messages.push("contains a NUL character");
  const number = read("number");
  if (number === undefined) messages.push("文号 is required");
  const departmentCode = read("departmentCode");
  if (departmentCode === undefined) messages.push("单位编码 is required");
  else if (!codeSchema.safeParse(departmentCode).success) messages.push(`单位编码: '${departmentCode}' is not a code`);
  const itemCode = read("itemCode");
  if (itemCode === undefined) messages.push("事项编码 is required");
  const description = read("description");
  if (description === undefined) messages.push("问题描述 is required");
  else if (description.length > 2000) messages.push("问题描述: at most 2000 characters");
  const severityCell = read("severity");
  const severity = severityCell === undefined ? "general" : severityWords[severityCell.toLowerCase()];
  if (severity === undefined) messages.push(`严重程度: '${severityCell ?? ""}' is none of 一般, 严重, 紧急 (general, serious, urgent)`);
  const date = (field: PastFindingField, label: string, required: boolean): string | null => {
    const cell = read(field);
    if (cell === undefined) {
      if (required) messages.push(`${label} is required`);
      return null;
    }
    const value = sheetDate(cell);
    if (value === null || !z.iso.date().safeParse(value).success) {
      messages.push(`${label}: '${cell}' is not a date (YYYY-MM-DD)`);
      return null;
    }
    return value;
  };
  const issuedOn = date("issuedOn", "下发日期", true);
  const dueOn = date("dueOn", "整改期限", true);
  const acceptedOn = date("acceptedOn", "销号日期", false);
  if (issuedOn && dueOn && dueOn < issuedOn) messages.push(`整改期限 ${dueOn} is before 下发日期 ${issuedOn}`);
  if (issuedOn && acceptedOn && acceptedOn < issuedOn) messages.push(`销号日期 ${acceptedOn} is before 下发日期 ${issuedOn}`);
  if (messages.length > 0 || !number || !departmentCode || !itemCode || !description || !severity || !issuedOn || !dueOn) {
    return { ok: false, ...(departmentCode === undefined ? {} : { code: departmentCode }), messages };
  }
  return { ok: true, value: { row, number, departmentCode, itemCode, description, severity, issuedOn, dueOn, acceptedOn } };
}
