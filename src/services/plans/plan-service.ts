// Scheduled rounds (docs/scheduled-rounds.md): standing plans stored in PostgreSQL, fired by
// a BullMQ job scheduler per plan (jobs/plan-fire). A firing creates the round and its
// plan_runs row in one transaction — the row, unique per (plan, fire key), is the guard that
// makes a firing happen once however often the job or the sweep runs — then locks the round.
// The draw is requested draw_after_minutes later by the reconcile sweep (drawDuePlanRuns).
import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import type { Database, Db } from "../../db/client";
import { inspectionItems, organizations, planRuns, roundPlans, rounds } from "../../db/schema";
import { checkParams } from "../../domain/draw/params";
import { AppError, BadRequestError, ConflictError, NotFoundError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import type { Organization } from "../orgs/org-service";
import { actorCode } from "../rounds/actor-code";
import { clockNow } from "../clock";
import type { DeploymentConfig } from "../deployment";
import { lockRound, requestDraw } from "../rounds/round-service";
import { resolveWindow } from "../rounds/round-types";
import { inScope, type Principal } from "../scope";
import { loadCalendar } from "../calendar/calendar-service";
import {
  checkLockCron,
  checkLockOn,
  fillPattern,
  fireKeyOf,
  fireTimeOf,
  isLockDay,
  missedFiring,
  nextFiring,
  schedulerCron,
  shanghaiDate,
} from "./plan-fns";
import { planTemplateSchema, type PlanInput } from "./plan-types";

export type Plan = typeof roundPlans.$inferSelect;
export type PlanRun = typeof planRuns.$inferSelect;

/** Who fires plans and requests their draws: the worker, acting for nobody in particular. */
export const schedulerPrincipal: Principal = { actor: { kind: "system", via: "worker" }, role: "operator", orgId: null, orgPath: null };

/** How many round numbers a firing tries before giving up (`{seq}` 1, 2, …). */
const MAX_SEQ = 999;

export async function createPlan(db: Db, principal: Principal, org: Organization, input: PlanInput): Promise<Plan> {
  const moment = await clockNow(db);
  const cron = checkLockCron(input.lockCron, new Date(moment.at));
  if (!cron.ok) throw new BadRequestError(cron.message, undefined, "bad_cron");
  const lockOn = input.lockOn ? checkLockOn(input.lockCron) : cron;
  if (!lockOn.ok) throw new BadRequestError(lockOn.message, undefined, "bad_cron");
  const checked = checkParams({ ...input.template.params, asOf: moment.today, seed: { source: "server" } });
  if (!checked.ok) throw new BadRequestError(checked.issues[0] ?? "invalid params", checked.issues);
  const items = await db
    .select({ code: inspectionItems.code })
    .from(inspectionItems)
    .where(and(eq(inspectionItems.orgId, org.id), eq(inspectionItems.active, true)));
  const unknown = checked.params.items.filter((code) => !items.some((item) => item.code === code));
  if (unknown.length > 0)
    throw new BadRequestError(`unknown inspection item(s): ${unknown.join(", ")}`, { unknownItems: unknown }, "unknown_codes");
  return db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(roundPlans)
      .values({
        orgId: org.id,
        name: input.name,
        lockCron: input.lockCron.trim().replace(/\s+/gu, " "),
        lockOn: input.lockOn ?? null,
        drawAfterMinutes: input.drawAfterMinutes,
        template: input.template,
        createdBy: actorCode(principal),
      })
      .returning();
    if (!plan) throw new Error("plan was not stored");
    await appendAudit(tx, {
      actor: principal.actor,
      action: "plan.create",
      subject: `plan:${plan.id}`,
      orgId: org.id,
      payload: {
        name: plan.name,
        lockCron: plan.lockCron,
        ...(plan.lockOn ? { lockOn: plan.lockOn } : {}),
        drawAfterMinutes: plan.drawAfterMinutes,
        template: plan.template,
      },
    });
    return plan;
  });
}

