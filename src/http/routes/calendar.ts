// The working-day calendar over HTTP: ask about a day (any role), list coverage, load a year (admin).
import { z } from "zod";
import { isIsoDate, UncoveredYearError, yearArrangementSchema } from "../../domain/calendar";
import { AppError } from "../../errors";
import { loadCalendar, storeYear } from "../../services/calendar/calendar-service";
import { allRoles, principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../deps";

const dateParam = z.string().refine(isIsoDate, { message: "expected a calendar date YYYY-MM-DD" });

export function calendarRoutes(api: Api, { database: { db }, config }: AppDeps): void {
  api.get(
    "/calendar/years",
    {
      config: { roles: allRoles },
      schema: { tags: ["calendar"], summary: "Years the working-day calendar covers, and where each comes from" },
    },
    async () => {
      const calendar = await loadCalendar(db, config);
      return { covered: calendar.coveredYears(), years: calendar.coverage() };
    },
  );

  api.get(
    "/calendar/:date",
    {
      config: { roles: allRoles },
      schema: {
        tags: ["calendar"],
        summary: "Whether a date is a working day and why; with ?addWorkingDays=N, also the N-th working day after it",
        params: z.object({ date: dateParam }),
        querystring: z.object({ addWorkingDays: z.coerce.number().int().min(1).max(10_000).optional() }),
      },
    },
    async (request) => {
      const calendar = await loadCalendar(db, config);
      const { date } = request.params;
      const n = request.query.addWorkingDays;
      return refusingUncovered(() => ({
        ...calendar.isWorkingDay(date),
        ...(n === undefined ? {} : { addWorkingDays: { n, date: calendar.addWorkingDays(date, n) } }),
      }));
    },
  );

  api.post(
    "/calendar/years",
    {
      config: { roles: ["admin"] },
      schema: {
        tags: ["calendar"],
        summary: "Load a year's 放假调休 arrangement for every process (docs/calendar.md)",
        body: yearArrangementSchema,
      },
    },
    async (request, reply) => {
      const result = await storeYear(db, principal(request), request.body);
      return reply.status(result.changed ? 201 : 200).send(result);
    },
  );
}

function refusingUncovered<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof UncoveredYearError)
      throw new AppError(422, "uncovered_year", error.message, { year: error.year, covered: error.covered });
    throw error;
  }
}
