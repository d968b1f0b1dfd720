// Content-addressed JSON Lines of snapshot lists in PostgreSQL (snapshot_blobs +
// snapshot_chunks). A list is written as it streams out of the registries, hashed on the
// way; an identical list already stored is kept once (DESIGN.md: no needless copies).
import { createHash, randomUUID, type Hash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type postgres from "postgres";
import type { Db } from "../../db/client";
import { snapshotBlobs, snapshotChunks } from "../../db/schema";
import { DrawInputError } from "../../domain/draw/errors";
import type { PreparedSnapshot } from "../../domain/draw/prepared-snapshot";
import { DepartmentLinesReader, HistoryLinesReader, InspectorLinesReader, SnapshotLineError } from "../../domain/draw/snapshot-lines";
import type { Fingerprints, Params } from "../../domain/draw/types";

const CHUNK_BYTES = 4 << 20;
const NEWLINE = 0x0a;

/**
 * Stores one list as it streams in: lines each followed by "\n" (as the snapshot reader
 * sends them) become the list's bytes — the lines joined by "\n" — in chunks of about
 * CHUNK_BYTES cut between lines, each but the first starting with its "\n". `write` returns
 * a promise only when it must be awaited: a chunk is stored while the next one fills, at
 * most one at a time. The fingerprint is the SHA-256 of the chunks' bytes in order, as
 * JsonLinesHasher hashes the lines.
 */
export class SnapshotListWriter {
  private readonly hash: Hash = createHash("sha256");
  private readonly staging = `staging:${randomUUID()}`;
  private pieces: Buffer[] = [];
  private size = 0;
  private lines = 0;
  private chunks = 0;
  private bytes = 0;
  private storing: Promise<void> | undefined;

  constructor(private readonly tx: Db) {}

  write(piece: Buffer): Promise<void> | undefined {
    this.pieces.push(piece);
    this.size += piece.length;
    if (this.size < CHUNK_BYTES) return undefined;
    const buffered = Buffer.concat(this.pieces, this.size);
    const cut = buffered.lastIndexOf(NEWLINE);
    // A line longer than a chunk waits for its end.
    if (cut <= 0) return undefined;
    this.pieces = [buffered.subarray(cut)];
    this.size = buffered.length - cut;
    return this.store(buffered.subarray(0, cut));
  }

  /** Stores the rest and names the list by its hash; returns the fingerprint. */
  async finish(): Promise<{ hash: string; lines: number }> {
    const rest = Buffer.concat(this.pieces, this.size);
    this.pieces = [];
    if (rest.length > 0 && rest[rest.length - 1] !== NEWLINE) throw new Error("a snapshot list ended inside a line");
    const last = rest.subarray(0, Math.max(0, rest.length - 1));
    if (last.length > 0 || this.chunks === 0) await this.store(last);
    await this.storing;
    const hash = this.hash.digest("hex");
    const inserted = await this.tx
      .insert(snapshotBlobs)
      .values({ hash, bytes: this.bytes, lines: this.lines, chunks: this.chunks })
      .onConflictDoNothing()
      .returning({ hash: snapshotBlobs.hash });
    if (inserted.length === 0) {
      await this.tx.delete(snapshotChunks).where(eq(snapshotChunks.hash, this.staging)); // stored before
    } else {
      await this.tx.update(snapshotChunks).set({ hash }).where(eq(snapshotChunks.hash, this.staging));
    }
    return { hash, lines: this.lines };
  }

  /** Hashes and counts the chunk now; returns once the previous chunk is stored. */
  private store(chunk: Buffer): Promise<void> | undefined {
    const seq = this.chunks++;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.lines += countLines(chunk, seq === 0);
    const previous = this.storing;
    // As text, turned into bytea by the server (convert_to): postgres.js would send a Buffer
    // hex-encoded, twice the bytes and several times the time at province size.
    const storing = this.tx
      .execute(
        sql`insert into snapshot_chunks (hash, seq, data) values (${this.staging}, ${seq}, convert_to(${chunk.toString("utf8")}::text, 'UTF8'))`,
      )
      .then(() => undefined);
    storing.catch(() => {}); // seen where it is awaited; the transaction rolls back
    this.storing = storing;
    return previous;
  }
}

/** Lines in a chunk: its "\n"s, plus the first line of the list (no "\n" before it). */
function countLines(chunk: Buffer, first: boolean): number {
  let lines = first && chunk.length > 0 ? 1 : 0;
  for (let at = chunk.indexOf(NEWLINE); at >= 0; at = chunk.indexOf(NEWLINE, at + 1)) lines++;
  return lines;
}

/**
 * The stored bytes of a list, chunk by chunk, in order. The next chunk is asked for before
 * this one is handed over, so the server reads it while the caller parses this one. With
 * the postgres.js `client`, a chunk arrives as the bytes on the wire, never decoded into a
 * string and encoded back (a province list is hundreds of MB).
 */
export async function* readSnapshotList(db: Db, hash: string, client?: postgres.Sql): AsyncGenerator<Buffer> {
  const [blob] = await db.select().from(snapshotBlobs).where(eq(snapshotBlobs.hash, hash));
  if (!blob) throw new Error(`snapshot list ${hash} is not stored`);
  // As text (a chunk is whole UTF-8: SnapshotListWriter cuts between lines), not bytea,
  // which postgres.js would receive hex-encoded.
  const fetchChunk = async (seq: number): Promise<Buffer> => {
    let bytes: Buffer | undefined;
    if (client) {
      const [row] = await client`select convert_from(data, 'UTF8') from snapshot_chunks where hash = ${hash} and seq = ${seq}`.raw();
      bytes = row?.[0] as Buffer | undefined;
    } else {
      const [row] = await db
        .select({ text: sql<string>`convert_from(${snapshotChunks.data}, 'UTF8')` })
        .from(snapshotChunks)
        .where(sql`${snapshotChunks.hash} = ${hash} and ${snapshotChunks.seq} = ${seq}`);
      bytes = row ? Buffer.from(row.text, "utf8") : undefined;
    }
    if (!bytes) throw new Error(`snapshot list ${hash} lacks chunk ${seq}`);
    return bytes;
  };
  let next = blob.chunks > 0 ? fetchChunk(0) : undefined;
  for (let seq = 0; next; seq++) {
    const chunk = await next;
    next = seq + 1 < blob.chunks ? fetchChunk(seq + 1) : undefined;
    next?.catch(() => {}); // seen where it is awaited, unless the caller stops first
    yield chunk;
  }
}

/** Parses a stored list back into its elements. */
export async function loadSnapshotList<T>(db: Db, hash: string): Promise<T[]> {
  const rows: T[] = [];
  let carry = "";
  for await (const chunk of readSnapshotList(db, hash)) {
    const text = carry + chunk.toString("utf8");
    const lines = text.split("\n");
    carry = lines.pop() ?? "";
    for (const line of lines) rows.push(JSON.parse(line) as T);
  }
  if (carry !== "") rows.push(JSON.parse(carry) as T);
  return rows;
}

/**
 * A stored snapshot made ready for the engine, one chunk at a time: each list streams
 * through the engine's canonical line reader (snapshot-lines.ts, as `ssj draw verify` reads
 * a record's files), which checks every line, hashes the bytes and builds the department
 * table without a Department object per row. The fingerprints are the hashes of the bytes
 * read, so a list that changed fails the draw's manifest check. A stored line that is not
 * canonical is a DrawInputError.
 */
export async function loadPreparedSnapshot(db: Db, params: Params, hashes: Fingerprints, client?: postgres.Sql): Promise<PreparedSnapshot> {
  const departments = new DepartmentLinesReader(params);
  const inspectors = new InspectorLinesReader();
  const history = new HistoryLinesReader();
  try {
    const fingerprints: Fingerprints = {
      departmentsHash: await readInto(readSnapshotList(db, hashes.departmentsHash, client), departments),
      inspectorsHash: await readInto(readSnapshotList(db, hashes.inspectorsHash, client), inspectors),
      historyHash: await readInto(readSnapshotList(db, hashes.historyHash, client), history),
    };
    return { fingerprints, departments: departments.finishTable(), inspectors: inspectors.rows, history: history.rows };
  } catch (error) {
    if (error instanceof SnapshotLineError) throw new DrawInputError(`the stored snapshot is not canonical: ${error.message}`);
    throw error;
  }
}

async function readInto(
  chunks: AsyncIterable<Buffer>,
  reader: { push(chunk: Uint8Array): void; end(): { hash: string } },
): Promise<string> {
  for await (const chunk of chunks) reader.push(chunk);
  return reader.end().hash;
}
