// The period summary on the demo county: the county's own sentence on a fresh seed, and every
// number equal to what a count straight from the tables gives, after a round and findings.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Db } from "../../src/db/client";
import { seedDemo } from "../../src/services/demo/demo-seed";
import { summaryReport } from "../../src/services/reports/summary";
import { collectRows } from "../../src/services/reports/report-types";
import { clockNow } from "../../src/services/clock";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { operator } from "../helpers/rounds";
import { reportWorld } from "./report-world";
import { testConfig } from "../helpers/config";

describe("the summary of a freshly seeded demo county", () => {
  let fresh: TestDatabase;
  beforeAll(async () => {
    fresh = await createTestDatabase();
    await seedDemo(fresh.database.db, operator, 30, testConfig);
  });
  afterAll(async () => fresh?.drop());

  it("reads the county's own sentence from 2019 on", async () => {
    const report = await summaryReport(fresh.database.db, operator, { from: "2019-01-01" });
    expect(report.sentence).toBe("2019年以来，共开展双随机7次，抽查部门45个，反馈问题18项");
  });

  it("counts the past rounds' outcomes: one accepted late, two still open and overdue", async () => {
    const { totals } = await summaryReport(fresh.database.db, operator, { from: "2019-01-01" });
    expect(totals).toMatchObject({
      roundsHeld: 7,
      roundsImported: 7,
      roundsDrawn: 0,
      draws: 0,
      inspections: 49,
      findings: 18,
      rectifiedOnTime: 15,
      rectifiedLate: 1,
      open: 2,
      overdueNow: 2,
      referrals: 0,
    });
  });

  it("narrows to a period by the date each round was held", async () => {
    const report = await summaryReport(fresh.database.db, operator, { from: "2021-01-01", to: "2022-12-31" });
    expect(report.sentence).toBe("2021年至2022年，共开展双随机2次，抽查部门14个，反馈问题6项");
  });
});