export interface PlanView extends Plan {
  orgCode: string;
  /** The next lock this plan's cron schedules (null when inactive). */
  nextLockAt: string | null;
  runs: {
    fireKey: string;
    roundId: string | null;
    roundNumber: string | null;
    roundStatus: string | null;
    drawDueAt: Date;
    drawRequestedAt: Date | null;
  }[];
}

export async function listPlans(db: Db, principal: Principal): Promise<PlanView[]> {
  const plans = await db
    .select({ plan: roundPlans, orgCode: organizations.code })
    .from(roundPlans)
    .innerJoin(organizations, eq(organizations.id, roundPlans.orgId))
    .where(inScope(principal, roundPlans.orgId))
    .orderBy(asc(organizations.path), asc(roundPlans.createdAt));
  if (plans.length === 0) return [];
  const runs = await db
    .select({
      planId: planRuns.planId,
      fireKey: planRuns.fireKey,
      roundId: planRuns.roundId,
      roundNumber: rounds.number,
      roundStatus: rounds.status,
      drawDueAt: planRuns.drawDueAt,
      drawRequestedAt: planRuns.drawRequestedAt,
    })
    .from(planRuns)
    .leftJoin(rounds, eq(rounds.id, planRuns.roundId))
    .where(sql`${planRuns.planId} in (select id from round_plans where ${inScope(principal, roundPlans.orgId)})`)
    .orderBy(asc(planRuns.fireKey));
  const now = new Date((await clockNow(db)).at);
  return plans.map(({ plan, orgCode }) => ({
    ...plan,
    orgCode,
    nextLockAt: plan.active ? (nextFiring(plan.lockCron, now)?.toISOString() ?? null) : null,
    runs: runs.filter((run) => run.planId === plan.id).map(({ planId: _planId, ...run }) => run),
  }));
}

export async function findPlan(db: Db, principal: Principal, planId: string): Promise<Plan> {
  if (!/^[0-9a-f-]{36}$/i.test(planId)) throw new NotFoundError(`no plan ${planId}`);
  const [plan] = await db
    .select()
    .from(roundPlans)
    .where(and(eq(roundPlans.id, planId), inScope(principal, roundPlans.orgId)));
  if (!plan) throw new NotFoundError(`no plan ${planId}`);
  return plan;
}

/** Stops a plan: it fires no more (its scheduler goes at the next watchdog pass). Rounds it made stay. */
export async function deactivatePlan(db: Db, principal: Principal, planId: string): Promise<Plan> {
  return db.transaction(async (tx) => {
    const plan = await findPlan(tx, principal, planId);
    if (!plan.active) return plan;
    const [row] = await tx.update(roundPlans).set({ active: false }).where(eq(roundPlans.id, plan.id)).returning();
    if (!row) throw new Error("plan vanished");
    await appendAudit(tx, {
      actor: principal.actor,
      action: "plan.deactivate",
      subject: `plan:${plan.id}`,
      orgId: plan.orgId,
      payload: { name: plan.name },
    });
    return row;
  });
}

/** The plans whose job schedulers should exist, with the cron each runs (jobs/runtime.ts ensureSchedulers). */
export async function activePlanSchedules(db: Db): Promise<{ planId: string; schedulerCron: string }[]> {
  const rows = await db
    .select({ planId: roundPlans.id, lockCron: roundPlans.lockCron, lockOn: roundPlans.lockOn })
    .from(roundPlans)
    .where(eq(roundPlans.active, true))
    .orderBy(asc(roundPlans.createdAt));
  return rows.map((row) => ({ planId: row.planId, schedulerCron: schedulerCron(row) }));
}

export type PlanFiring =
  | { status: "fired"; runId: string; roundId: string; number: string; locked: boolean }
  | { status: "exists"; runId: string; roundId: string | null; locked: boolean }
  | { status: "inactive" }
  /** A "first working day on or after" plan's daily wake-up on a day that is not its lock day. */
  | { status: "not-a-lock-day" };

/**
 * Fires a plan for the firing `fireKey` (the scheduled lock time, see plan-fns fireKeyOf).
 * At-least-once safe: the plan_runs row and the round are created together, once; a second
 * call with the same key finds the row and only finishes what a crash left undone (the lock).
 */
