// Shared by `ssj import departments|inspectors` (commands/import.ts), `ssj import history`
// (commands/history.ts) and `ssj import findings` (commands/report.ts): a module of its own so
// those commands do not import one another (import.ts registers history.ts's sub-command).
import fs from "node:fs";
import path from "node:path";
import { BadRequestError, CliExit } from "../errors";
import type { Database } from "../services/database";
import type { ImportRefusal } from "../services/imports/import-types";
import { resolveOrg, type Organization } from "../services/orgs/org-service";
import type { Principal } from "../services/scope";
import { withDatabase } from "./context";

type FileImport = (
  database: Database,
  operator: Principal,
  org: Organization,
  source: { stream: NodeJS.ReadableStream; filename?: string },
) => Promise<string>;

/**
 * The frame of every `ssj import …`: the file (or - for stdin) as a stream, the organization,
 * the summary line on success, and on refusal exit 1 with the bad rows listed below the reason.
 */
export async function runFileImport(file: string, orgCode: string | undefined, load: FileImport): Promise<void> {
  const stream = file === "-" ? process.stdin : openFile(file);
  try {
    await withDatabase(async ({ database, operator }) => {
      const org = await resolveOrg(database.db, operator, orgCode);
      process.stdout.write(
        `${await load(database, operator, org, { stream, filename: file === "-" ? undefined : path.basename(file) })}\n`,
      );
    });
  } catch (error) {
    if (error instanceof BadRequestError && isRefusal(error.details)) throw new CliExit(1, error.message, refusalLines(error.details));
    throw error;
  } finally {
    if (stream !== process.stdin) stream.destroy();
  }
}

function openFile(file: string): fs.ReadStream {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new CliExit(2, `cannot read ${file}`);
  }
  return fs.createReadStream(file, { highWaterMark: 1 << 20 });
}

/** "row 7 (DEA-XYZ): 单位名称 is required" for each listed row, then how many more there are. */
function refusalLines(refusal: ImportRefusal): string[] {
  const lines = refusal.badRows.map((bad) => `  row ${bad.row}${bad.code ? ` (${bad.code})` : ""}: ${bad.message}`);
  const more = refusal.totalBad - refusal.badRows.length;
  if (more > 0) lines.push(`  … and ${more} more`);
  return lines;
}

function isRefusal(details: unknown): details is ImportRefusal {
  return (
    typeof details === "object" &&
    details !== null &&
    Array.isArray((details as ImportRefusal).badRows) &&
    typeof (details as ImportRefusal).totalBad === "number"
  );
}
