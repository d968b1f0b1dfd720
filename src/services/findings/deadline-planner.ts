// Binds the pure deadline plan to the loaded calendar and the deployment's policy.
import type { Policy } from "../../../config/policy";
import type { Severity } from "../../domain/severities";
import { deadlineAfter, ledgerEntries, type Deadline, type LedgerEntry, type PlanCalendar } from "../../domain/deadlines/plan";

export interface DeadlinePlanner {
  defaultWorkingDays(severity: Severity): number;
  deadline(countedFrom: string, workingDays: number): Deadline;
  ledger(dueOn: string): LedgerEntry[];
}

export function deadlinePlanner(calendar: PlanCalendar, policy: Policy): DeadlinePlanner {
  return {
    defaultWorkingDays: (severity) => policy.rectifyWorkingDays[severity],
    deadline: (countedFrom, workingDays) => deadlineAfter(calendar, countedFrom, workingDays),
    ledger: (dueOn) => ledgerEntries(calendar, dueOn, policy),
  };
}