export async function firePlan(database: Database, planId: string, fireKey: string, config: DeploymentConfig): Promise<PlanFiring> {
  const firing = fireTimeOf(fireKey);
  const created = await database.db.transaction(async (tx) => {
    const [plan] = await tx.select().from(roundPlans).where(eq(roundPlans.id, planId));
    if (!plan) throw new NotFoundError(`no plan ${planId}`);
    const existing = await runOf(tx, planId, fireKey);
    if (existing) return { run: existing, number: null };
    if (!plan.active) return null;
    if (plan.lockOn && !isLockDay(plan.lockCron, firing, firstWorkingDayOnOrAfter(await loadCalendar(tx, config))))
      return "not-a-lock-day" as const;
    const template = planTemplateSchema.parse(plan.template);
    const [run] = await tx
      .insert(planRuns)
      .values({ planId, fireKey, drawDueAt: sql`ssj_now() + make_interval(mins => ${plan.drawAfterMinutes}::int)` })
      .onConflictDoNothing()
      .returning();
    if (!run) {
      // a concurrent firing of the same key committed first
      const other = await runOf(tx, planId, fireKey);
      if (!other) throw new Error("plan run vanished");
      return { run: other, number: null };
    }
    const firedOn = shanghaiDate(firing).iso;
    const window = resolveWindow(template.window, firedOn);
    for (let seq = 1; seq <= MAX_SEQ; seq++) {
      const number = fillPattern(template.numberPattern, firing, seq);
      const [round] = await tx
        .insert(rounds)
        .values({
          orgId: plan.orgId,
          number,
          title: fillPattern(template.titlePattern, firing, seq),
          params: template.params,
          seedSource: "server",
          notice: template.notice,
          windowStart: window?.start ?? null,
          windowEnd: window?.end ?? null,
          planId: plan.id,
          createdBy: actorCode(schedulerPrincipal),
        })
        .onConflictDoNothing()
        .returning({ id: rounds.id, number: rounds.number });
      if (!round) continue; // the number is taken (a manual round, another plan): try the next {seq}
      const [linked] = await tx.update(planRuns).set({ roundId: round.id }).where(eq(planRuns.id, run.id)).returning();
      if (!linked) throw new Error("plan run vanished");
      await appendAudit(tx, {
        actor: schedulerPrincipal.actor,
        action: "plan.fire",
        subject: `plan:${plan.id}`,
        orgId: plan.orgId,
        payload: { fireKey, roundId: round.id, number: round.number, drawDueAt: linked.drawDueAt.toISOString() },
      });
      return { run: linked, number: round.number };
    }
    throw new ConflictError(
      `plan ${plan.name}: every round number ${template.numberPattern} with {seq} up to ${MAX_SEQ} is taken`,
      undefined,
      "number_taken",
    );
  });
  if (!created) return { status: "inactive" };
  if (created === "not-a-lock-day") return { status: created };
  const { run } = created;
  const locked = run.roundId ? await lockIfDraft(database, run.roundId) : false;
  if (created.number !== null && run.roundId)
    return { status: "fired", runId: run.id, roundId: run.roundId, number: created.number, locked };
  return { status: "exists", runId: run.id, roundId: run.roundId, locked };
}

function firstWorkingDayOnOrAfter(calendar: Awaited<ReturnType<typeof loadCalendar>>): (isoDate: string) => string {
  return (isoDate) => calendar.nthWorkingDayOnOrAfter(isoDate);
}

async function runOf(db: Db, planId: string, fireKey: string): Promise<PlanRun | undefined> {
  const [run] = await db
    .select()
    .from(planRuns)
    .where(and(eq(planRuns.planId, planId), eq(planRuns.fireKey, fireKey)));
  return run;
}

