// One process at a time may open the embedded PGlite directory (DESIGN.md, rule 5).
// The lock is a file beside the directory holding the holder's pid and command; a lock
// whose process is gone is taken over.
import fs from "node:fs";
import path from "node:path";

interface Holder {
  pid: number;
  command: string;
  since: string;
}

export function acquireDataDirLock(dataDir: string, command: string): () => void {
  const lockFile = `${dataDir}.lock`;
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const me: Holder = { pid: process.pid, command: `ssj ${command}`.trim(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify(me), { flag: "wx" });
      const release = () => {
        try {
          const current = readHolder(lockFile);
          if (current?.pid === process.pid) fs.unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(lockFile);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new EmbeddedDatabaseBusyError(
          `the embedded database ${dataDir} is open by process ${holder.pid} (${holder.command}, since ${holder.since}); stop it, or set DATABASE_URL to use PostgreSQL`,
        );
      }
      fs.rmSync(lockFile, { force: true }); // stale: its process is gone
    }
  }
  throw new EmbeddedDatabaseBusyError(`could not lock the embedded database ${dataDir}`);
}

export class EmbeddedDatabaseBusyError extends Error {}

function readHolder(lockFile: string): Holder | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockFile, "utf8")) as Holder;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
