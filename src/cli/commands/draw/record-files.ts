// A record on disk (docs/draw-algorithm.md §5, §9): either one JSON file with the snapshot
// inline, or a folder with record.json and the snapshot's JSON Lines files, each named by
// its hash (`<hash>.jsonl`, exactly the bytes that hash), streamed in both directions.
import { closeSync, openSync, writeSync } from "node:fs";
import { mkdir, open, readFile, stat, writeFile } from "node:fs/promises";
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
  await writeLines(join(dir, `${fingerprints.departmentsHash}.jsonl`), (emit) =>
    forEachDepartmentLine(snapshot.departments, (line) => emit(line)),
  );
  await writeLines(join(dir, `${fingerprints.inspectorsHash}.jsonl`), (emit) => {
    for (const i of snapshot.inspectors) emit(inspectorLine(i));
  });
  await writeLines(join(dir, `${fingerprints.historyHash}.jsonl`), (emit) => {
    for (const h of snapshot.history) emit(historyLine(h));
  });
  const path = join(dir, RECORD_FILE);
  // Compact: a province record holds ~50,000 teams and is read back by machines.
  await writeFile(path, JSON.stringify(record) + "\n");
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
      await streamFile(join(dir, `${hash}.jsonl`), (chunk) => reader.push(chunk));
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

/**
 * Feeds a file to `take` in 64 KiB pieces through one reused buffer: the pieces' strings
 * stay in the young generation, and no new Buffer per piece grows external memory (which
 * would call full garbage collections over a 300 MB file).
 */
async function streamFile(path: string, take: (chunk: Uint8Array) => void): Promise<void> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      take(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
}

// Lines are produced synchronously from memory, so they are written synchronously in
// 64 KiB pieces: never the whole list as one string.
async function writeLines(path: string, produce: (emit: (line: string) => void) => void): Promise<void> {
  const fd = openSync(path, "w");
  try {
    let buffer = "";
    let first = true;
    produce((line) => {
      buffer += first ? line : "\n" + line;
      first = false;
      if (buffer.length > 1 << 16) {
        writeSync(fd, buffer);
        buffer = "";
      }
    });
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}
