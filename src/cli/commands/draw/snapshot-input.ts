// `ssj draw run --snapshot S`: S is one JSON file {departments, inspectors, history} in any
// order (the engine sorts it), or a folder of departments.jsonl, inspectors.jsonl and
// history.jsonl that must arrive sorted — checked line by line and refused otherwise.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  compareHistory,
  departmentProblem,
  historyProblem,
  inspectorProblem,
  type Department,
  type HistoryEntry,
  type Inspector,
  type Snapshot,
  type SnapshotListName,
} from "../../../domain/draw";
import { CliExit } from "../../../errors";

export async function readSnapshotInput(path: string): Promise<Snapshot> {
  const info = await stat(path).catch(() => {
    throw new CliExit(2, `snapshot not found: ${path}`);
  });
  if (!info.isDirectory()) return readSnapshotFile(path);
  return {
    departments: await readSortedLines<Department>(
      join(path, "departments.jsonl"),
      "departments",
      departmentProblem,
      (a, b) => a.id < b.id,
    ),
    inspectors: await readSortedLines<Inspector>(join(path, "inspectors.jsonl"), "inspectors", inspectorProblem, (a, b) => a.id < b.id),
    history: await readSortedLines<HistoryEntry>(
      join(path, "history.jsonl"),
      "history",
      historyProblem,
      (a, b) => compareHistory(a, b) < 0,
    ),
  };
}

async function readSnapshotFile(path: string): Promise<Snapshot> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new CliExit(2, `snapshot ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const lists = value as Partial<Record<SnapshotListName, unknown>>;
  if (
    typeof value !== "object" ||
    value === null ||
    !Array.isArray(lists.departments) ||
    !Array.isArray(lists.inspectors) ||
    !Array.isArray(lists.history)
  ) {
    throw new CliExit(2, `snapshot ${path} must be {"departments":[…],"inspectors":[…],"history":[…]}`);
  }
  // Rows are validated by the engine, which names the first bad one.
  return value as Snapshot;
}

async function readSortedLines<T>(
  path: string,
  list: SnapshotListName,
  problemOf: (value: unknown) => string | null,
  before: (a: T, b: T) => boolean,
): Promise<T[]> {
  await stat(path).catch(() => {
    throw new CliExit(2, `snapshot file not found: ${path}`);
  });
  const rows: T[] = [];
  let lineNo = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const raw of lines) {
    lineNo++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new CliExit(2, `${path} line ${lineNo}: not JSON`);
    }
    const problem = problemOf(value);
    if (problem !== null) throw new CliExit(2, `${path} line ${lineNo}: ${list} ${problem}`);
    const row = value as T;
    const previous = rows[rows.length - 1];
    if (previous !== undefined && !before(previous, row)) {
      throw new CliExit(2, `${path} line ${lineNo}: ${list} must arrive sorted and unique (a JSON Lines snapshot is not sorted for you)`);
    }
    rows.push(row);
  }
  return rows;
}
