// Content-addressed JSON Lines of snapshot lists in PostgreSQL (snapshot_blobs +
// snapshot_chunks). A list is written as it streams out of the registries, hashed on the
// way; an identical list already stored is kept once (DESIGN.md: no needless copies).
import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { snapshotBlobs, snapshotChunks } from "../../db/schema";
import { JsonLinesHasher } from "../../domain/draw/sha256";

const CHUNK_CHARS = 4 << 20;

/** Collects one list's lines, storing full chunks as it goes. */
export class SnapshotListWriter {
  private readonly hasher = new JsonLinesHasher();
  private readonly staging = `staging:${randomUUID()}`;
  private buffer = "";
  private chunks = 0;
  private bytes = 0;

  constructor(private readonly tx: Db) {}

  get count(): number {
    return this.hasher.count;
  }

  async add(line: string): Promise<void> {
    const piece = this.hasher.count === 0 ? line : `\n${line}`;
    this.hasher.add(line);
    this.buffer += piece;
    if (this.buffer.length >= CHUNK_CHARS) await this.flush();
  }

  /** Stores the rest and names the list by its hash; returns the fingerprint. */
  async finish(): Promise<{ hash: string; lines: number }> {
    if (this.buffer.length > 0 || this.chunks === 0) await this.flush();
    const hash = this.hasher.digest();
    const inserted = await this.tx
      .insert(snapshotBlobs)
      .values({ hash, bytes: this.bytes, lines: this.hasher.count, chunks: this.chunks })
      .onConflictDoNothing()
      .returning({ hash: snapshotBlobs.hash });
    if (inserted.length === 0) {
      await this.tx.delete(snapshotChunks).where(eq(snapshotChunks.hash, this.staging)); // stored before
    } else {
      await this.tx.update(snapshotChunks).set({ hash }).where(eq(snapshotChunks.hash, this.staging));
    }
    return { hash, lines: this.hasher.count };
  }

  private async flush(): Promise<void> {
    const data = Buffer.from(this.buffer, "utf8");
    this.buffer = "";
    this.bytes += data.length;
    await this.tx.insert(snapshotChunks).values({ hash: this.staging, seq: this.chunks++, data });
  }
}

/** The stored bytes of a list, chunk by chunk, in order. */
export async function* readSnapshotList(db: Db, hash: string): AsyncGenerator<Buffer> {
  const [blob] = await db.select().from(snapshotBlobs).where(eq(snapshotBlobs.hash, hash));
  if (!blob) throw new Error(`snapshot list ${hash} is not stored`);
  for (let seq = 0; seq < blob.chunks; seq++) {
    const [chunk] = await db
      .select({ data: snapshotChunks.data })
      .from(snapshotChunks)
      .where(sql`${snapshotChunks.hash} = ${hash} and ${snapshotChunks.seq} = ${seq}`)
      .orderBy(asc(snapshotChunks.seq));
    if (!chunk) throw new Error(`snapshot list ${hash} lacks chunk ${seq}`);
    yield Buffer.from(chunk.data);
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
