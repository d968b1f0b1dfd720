// A record on disk (docs/draw-algorithm.md §5, §8): either one JSON file with the snapshot
// inline, or a folder with record.json and the snapshot's JSON Lines files, each named by
// its hash (`<hash>.jsonl`, exactly the bytes that hash), streamed in both directions.
import { closeSync, createReadStream, openSync, writeSync } from "node:fs";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  DepartmentLinesReader,
  HistoryLinesReader,
  InspectorLinesReader,
  SnapshotLineError,
  fail,
  forEachDepartmentLine,
  historyLine,
  inspectorLine,
  isInlineSnapshot,
  prepareInlineSnapshot,
  readRecord,
  verifyPrepared,
  type AnyDrawRecord,
  type Fingerprints,
  type PreparedSnapshot,
  type Snapshot,
  type VerifyOutcome,
} from "../../../domain/draw";
import { CliExit } from "../../../errors";

export const RECORD_FILE = "record.json";

/** Writes DIR/record.json (snapshot by fingerprints) and DIR/<hash>.jsonl for each list. */
export async function writeRecordFolder(dir: string, record: AnyDrawRecord, snapshot: Snapshot): Promise<string> {
  if (isInlineSnapshot(record.snapshot)) throw new Error("a record folder holds a record whose snapshot is named by fingerprints");
  const fingerprints: Fingerprints = record.snapshot;
  await mkdir(dir, { recursive: true });
  await writeLines(join(dir, `${fingerprints.departmentsHash}.jsonl`), (emit) => forEachDepartmentLine(snapshot.departments, (line) => emit(line)));
  await writeLines(join(dir, `${fingerprints.inspectorsHash}.jsonl`), (emit) => snapshot.inspectors.forEach((i) => emit(inspectorLine(i))));
  await writeLines(join(dir, `${fingerprints.historyHash}.jsonl`), (emit) => snapshot.history.forEach((h) => emit(historyLine(h))));
  const path = join(dir, RECORD_FILE);
  await writeFile(path, JSON.stringify(record, null, 2) + "\n");
  return path;
}

/**
 * What `ssj draw verify PATH` checks: PATH is a record file or a folder holding record.json.
 * Throws CliExit(2) for what is not a record at all (no file, not JSON, missing snapshot file).
 */
export async function verifyRecordPath(path: string): Promise<VerifyOutcome> {
  const info = await stat(path).catch(() => {
    throw new CliExit(2, `no such record: ${path}`);
  });
  const file = info.isDirectory() ? join(path, RECORD_FILE) : path;
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new CliExit(2, `${file} is not a JSON record: ${error instanceof Error ? error.message : String(error)}`);
  }
  const read = readRecord(value);
  if (!read.ok) return read;
  const { snapshot } = read.record;
  if (isInlineSnapshot(snapshot)) {
    const checked = prepareInlineSnapshot(read.params, snapshot);
    return checked.ok ? verifyPrepared(read, checked.prepared) : checked;
  }
  const dir = dirname(file);
  for (const hash of [snapshot.departmentsHash, snapshot.inspectorsHash, snapshot.historyHash]) {
    await stat(join(dir, `${hash}.jsonl`)).catch(() => {
      throw new CliExit(2, `missing snapshot file ${join(dir, `${hash}.jsonl`)}`);
    });
  }
  const departments = new DepartmentLinesReader(read.params);
  const inspectors = new InspectorLinesReader();
  const history = new HistoryLinesReader();
  const lists = [
    ["departments", departments, snapshot.departmentsHash],
    ["inspectors", inspectors, snapshot.inspectorsHash],
    ["history", history, snapshot.historyHash],
  ] as const;
  for (const [list, reader, hash] of lists) {
    try {
      for await (const chunk of createReadStream(join(dir, `${hash}.jsonl`), { highWaterMark: 1 << 20 })) reader.push(chunk as Buffer);
      const { hash: actual } = reader.end();
      if (actual !== hash) return fail(`snapshot.${list}`, `the file's SHA-256 is ${actual}, not its name`);
    } catch (error) {
      if (error instanceof SnapshotLineError) return fail(`snapshot.${list}`, error.message);
      throw error;
    }
  }
  const prepared: PreparedSnapshot = {
    fingerprints: { departmentsHash: snapshot.departmentsHash, inspectorsHash: snapshot.inspectorsHash, historyHash: snapshot.historyHash },
    departments: departments.finishTable(),
    inspectors: inspectors.rows,
    history: history.rows,
  };
  return verifyPrepared(read, prepared);
}

// Lines are produced synchronously from memory, so they are written synchronously in
// ~1 MiB pieces: never the whole list as one string.
async function writeLines(path: string, produce: (emit: (line: string) => void) => void): Promise<void> {
  const fd = openSync(path, "w");
  try {
    let buffer = "";
    let first = true;
    produce((line) => {
      buffer += first ? line : "\n" + line;
      first = false;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = "";
      }
    });
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}
