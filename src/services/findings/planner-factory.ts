// The deadline planner of this deployment: the calendar as loaded now (package, database
// years, config overrides) and the policy (config/policy.json), both from the composition root.
import type { Db } from "../../db/client";
import { addDays, yearOf, type WorkingCalendar } from "../../domain/calendar";
import type { PlanCalendar } from "../../domain/deadlines/plan";
import { loadCalendar } from "../calendar/calendar-service";
import type { DeploymentConfig } from "../deployment";
import { deadlinePlanner, type DeadlinePlanner } from "./deadline-planner";

export async function loadDeadlinePlanner(db: Db, config: DeploymentConfig): Promise<DeadlinePlanner> {
  return deadlinePlanner(planCalendar(await loadCalendar(db, config)), config.policy);
}

/** Counts that never refuse: inside a year with no loaded arrangement, weekends only, marked provisional. */
export function planCalendar(calendar: WorkingCalendar): PlanCalendar {
  return {
    after(date, n) {
      return calendar.addWorkingDaysProvisional(date, n);
    },
    before(date, n) {
      let day = date;
      const uncovered = new Set<number>();
      for (let left = n; left > 0; ) {
        day = addDays(day, -1);
        const verdict = calendar.describeDay(day);
        if (verdict.provisional) uncovered.add(yearOf(day));
        if (verdict.working) left--;
      }
      return { date: day, provisional: uncovered.size > 0, uncoveredYears: [...uncovered].sort((a, b) => a - b) };
    },
  };
}
