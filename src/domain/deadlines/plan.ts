// Deadline and ledger times (DESIGN.md, Deadlines and escalation). Pure: the calendar and
// the policy are arguments.
/** `remind-N` (N working days before), `remind-due`, `L1`–`L3`, `reviewer`. */
export type LedgerKind = `remind-${number}` | "remind-due" | "L1" | "L2" | "L3" | "reviewer";

export interface WorkingDayCount {
  date: string;
  /** Counted through a year with no loaded arrangement (weekends only there). */
  provisional: boolean;
  /** Those years, ascending. */
  uncoveredYears: number[];
}

/** The working-day arithmetic the plan needs, provisional where a year is not loaded. */
export interface PlanCalendar {
  /** The n-th working day after `date`, counted from the next calendar day. */
  after(date: string, n: number): WorkingDayCount;
  /** The n-th working day before `date`. */
  before(date: string, n: number): WorkingDayCount;
}

export interface PlanPolicy {
  /** "HH:MM" in Asia/Shanghai. */
  messageTime: string;
  reminders: { workingDaysBefore: number[]; onDueDay: boolean };
  escalation: Record<"L1" | "L2" | "L3", { workingDaysAfterDue: number }>;
}

export interface Deadline {
  dueOn: string;
  /** 23:59:59 Asia/Shanghai of dueOn, as an ISO instant. */
  dueAt: string;
  provisional: boolean;
  uncoveredYears: number[];
}

export interface LedgerEntry {
  kind: LedgerKind;
  /** When it falls due, an ISO instant (messageTime of its day in Asia/Shanghai). */
  dueAt: string;
}

/** Shanghai is UTC+8 all year. */
const SHANGHAI_OFFSET = "+08:00";

export function shanghaiInstant(date: string, time: string): string {
  return new Date(`${date}T${time}${SHANGHAI_OFFSET}`).toISOString();
}

export function deadlineAfter(calendar: PlanCalendar, countedFrom: string, workingDays: number): Deadline {
  const due = calendar.after(countedFrom, workingDays);
  return {
    dueOn: due.date,
    dueAt: shanghaiInstant(due.date, "23:59:59.999"),
    provisional: due.provisional,
    uncoveredYears: due.uncoveredYears,
  };
}

/**
 * Reminders N working days before and on the due day; escalation levels N working days
 * after it — each at the policy's message time. Reminders that would fall before the
 * deadline was set are left to the caller to drop (they are in the past).
 */
export function ledgerEntries(calendar: PlanCalendar, dueOn: string, policy: PlanPolicy): LedgerEntry[] {
  const at = (date: string) => shanghaiInstant(date, `${policy.messageTime}:00.000`);
  const entries: LedgerEntry[] = [];
  for (const n of policy.reminders.workingDaysBefore) {
    entries.push({ kind: `remind-${n}`, dueAt: at(calendar.before(dueOn, n).date) });
  }
  if (policy.reminders.onDueDay) entries.push({ kind: "remind-due", dueAt: at(dueOn) });
  for (const level of ["L1", "L2", "L3"] as const) {
    entries.push({ kind: level, dueAt: at(calendar.after(dueOn, policy.escalation[level].workingDaysAfterDue).date) });
  }
  return entries;
}

/** Escalation levels in order; the highest due one is sent, lower ones missed are skipped (no burst). */
export const escalationLevels = ["L1", "L2", "L3"] as const;
export const reminderKinds = ["remind-5", "remind-1", "remind-due"] as const;
