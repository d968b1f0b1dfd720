// Content-addressed JSON Lines of snapshot lists in PostgreSQL (snapshot_blobs +
// snapshot_chunks). A list is written as it streams out of the registries, hashed on the
// way; an identical list already stored is kept once (DESIGN.md: no needless copies).
import { createHash, randomUUID, type Hash } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { snapshotBlobs, snapshotChunks } from "../../db/schema";
import { DrawInputError } from "../../domain/draw/errors";
import type { PreparedSnapshot } from "../../domain/draw/prepared-snapshot";
import { DepartmentLinesReader, HistoryLinesReader, InspectorLinesReader, SnapshotLineError } from "../../domain/draw/snapshot-lines";
import type { Fingerprints, Params } from "../../domain/draw/types";

const CHUNK_CHARS = 4 << 20;

/**
 * Collects one list's lines, storing full chunks as it goes. `add` is synchronous until a
 * chunk is full; only then does it return the promise of storing it, which the caller
 * awaits (millions of lines pay no promise each). The fingerprint is the SHA-256 of the
 * chunks' bytes in order — the lines joined by "\n", as JsonLinesHasher hashes them.
 */
export class SnapshotListWriter {
  private readonly hash: Hash = createHash("sha256");
  private readonly staging = `staging:${randomUUID()}`;
  private buffer = "";
  private lines = 0;
  private chunks = 0;
  private bytes = 0;

  constructor(private readonly tx: Db) {}

  get count(): number {
    return this.lines;
  }

  add(line: string): Promise<void> | undefined {
    this.buffer += this.lines === 0 ? line : "\n" + line;
    this.lines++;
    return this.buffer.length >= CHUNK_CHARS ? this.flush() : undefined;
  }

  /** Stores the rest and names the list by its hash; returns the fingerprint. */
  async finish(): Promise<{ hash: string; lines: number }> {
    if (this.buffer.length > 0 || this.chunks === 0) await this.flush();
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

  // The chunk travels as text and becomes bytea in the server (convert_to): postgres.js would
  // send a Buffer hex-encoded, twice the bytes and several times the time at province size.
  private async flush(): Promise<void> {
    const text = this.buffer;
    this.buffer = "";
    this.hash.update(text, "utf8");
    this.bytes += Buffer.byteLength(text, "utf8");
    await this.tx.insert(snapshotChunks).values({ hash: this.staging, seq: this.chunks++, data: sql`convert_to(${text}::text, 'UTF8')` });
  }
}

/** The stored bytes of a list, chunk by chunk, in order. */
export async function* readSnapshotList(db: Db, hash: string): AsyncGenerator<Buffer> {
  const [blob] = await db.select().from(snapshotBlobs).where(eq(snapshotBlobs.hash, hash));
  if (!blob) throw new Error(`snapshot list ${hash} is not stored`);
  for (let seq = 0; seq < blob.chunks; seq++) {
    // As text (a chunk is whole UTF-8: SnapshotListWriter cuts between lines), not bytea,
    // which postgres.js would receive hex-encoded.
    const [chunk] = await db
      .select({ text: sql<string>`convert_from(${snapshotChunks.data}, 'UTF8')` })
      .from(snapshotChunks)
      .where(sql`${snapshotChunks.hash} = ${hash} and ${snapshotChunks.seq} = ${seq}`)
      .orderBy(asc(snapshotChunks.seq));
    if (!chunk) throw new Error(`snapshot list ${hash} lacks chunk ${seq}`);
    yield Buffer.from(chunk.text, "utf8");
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
export async function loadPreparedSnapshot(db: Db, params: Params, hashes: Fingerprints): Promise<PreparedSnapshot> {
  const departments = new DepartmentLinesReader(params);
  const inspectors = new InspectorLinesReader();
  const history = new HistoryLinesReader();
  try {
    const fingerprints: Fingerprints = {
      departmentsHash: await readInto(db, hashes.departmentsHash, departments),
      inspectorsHash: await readInto(db, hashes.inspectorsHash, inspectors),
      historyHash: await readInto(db, hashes.historyHash, history),
    };
    return { fingerprints, departments: departments.finishTable(), inspectors: inspectors.rows, history: history.rows };
  } catch (error) {
    if (error instanceof SnapshotLineError) throw new DrawInputError(`the stored snapshot is not canonical: ${error.message}`);
    throw error;
  }
}

async function readInto(db: Db, hash: string, reader: { push(chunk: Uint8Array): void; end(): { hash: string } }): Promise<string> {
  for await (const chunk of readSnapshotList(db, hash)) reader.push(chunk);
  return reader.end().hash;
}
