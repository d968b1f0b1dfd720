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
  /^\{"active":(?:true|false),"id":"[A-Za-z0-9._-]{1,64}","lastInspectedOn":(?:null|"\d{4}-\d{2}-\d{2}"),"tags":\[(?:"[A-Za-z0-9._-]{1,64}"(?:,"[A-Za-z0-9._-]{1,64}")*)?\]\}$/;

const ACTIVE_AT = '{"active":'.length;
const T = "t".charCodeAt(0);
const N = "n".charCodeAt(0);
const ID_AFTER_TRUE = '{"active":true,"id":"'.length;
const ID_AFTER_FALSE = '{"active":false,"id":"'.length;
const LAST_INSPECTED_KEY = '","lastInspectedOn":';
const TAGS_KEY = ',"tags":';

export class DepartmentLinesReader extends CanonicalLinesReader {
  private readonly table: DepartmentTableBuilder;
  private previousId = "";
  private readonly ids = new AsciiIdStore();
  /** Stratum of each distinct tags JSON already seen (and found sorted). */
  private readonly stratumByTags = new Map<string, number>();
  private readonly datesOk = new Map<string, boolean>();

  constructor(params: Params) {
    super("departments");
    this.table = new DepartmentTableBuilder(params, 1 << 16);
  }

  protected accept(line: string): string | null {
    // The pattern proves the line canonical; the fields are then at known places, read
    // without the regex's capture strings (5 million lines).
    if (!DEPARTMENT_LINE.test(line)) return "not the canonical JSON of {id, tags, active, lastInspectedOn} with code ids and tags";
    const active = line.charCodeAt(ACTIVE_AT) === T;
    const idStart = active ? ID_AFTER_TRUE : ID_AFTER_FALSE;
    const idEnd = line.indexOf('"', idStart);
    const id = line.slice(idStart, idEnd);
    if (!(this.previousId < id)) return `id ${id} is not after ${this.previousId} (sorted, unique)`;
    this.previousId = id;
    const dateAt = idEnd + LAST_INSPECTED_KEY.length;
    const lastInspectedOn = line.charCodeAt(dateAt) === N ? null : line.slice(dateAt + 1, dateAt + 11);
    const tagsJson = line.slice((lastInspectedOn === null ? dateAt + 4 : dateAt + 12) + TAGS_KEY.length, line.length - 1);
    let stratum = this.stratumByTags.get(tagsJson);
    if (stratum === undefined) {
      if (!isSortedUnique(JSON.parse(tagsJson) as string[])) return "tags are not sorted and unique";
      stratum = this.table.stratumOfTags(tagsJson);
      this.stratumByTags.set(tagsJson, stratum);
    }
    if (lastInspectedOn !== null) {
      let dateOk = this.datesOk.get(lastInspectedOn);
      if (dateOk === undefined) {
        dateOk = isIsoDate(lastInspectedOn);
        this.datesOk.set(lastInspectedOn, dateOk);
      }
      if (!dateOk) return `lastInspectedOn ${lastInspectedOn} is not a calendar date`;
    }
    this.ids.push(id);
    this.table.addToStratum(stratum, active, lastInspectedOn);
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
    if (previous !== undefined && compareHistory(previous, row) >= 0)
      return "not after the previous row (sorted by inspectorId, departmentId, inspectedOn; unique)";
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
