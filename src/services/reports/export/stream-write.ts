// Writing to a stream with backpressure: wait for 'drain' when the buffer is full.
import { once } from "node:events";
import type { Writable } from "node:stream";

export async function writeChunk(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed) throw new Error("the output was closed before the export finished");
  if (!out.write(chunk)) await once(out, "drain");
}

export async function waitForDrain(out: Writable): Promise<void> {
  if (out.writableNeedDrain) await once(out, "drain");
}
