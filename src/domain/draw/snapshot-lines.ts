// Reading a record's JSON Lines snapshot as a stream (docs/draw-algorithm.md §5): the bytes
// are hashed as they come, every line must be exactly the canonical form of a valid
// element, and ids must strictly increase — all in one pass, nothing held as one string.
// Pure: the caller feeds chunks it read.
import { createHash, type Hash } from "node:crypto";
import { historyLine, inspectorLine } from "./canonical-json";
import { isSortedUnique } from "./codes";
import { isIsoDate } from "./dates";
import { AsciiIdStore } from "./id-store";
import { DepartmentTableBuilder, type DepartmentTable } from "./department-table";
import { compareHistory, historyProblem, inspectorProblem } from "./snapshot-elements";
import type { HistoryEntry, Inspector, Params, SnapshotListName } from "./types";

export class SnapshotLineError extends Error {
  constructor(
    readonly list: SnapshotListName,
    readonly line: number,
    problem: string,
  ) {
    super(`${list} line ${line}: ${problem}`);
    this.name = "SnapshotLineError";
  }
}

abstract class CanonicalLinesReader {
  private readonly hash: Hash = createHash("sha256");
  private carry = "";
  private lineCount = 0;
  private started = false;

  constructor(readonly list: SnapshotListName) {}

  push(chunk: Uint8Array): void {
    this.hash.update(chunk);
    // Canonical lines are ASCII: latin1 keeps one char per byte, and any other byte fails the line.
    const text = this.carry + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
    this.started = true;
    let start = 0;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
      this.take(text.slice(start, end));
      start = end + 1;
    }
    this.carry = text.slice(start);
  }

  /** The SHA-256 of the bytes read; an empty file is an empty list. */
  end(): { hash: string; count: number } {
    if (this.started && (this.carry !== "" || this.lineCount > 0)) this.take(this.carry);
    this.carry = "";
    return { hash: this.hash.digest("hex"), count: this.lineCount };
  }

  private take(line: string): void {
    this.lineCount++;
    const problem = this.accept(line);
    if (problem !== null) throw new SnapshotLineError(this.list, this.lineCount, problem);
  }

  protected abstract accept(line: string): string | null;
}

// The canonical department line, exactly: JCS with codes that need no escape.
const DEPARTMENT_LINE =
  /^\{"active":(true|false),"id":"([A-Za-z0-9._-]{1,64})","lastInspectedOn":(null|"\d{4}-\d{2}-\d{2}"),"tags":(\[(?:"[A-Za-z0-9._-]{1,64}"(?:,"[A-Za-z0-9._-]{1,64}")*)?\])\}$/;

export class DepartmentLinesReader extends CanonicalLinesReader {
  private readonly table: DepartmentTableBuilder;
  private previousId = "";
  private readonly ids = new AsciiIdStore();
  private readonly tagsOk = new Map<string, boolean>();
  private readonly datesOk = new Map<string, boolean>();

  constructor(params: Params) {
    super("departments");
    this.table = new DepartmentTableBuilder(params, 1 << 16);
  }

  protected accept(line: string): string | null {
    const m = DEPARTMENT_LINE.exec(line);
    if (m === null) return "not the canonical JSON of {id, tags, active, lastInspectedOn} with code ids and tags";
    const id = m[2] as string;
    if (!(this.previousId < id)) return `id ${id} is not after ${this.previousId} (sorted, unique)`;
    this.previousId = id;
    const tagsJson = m[4] as string;
    let tagsOk = this.tagsOk.get(tagsJson);
    if (tagsOk === undefined) {
      tagsOk = isSortedUnique(JSON.parse(tagsJson) as string[]);
      this.tagsOk.set(tagsJson, tagsOk);
    }
    if (!tagsOk) return "tags are not sorted and unique";
    const dated = m[3] as string;
    const lastInspectedOn = dated === "null" ? null : dated.slice(1, -1);
    if (lastInspectedOn !== null) {
      let dateOk = this.datesOk.get(lastInspectedOn);
      if (dateOk === undefined) {
        dateOk = isIsoDate(lastInspectedOn);
        this.datesOk.set(lastInspectedOn, dateOk);
      }
      if (!dateOk) return `lastInspectedOn ${lastInspectedOn} is not a calendar date`;
    }
    this.ids.push(id);
    this.table.add(tagsJson, m[1] === "true", lastInspectedOn);
    return null;
  }

  finishTable(): DepartmentTable {
    const ids = this.ids;
    return this.table.finish((row) => ids.idOf(row));
  }
}

export class InspectorLinesReader extends CanonicalLinesReader {
  readonly rows: Inspector[] = [];

  constructor() {
    super("inspectors");
  }

  protected accept(line: string): string | null {
    const value = parseJson(line);
    const problem = inspectorProblem(value);
    if (problem !== null) return problem;
    const row = value as Inspector;
    if (!isSortedUnique(row.tags) || !isSortedUnique(row.conflicts)) return "tags and conflicts must be sorted and unique";
    if (inspectorLine(row) !== line) return "not in canonical (JCS) form";
    const previous = this.rows[this.rows.length - 1];
    if (previous !== undefined && !(previous.id < row.id)) return `id ${row.id} is not after ${previous.id} (sorted, unique)`;
    this.rows.push(row);
    return null;
  }
}

export class HistoryLinesReader extends CanonicalLinesReader {
  readonly rows: HistoryEntry[] = [];

  constructor() {
    super("history");
  }

  protected accept(line: string): string | null {
    const value = parseJson(line);
    const problem = historyProblem(value);
    if (problem !== null) return problem;
    const row = value as HistoryEntry;
    if (historyLine(row) !== line) return "not in canonical (JCS) form";
    const previous = this.rows[this.rows.length - 1];
    if (previous !== undefined && compareHistory(previous, row) >= 0) return "not after the previous row (sorted by inspectorId, departmentId, inspectedOn; unique)";
    if (!isIsoDate(row.inspectedOn)) return `inspectedOn ${row.inspectedOn} is not a calendar date`;
    this.rows.push(row);
    return null;
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
