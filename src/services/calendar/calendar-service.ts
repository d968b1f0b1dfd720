// The working-day calendar of this deployment: the chinese-days package, then the years an
// admin loaded into PostgreSQL (a row replaces the package's year), then config/ overrides
// (DESIGN.md, Deadlines and escalation). Loading a year is one audited transaction.
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { calendarYears, notificationOutbox, users } from "../../db/schema";
import {
  ArrangementFormatError,
  parseYearArrangement,
  WorkingCalendar,
  type ArrangementLayer,
  type YearArrangement,
} from "../../domain/calendar";
import { jcs, sha256hex } from "../../domain/canonical/jcs";
import { BadRequestError, ForbiddenError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import { actorCode } from "../rounds/actor-code";
import type { DeploymentConfig } from "../deployment";
import type { Principal } from "../scope";
import { packageYears } from "./package-years";

/**
 * The calendar as every process sees it now: the package, the years stored in PostgreSQL, then
 * the deployment's overrides (loaded once at start, src/cli/composition.ts). Without `db` (no
 * DATABASE_URL): package and overrides only. Read it again after a year is loaded; it is a snapshot.
 */
export async function loadCalendar(db: Db | undefined, config: Pick<DeploymentConfig, "calendarOverrides">): Promise<WorkingCalendar> {
  const layers: ArrangementLayer[] = packageYears().arrangements.map((arrangement) => ({ origin: "package", arrangement }));
  if (db) for (const stored of await storedYears(db)) layers.push({ origin: "database", arrangement: stored.arrangement });
  for (const arrangement of config.calendarOverrides) layers.push({ origin: "config", arrangement });
  return WorkingCalendar.fromLayers(layers);
}

export interface StoredYear {
  year: number;
  arrangement: YearArrangement;
  loadedBy: string;
  loadedAt: Date;
}

/** The years loaded into PostgreSQL, ascending. */
export async function storedYears(db: Db): Promise<StoredYear[]> {
  const rows = await db.select().from(calendarYears).orderBy(asc(calendarYears.year));
  return rows.map((row) => ({
    year: row.year,
    // Stored rows passed the same schema on the way in; re-checking keeps a hand-edited row from slipping through.
    arrangement: parseYearArrangement(row.arrangement, `calendar_years row ${row.year}`),
    loadedBy: row.loadedBy,
    loadedAt: row.loadedAt,
  }));
}

/** What a listener learns when a year is stored. */
export interface YearLoadedEvent {
  year: number;
  arrangement: YearArrangement;
  /** The arrangement the row held before, if any. */
  previous: YearArrangement | null;
  principal: Principal;
}

/**
 * Runs inside the transaction that stores the year, before its audit event: whatever the
 * listener writes commits with the year or not at all. `loadCalendar(tx)` sees the new year.
 */
export type YearLoadedListener = (tx: Db, event: YearLoadedEvent) => Promise<void>;

const yearLoadedListeners = new Set<YearLoadedListener>();

/**
 * Hook for the findings engine: "recompute the provisional deadlines of that year" (DESIGN.md:
 * a deadline that reached an uncovered year is recomputed, a new deadline version if it
 * moves, when that year's notice is loaded). Register once at start; returns the unregister.
 * A process that stores a year without the listener registered leaves the deadlines
 * provisional — the deadline sweep should also recompute any provisional deadline whose
 * uncovered years are now all covered (docs/calendar.md).
 */
export function onYearLoaded(listener: YearLoadedListener): () => void {
  yearLoadedListeners.add(listener);
  return () => yearLoadedListeners.delete(listener);
}

export interface StoreYearResult {
  year: number;
  /** False when the same arrangement was already stored: nothing was written. */
  changed: boolean;
  /** The source of the arrangement it replaced in PostgreSQL, if any. */
  replaced: string | null;
  /** sha256 of the arrangement's canonical JSON, as the audit event records it. */
  arrangementHash: string;
}

/** Stores (or replaces) one year's arrangement for every process; admin or CLI operator only. */
export async function storeYear(db: Db, principal: Principal, input: unknown): Promise<StoreYearResult> {
  if (principal.role !== "admin" && principal.role !== "operator")
    throw new ForbiddenError("only an admin may load a 放假调休 arrangement");
  const arrangement = toArrangement(input);
  const arrangementHash = sha256hex(jcs(arrangement));
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(calendarYears).where(eq(calendarYears.year, arrangement.year)).for("update");
    const previous = row ? parseYearArrangement(row.arrangement, `calendar_years row ${row.year}`) : null;
    if (previous && sha256hex(jcs(previous)) === arrangementHash) {
      return { year: arrangement.year, changed: false, replaced: previous.source, arrangementHash };
    }
    const loadedBy = principal.actor.kind === "cli" ? `cli:${actorCode(principal)}` : actorCode(principal);
    await tx
      .insert(calendarYears)
      .values({ year: arrangement.year, arrangement, loadedBy })
      .onConflictDoUpdate({ target: calendarYears.year, set: { arrangement, loadedBy, loadedAt: sql`ssj_now()` } });
    for (const listener of yearLoadedListeners) await listener(tx, { year: arrangement.year, arrangement, previous, principal });
    await appendAudit(tx, {
      actor: principal.actor,
      action: "calendar.year.load",
      subject: `calendar-year:${arrangement.year}`,
      orgId: null,
      payload: {
        year: arrangement.year,
        source: arrangement.source,
        complete: arrangement.complete,
        holidays: arrangement.holidays.length,
        workdays: arrangement.workdays.length,
        arrangementHash,
        replaced: previous?.source ?? null,
      },
    });
    return { year: arrangement.year, changed: true, replaced: previous?.source ?? null, arrangementHash };
  });
}

/**
 * Tells every admin, once per year, that a deadline had to be counted into a year with no
 * loaded arrangement (DESIGN.md: admins are alerted). Call it in the transaction that
 * records the provisional deadline; the outbox key makes repeats a no-op.
 */
export async function alertAdminsOfUncoveredYear(
  tx: Db,
  year: number,
  cause: { subject: string; provisionalDate: string },
): Promise<number> {
  const admins = await tx
    .select({ id: users.id, name: users.name, orgId: users.orgId, email: users.email })
    .from(users)
    .where(eq(users.role, "admin"));
  let queued = 0;
  for (const admin of admins) {
    const inserted = await tx
      .insert(notificationOutbox)
      .values({
        key: `calendar-uncovered-year:${year}:${admin.id}`,
        orgId: admin.orgId,
        kind: "calendar.uncovered-year",
        recipient: { kind: "user", code: admin.name, ...(admin.email ? { address: admin.email } : {}) },
        payload: {
          year,
          message: `${year} 年放假调休安排尚未载入：deadlines reaching ${year} are provisional (weekends only) until it is loaded with ssj calendar load FILE`,
          firstCause: cause,
        },
      })
      .onConflictDoNothing({ target: notificationOutbox.key })
      .returning({ id: notificationOutbox.id });
    queued += inserted.length;
  }
  return queued;
}

function toArrangement(input: unknown): YearArrangement {
  try {
    return parseYearArrangement(input);
  } catch (error) {
    if (error instanceof ArrangementFormatError) throw new BadRequestError(error.message, error.issues.slice(1), "invalid_arrangement");
    throw error;
  }
}