/** Locks a plan's round if it is still a draft; true when it is locked now (by us or anyone). */
async function lockIfDraft(database: Database, roundId: string): Promise<boolean> {
  const [round] = await database.db.select({ status: rounds.status }).from(rounds).where(eq(rounds.id, roundId));
  if (!round) return false;
  if (round.status !== "draft") return round.status !== "cancelled";
  try {
    await lockRound(database, schedulerPrincipal, roundId);
    return true;
  } catch (error) {
    // a concurrent firing of the same key locked it first (wrong_status, or a serialization
    // failure of lockRound's repeatable-read transaction): then the round is no draft any more
    const [now] = await database.db.select({ status: rounds.status }).from(rounds).where(eq(rounds.id, roundId));
    if (now && now.status !== "draft") return now.status !== "cancelled";
    throw error;
  }
}

export interface DueDraws {
  /** Draws requested now; the caller wakes their jobs once this has committed. */
  drawIds: string[];
  /** Runs that were due but whose round could not be drawn (cancelled, drawn by hand, …): marked, not retried. */
  skipped: { runId: string; roundId: string; reason: string }[];
}

/**
 * Requests the draw of every plan run whose draw is due (draw_due_at ≤ now) and not yet
 * requested, with the round's server seed. Each run is taken FOR UPDATE SKIP LOCKED and
 * marked in the same transaction as the request, so two sweeps at once request it once; the
 * draws table's one-live-draw-per-round index guards as well.
 */
export async function drawDuePlanRuns(database: Database): Promise<DueDraws> {
  const { db } = database;
  const due = await db
    .select({ id: planRuns.id })
    .from(planRuns)
    .innerJoin(rounds, eq(rounds.id, planRuns.roundId))
    .where(and(lte(planRuns.drawDueAt, sql`ssj_now()`), isNull(planRuns.drawRequestedAt), eq(rounds.status, "locked")))
    .orderBy(asc(planRuns.drawDueAt));
  const result: DueDraws = { drawIds: [], skipped: [] };
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const [run] = await tx
        .select()
        .from(planRuns)
        .where(and(eq(planRuns.id, id), isNull(planRuns.drawRequestedAt)))
        .for("update", { skipLocked: true });
      if (!run?.roundId) return; // another sweep has it, or had it
      await tx.update(planRuns).set({ drawRequestedAt: sql`ssj_now()` }).where(eq(planRuns.id, run.id));
      try {
        // requestDraw's transaction nests as a savepoint of this one; it appends its audit event last
        const draw = await requestDraw(tx, schedulerPrincipal, run.roundId, { seedSource: "server" });
        result.drawIds.push(draw.id);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        result.skipped.push({ runId: run.id, roundId: run.roundId, reason: error.message });
      }
    });
  }
  return result;
}

export interface CaughtUp {
  fired: { planId: string; fireKey: string; status: PlanFiring["status"] }[];
  failed: { planId: string; fireKey: string; message: string }[];
}

/**
 * Fires what an emptied Redis made the schedulers miss (DESIGN.md, rule 1): per active plan,
 * its most recent firing if it lies within the last 24 h, after the plan was created, and has
 * no plan run yet — or has one whose round a crash left unlocked. Only the most recent: a
 * plan does not make up for firings older than that (docs/scheduled-rounds.md).
 */
export async function catchUpPlanFirings(database: Database, config: DeploymentConfig): Promise<CaughtUp> {
  const { db } = database;
  const now = new Date((await clockNow(db)).at);
  const plans = await db.select().from(roundPlans).where(eq(roundPlans.active, true));
  const result: CaughtUp = { fired: [], failed: [] };
  for (const plan of plans) {
    const at = missedFiring(schedulerCron(plan), plan.createdAt, now);
    if (!at) continue;
    const fireKey = fireKeyOf(at);
    const [run] = await db
      .select({ status: rounds.status })
      .from(planRuns)
      .leftJoin(rounds, eq(rounds.id, planRuns.roundId))
      .where(and(eq(planRuns.planId, plan.id), eq(planRuns.fireKey, fireKey)));
    if (run && run.status !== "draft") continue;
    try {
      const firing = await firePlan(database, plan.id, fireKey, config);
      result.fired.push({ planId: plan.id, fireKey, status: firing.status });
    } catch (error) {
      result.failed.push({ planId: plan.id, fireKey, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}