describe("the summary after a round and findings in the system", () => {
  let test: TestDatabase;
  let db: Db;
  let today: string;
  beforeAll(async () => {
    test = await createTestDatabase();
    db = test.database.db;
    await reportWorld(test.database);
    today = (await clockNow(db)).today;
  });
  afterAll(async () => test?.drop());

  async function count(query: ReturnType<typeof sql>): Promise<number> {
    const [row] = await queryRows<{ n: number | string }>(db, query);
    return Number(row?.n ?? 0);
  }

  it("equals, number by number, the counts taken straight from the tables", async () => {
    const report = await summaryReport(db, operator, { from: "2019-01-01" });
    // rounds held: imported ones by held_on, drawn ones by the day of their standing draw
    const heldRounds = sql`(select id from rounds where imported and held_on >= '2019-01-01'
                             union select round_id from draws where kind = 'draw' and status = 'done' and (drawn_at at time zone 'Asia/Shanghai')::date between '2019-01-01' and ${today}::date)`;
    const fedBack = sql`findings f where f.round_id in ${heldRounds} and f.status in ('issued', 'submitted', 'accepted')`;
    const acceptedReport = sql`(select r.submitted_at, r.deadline_version from rectification_reports r where r.finding_id = f.id and r.review = 'accepted')`;
    const dueAtSubmission = sql`(select d.due_at from finding_deadlines d, ${acceptedReport} a where d.finding_id = f.id and d.version = a.deadline_version)`;
    const submitted = sql`(select a.submitted_at from ${acceptedReport} a)`;
    const hasExtension = sql`exists (select 1 from finding_deadlines d where d.finding_id = f.id and d.reason = 'extension')`;
    const expected = {
      roundsHeld: await count(sql`select count(*) as n from ${heldRounds} h`),
      roundsImported: await count(sql`select count(*) as n from rounds where imported`),
      roundsDrawn: await count(sql`select count(distinct round_id) as n from draws where kind = 'draw' and status = 'done'`),
      draws: await count(sql`select count(*) as n from draws where kind = 'draw' and status = 'done'`),
      drawsVoided: await count(sql`select count(*) as n from draws where status = 'voided'`),
      supplements: await count(sql`select count(*) as n from draws where kind = 'supplement' and status = 'done'`),
      departmentsSampled: await count(
        sql`select count(distinct department_id) as n from inspections where not voided and round_id in ${heldRounds}`,
      ),
      inspections: await count(sql`select count(*) as n from inspections where not voided and round_id in ${heldRounds}`),
      findings: await count(sql`select count(*) as n from ${fedBack}`),
      rectifiedOnTime: await count(
        sql`select count(*) as n from ${fedBack} and f.status = 'accepted' and ${submitted} <= ${dueAtSubmission} and not ${hasExtension}`,
      ),
      rectifiedOnTimeAfterExtension: await count(
        sql`select count(*) as n from ${fedBack} and f.status = 'accepted' and ${submitted} <= ${dueAtSubmission} and ${hasExtension}`,
      ),
      rectifiedLate: await count(sql`select count(*) as n from ${fedBack} and f.status = 'accepted' and ${submitted} > ${dueAtSubmission}`),
      open: await count(sql`select count(*) as n from ${fedBack} and f.status in ('issued', 'submitted')`),
      overdueNow: await count(
        sql`select count(*) as n from ${fedBack} and f.status in ('issued', 'submitted') and (select d.due_at from finding_deadlines d where d.finding_id = f.id and d.version = f.deadline_version) < ssj_now()`,
      ),
      extended: await count(sql`select count(*) as n from ${fedBack} and ${hasExtension}`),
      escalationsL1: await count(sql`select count(*) as n from reminder_ledger where kind = 'L1' and status = 'sent'`),
      escalationsL2: await count(sql`select count(*) as n from reminder_ledger where kind = 'L2' and status = 'sent'`),
      escalationsL3: await count(sql`select count(*) as n from reminder_ledger where kind = 'L3' and status = 'sent'`),
      referrals: await count(sql`select count(*) as n from reminder_ledger where kind = 'L3' and status = 'sent'`),
    };
    expect(report.totals).toEqual(expected);
    // and the world is what the test meant it to be: nothing here is a zero by accident
    expect(expected).toMatchObject({
      roundsHeld: 8,
      drawsVoided: 1,
      draws: 1,
      findings: 18 + 5,
      rectifiedOnTime: 15 + 1,
      rectifiedOnTimeAfterExtension: 1,
      rectifiedLate: 1 + 1,
      open: 2 + 2,
      overdueNow: 2 + 1,
      escalationsL1: 1,
      referrals: 1,
    });
    expect(report.sentence).toBe(`2019年以来，共开展双随机8次，抽查部门${expected.departmentsSampled}个，反馈问题23项`);
  });

  it("splits findings by severity, status and item so that each table adds up to the totals", async () => {
    const report = await summaryReport(db, operator, { from: "2019-01-01" });
    const sum = (rows: { findings: number }[]) => rows.reduce((total, row) => total + row.findings, 0);
    expect(sum(await collectRows(report.tables.bySeverity.rows))).toBe(report.totals.findings);
    expect(sum(await collectRows(report.tables.byItem.rows))).toBe(report.totals.findings);
    const byStatus = await collectRows(report.tables.byStatus.rows);
    expect(Object.fromEntries(byStatus.map((row) => [row.code, row.findings]))).toEqual({
      recorded: await count(sql`select count(*) as n from findings where status = 'recorded'`),
      issued: await count(sql`select count(*) as n from findings where status = 'issued'`),
      submitted: await count(sql`select count(*) as n from findings where status = 'submitted'`),
      accepted: await count(sql`select count(*) as n from findings where status = 'accepted'`),
      withdrawn: await count(sql`select count(*) as n from findings where status = 'withdrawn'`),
    });
    const departments = await collectRows(report.tables.departments.rows);
    expect(departments.length).toBe(report.totals.departmentsSampled);
    expect(departments.reduce((total, row) => total + row.findings, 0)).toBe(report.totals.findings);
    expect(departments.reduce((total, row) => total + row.referrals, 0)).toBe(report.totals.referrals);
    expect(departments.reduce((total, row) => total + row.inspections, 0)).toBe(report.totals.inspections);
  });

  it("counts each inspector's seats, leaderships and declines", async () => {
    const report = await summaryReport(db, operator, { from: "2019-01-01" });
    const inspectors = await collectRows(report.tables.inspectors.rows);
    const total = (key: "assignments" | "asLeader" | "declined") => inspectors.reduce((sum, row) => sum + row[key], 0);
    expect(total("assignments")).toBe(
      await count(
        sql`select count(*) as n from inspection_members m join inspections i on i.id = m.inspection_id where not i.voided and m.declined_at is null`,
      ),
    );
    expect(total("asLeader")).toBe(
      await count(
        sql`select count(*) as n from inspection_members m join inspections i on i.id = m.inspection_id where not i.voided and m.declined_at is null and m.leader`,
      ),
    );
    expect(total("declined")).toBe(1);
  });
});
