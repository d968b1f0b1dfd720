// `npm run bench -- reports [--runs N]`: the discipline office's reports over a province's
// seven years — 1,000,000 findings in 1,344 rounds (2019–2025) of 96 counties — through the
// same service calls the API makes: the period summary over the seven years for the whole
// org subtree (summaryMs), the first page of 50 overdue findings with its total (overdueMs),
// and the overdue worklist (100,000 rows) exported as XLSX to a file through the real export
// path (xlsxMs, xlsxPeakRssMb: the export runs in a child process of its own, whose peak RSS
// is process.resourceUsage().maxRSS). Each figure is the median of N runs; the last stdout
// line is one JSON object.
//
// Database (PostgreSQL at SSJ_BENCH_PG, default postgres://postgres@127.0.0.1:5432):
// ssj_bench_reports, created when missing and loaded in SQL (INSERT … SELECT generate_series,
// ~2–4 minutes); the database comment names REPORTS_DATA_VERSION and a hash of drizzle/ (the
// migrations it was built with). A database whose comment matches is reused as it is; any
// other (or none: an interrupted load) is dropped and loaded again. Change
// REPORTS_DATA_VERSION when the generator changes.
//
// The shape (all of it deterministic, derived from row numbers and hashint8):
// - organizations: a province BENCH-RPT, 12 cities, 8 counties each (96 counties);
// - 200 departments and 50 inspectors per county; 30 inspection items (the province's list);
// - 2 rounds a year per county, 2019–2025: those of 2019–2021 imported (held_on), those of
//   2022–2025 drawn in the system (a lock and a done main draw; some rounds a voided draw
//   before it, some a supplementary draw); 50 inspections per round, 3 members each;
// - findings, ~15 per inspection: 2% recorded (never issued), 2% withdrawn, 6% issued and 4%
//   submitted (open: 100,000, every one past its deadline now), 86% accepted — of those ~12%
//   late; ~12% of the findings fed back have an extension (deadline version 2);
// - a deadline version per finding issued (plus the extension); an accepted rectification
//   report per accepted finding (~1 in 7 after a rejected one), a pending one per submitted;
// - the reminder ledger of the findings of drawn rounds: remind-due, L1, L2, L3 for the
//   deadline in force, sent where the finding was late or is overdue, cancelled otherwise.
// - the classification denormalized on findings (due_at of the deadline in force, extended,
//   rectification), written with the row as the services keep it: the accepted report is
//   judged against the deadline in force (its version), late exactly where the report is.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openPostgres } from "../src/db/client";
import { benchPgBase, median, migrationsHash, reuseOrRecreate } from "./bench-db";
import { renderReport } from "../src/services/reports/export/render";
import { summaryReport } from "../src/services/reports/summary";
import { overdueReport, type OverdueRow } from "../src/services/reports/worklists";
import { operatorPrincipal } from "../src/services/scope";

const DB_NAME = "ssj_bench_reports";
const REPORTS_DATA_VERSION = "ssj-bench reports v2 (1,000,000 findings, 96 counties, 2019-2025; classification on findings)";
const ROOT_ORG = "BENCH-RPT";
const FINDINGS = 1_000_000;
const PERIOD = { from: "2019-01-01", to: "2025-12-31" };

const base = benchPgBase;
const url = `${base}/${DB_NAME}`;
const principal = operatorPrincipal("bench");

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { runs: { type: "string", default: "3" }, "xlsx-child": { type: "string" } } });
  if (values["xlsx-child"] !== undefined) return exportChild(values["xlsx-child"]);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a positive whole number");
  const log = (line: string): void => void process.stderr.write(`[bench reports] ${line}\n`);

  await prepare(log);
  const dir = join(".bench", "reports");
  await mkdir(dir, { recursive: true });
  const file = join(dir, "overdue.xlsx");

  const database = openPostgres(url, { max: 4 });
  const figures = { summaryMs: [] as number[], overdueMs: [] as number[], xlsxMs: [] as number[], xlsxPeakRssMb: [] as number[] };
  let facts = { findings: 0, sentence: "", overdueTotal: 0, xlsxRows: 0, xlsxBytes: 0 };
  try {
    for (let n = 0; n < runs; n++) {
      const load = loadNow();
      let started = performance.now();
      const summary = await summaryReport(database.db, principal, { ...PERIOD, org: ROOT_ORG });
      const summaryMs = performance.now() - started;

      started = performance.now();
      const overdue = await overdueReport(database.db, principal, { org: ROOT_ORG, page: { limit: 50, offset: 0 } });
      const overdueMs = performance.now() - started;
      const page = overdue.tables.overdue?.rows;
      if (!Array.isArray(page) || page.length !== Math.min(50, overdue.total)) throw new Error("the overdue page is not 50 rows");

      const exported = await exportInChild(file);
      const bytes = (await stat(file)).size;
      figures.summaryMs.push(summaryMs);
      figures.overdueMs.push(overdueMs);
      figures.xlsxMs.push(exported.ms);
      figures.xlsxPeakRssMb.push(exported.peakRssMb);
      facts = {
        findings: await countFindings(database),
        sentence: summary.sentence,
        overdueTotal: overdue.total,
        xlsxRows: exported.rows,
        xlsxBytes: bytes,
      };
      log(
        `run ${n + 1}/${runs} (load ${load}): summary ${summaryMs.toFixed(0)} ms (${summary.sentence}; ${summary.totals.overdueNow} overdue, ${(summary.tables.departments.rows as readonly unknown[]).length} departments), ` +
          `overdue page ${overdueMs.toFixed(0)} ms (total ${overdue.total}), xlsx ${exported.ms.toFixed(0)} ms, peak RSS ${exported.peakRssMb.toFixed(0)} MB (${exported.rows} rows, ${(bytes / 1e6).toFixed(1)} MB)`,
      );
    }
  } finally {
    await database.close();
  }
  await rm(file, { force: true });
  const result = {
    scenario: "reports",
    runs,
    findings: facts.findings,
    summaryMs: round1(median(figures.summaryMs)),
    overdueMs: round1(median(figures.overdueMs)),
    overdueTotal: facts.overdueTotal,
    xlsxRows: facts.xlsxRows,
    xlsxMs: round1(median(figures.xlsxMs)),
    xlsxPeakRssMb: round1(median(figures.xlsxPeakRssMb)),
    xlsxMb: round1(facts.xlsxBytes / 1e6),
    loadAvg: loadNow(),
  };
  process.stdout.write(JSON.stringify(result) + "\n");
}

// ---------------------------------------------------------------------------------------
// The export, in a process of its own: `ssj report overdue --format xlsx --out FILE` does
// the same (overdueReport with every row, renderReport to a file stream).

async function exportChild(file: string): Promise<void> {
  const database = openPostgres(url, { max: 2 });
  let rows = 0;
  try {
    const started = performance.now();
    const report = await overdueReport(database.db, principal, { org: ROOT_ORG, page: null });
    const table = report.tables.overdue;
    if (!table) throw new Error("no overdue table");
    const source = table.rows as AsyncIterable<OverdueRow>;
    table.rows = (async function* counted() {
      for await (const row of source) {
        rows++;
        yield row;
      }
    })();
    const out = createWriteStream(file);
    const done = finished(out);
    await renderReport(report, "xlsx", out);
    await done;
    const ms = performance.now() - started;
    process.stdout.write(`${JSON.stringify({ ms, rows, total: report.total, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
  } finally {
    await database.close();
  }
}

async function exportInChild(file: string): Promise<{ ms: number; rows: number; peakRssMb: number }> {
  const shim = fileURLToPath(new URL("../bin/ssj-bench.js", import.meta.url));
  // The child's heap is Node's default (what `ssj report` runs with), not the bench's 4 GiB.
  const child = spawn(process.execPath, [shim, "reports", "--xlsx-child", file], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, SSJ_BENCH_RESPAWNED: "1" },
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve, reject) => child.on("error", reject).on("close", resolve));
  if (code !== 0) throw new Error(`the export child exited with ${code}`);
  const last = stdout.trim().split("\n").at(-1) ?? "";
  const figures = JSON.parse(last) as { ms: number; rows: number; total: number; peakRssMb: number };
  if (figures.rows !== figures.total) throw new Error(`the export wrote ${figures.rows} rows of ${figures.total}`);
  return figures;
}

async function countFindings(database: ReturnType<typeof openPostgres>): Promise<number> {
  const [row] = await (database.client as postgres.Sql)<{ n: number }[]>`select count(*)::int as n from findings`;
  return Number(row?.n ?? 0);
}

// ---------------------------------------------------------------------------------------
// The database.

async function prepare(log: (line: string) => void): Promise<void> {
  const version = `${REPORTS_DATA_VERSION}; migrations ${await migrationsHash()}`;
  if (await reuseOrRecreate(DB_NAME, version, log)) return;
  const started = performance.now();
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe("set work_mem = '256MB'; set maintenance_work_mem = '512MB'; set synchronous_commit = off");
    for (const [label, statement] of loadStatements()) {
      const t = performance.now();
      await client.unsafe(statement);
      log(`${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    await client.unsafe("vacuum analyze");
    await client.unsafe(`comment on database ${DB_NAME} is '${version}'`);
  } finally {
    await client.end();
  }
  log(`loaded ${DB_NAME} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** A deterministic uuid of kind K (one hex digit) and number `n` (an SQL expression). */
function uid(kind: string, n: string): string {
  return `('0000000${kind}-0000-4000-8000-' || lpad(to_hex((${n})::bigint), 12, '0'))::uuid`;
}

// Row numbers: county c in 0..95 (city c/8); round r = c*14 + (year-2019)*2 + half;
// inspection i = r*50 + p; finding n in 0..999,999 sits on inspection n*67200/1000000.
const COUNTIES = 96;
const ROUNDS = COUNTIES * 14;
const INSPECTIONS = ROUNDS * 50;
const roundDate = (r: string) => `make_date((2019 + ((${r}) % 14) / 2)::int, (3 + 6 * ((${r}) % 2))::int, (5 + ((${r}) / 14) % 20)::int)`;
const deptOf = (i: string) => `((${i}) / 50 / 14) * 200 + (((${i}) % 50) * 4 + ((${i}) / 50 % 14) % 4) % 200`;
const endOfDay = (d: string) => `((${d})::timestamp + interval '23:59:59.999') at time zone 'Asia/Shanghai'`;

function loadStatements(): [string, string][] {
  const findingsCte = `
    with g as (select n, (n::bigint * ${INSPECTIONS} / ${FINDINGS})::int as i from generate_series(0, ${FINDINGS - 1}) n),
    f as (
      select n, i, i / 50 as r, i / 50 / 14 as c, n % 100 as cat,
             abs(hashint8(n) % 100) as e, abs(hashint8(n + 7777777) % 100) as s, abs(hashint8(3 * n + 1) % 30) as item,
             ${roundDate("i / 50")} + 20 as issued_on,
             (i / 50) % 14 < 6 as imported
        from g),
    d as (
      select f.*, issued_on + case when s < 70 then 28 when s < 95 then 14 else 7 end as due1,
             cat >= 2 and e < 12 as extended
        from f),
    fx as (
      select d.*, case when extended then due1 + 30 else due1 end as due_cur,
             case when cat < 2 then 0 when extended then 2 else 1 end as version,
             case when cat < 2 then 'recorded' when cat < 4 then 'withdrawn' when cat < 10 then 'issued' when cat < 14 then 'submitted' else 'accepted' end as status,
             cat >= 14 and e between 8 and 19 as late
        from d)`;
  return [
    [
      "organizations",
      `insert into organizations (id, code, name, parent_id, path)
         select ${uid("1", "0")}, '${ROOT_ORG}', '基准省', null, '${ROOT_ORG}';
       insert into organizations (id, code, name, parent_id, path)
         select ${uid("1", "1 + k")}, 'RPT-C' || lpad(k::text, 2, '0'), '基准市' || k, ${uid("1", "0")}, '${ROOT_ORG}/RPT-C' || lpad(k::text, 2, '0')
           from generate_series(0, 11) k;
       insert into organizations (id, code, name, parent_id, path)
         select ${uid("1", "100 + c")}, 'RPT-K' || lpad(c::text, 3, '0'), '基准县' || c, ${uid("1", "1 + c / 8")},
                '${ROOT_ORG}/RPT-C' || lpad((c / 8)::text, 2, '0') || '/RPT-K' || lpad(c::text, 3, '0')
           from generate_series(0, ${COUNTIES - 1}) c;
       insert into inspection_items (id, org_id, code, name)
         select ${uid("4", "k")}, ${uid("1", "0")}, 'ITEM-' || lpad(k::text, 2, '0'), '抽查事项 ' || k || '：行政许可与监管执法情况'
           from generate_series(1, 30) k;`,
    ],
    [
      "departments, inspectors",
      `insert into departments (id, org_id, code, name, kind)
         select ${uid("2", "n")}, ${uid("1", "100 + n / 200")}, 'RD' || lpad(n::text, 6, '0'), '基准县' || n / 200 || '第' || n % 200 || '号单位', 'department'
           from generate_series(0, ${COUNTIES * 200 - 1}) n;
       insert into inspectors (id, org_id, code, name, status)
         select ${uid("3", "n")}, ${uid("1", "100 + n / 50")}, 'RI' || lpad(n::text, 6, '0'), '检查员' || n, case when n % 29 = 0 then 'retired' else 'active' end
           from generate_series(0, ${COUNTIES * 50 - 1}) n;`,
    ],
    [
      "rounds, locks, draws",
      `insert into rounds (id, org_id, number, title, status, params, seed_source, notice, imported, held_on, created_by)
         select ${uid("5", "r")}, ${uid("1", "100 + r / 14")}, 'RPT-K' || lpad((r / 14)::text, 3, '0') || '〔' || (2019 + (r % 14) / 2) || '〕' || (1 + r % 2) || '号',
                '双随机抽查 ' || r, 'closed', '{}'::jsonb, 'witness', '{"mode":"at-draw"}'::jsonb,
                r % 14 < 6, case when r % 14 < 6 then ${roundDate("r")} end, 'bench'
           from generate_series(0, ${ROUNDS - 1}) r;
       insert into round_locks (id, round_id, seq, locked_by, params, departments_hash, inspectors_hash, history_hash, department_count, inspector_count, history_count, manifest_hash, locked_at)
         select ${uid("6", "r")}, ${uid("5", "r")}, 1, 'bench', '{}'::jsonb, 'd' || r, 'i' || r, 'h' || r, 200, 50, 0, 'm' || r, ${roundDate("r")} - 3
           from generate_series(0, ${ROUNDS - 1}) r where r % 14 >= 6;
       insert into draws (id, round_id, lock_id, kind, status, seed_source, seed_input, requested_by, requested_at, drawn_at, voided_at, voided_by, void_reason)
         select ${uid("7", "10000 + r")}, ${uid("5", "r")}, ${uid("6", "r")}, 'draw', 'voided', 'witness', 'void-' || r, 'bench',
                ${roundDate("r")} - 1, (${roundDate("r")} - 1)::timestamp at time zone 'Asia/Shanghai' + interval '10 hours', ${roundDate("r")}, 'bench', '见证人读数有误'
           from generate_series(0, ${ROUNDS - 1}) r where r % 14 >= 6 and r % 9 = 0;
       insert into draws (id, round_id, lock_id, kind, status, seed_source, seed_input, requested_by, requested_at, drawn_at)
         select ${uid("7", "r")}, ${uid("5", "r")}, ${uid("6", "r")}, 'draw', 'done', 'witness', 'seed-' || r, 'bench',
                ${roundDate("r")}, ${roundDate("r")}::timestamp at time zone 'Asia/Shanghai' + interval '10 hours'
           from generate_series(0, ${ROUNDS - 1}) r where r % 14 >= 6;
       insert into draws (id, round_id, lock_id, kind, parent_draw_id, status, seed_source, seed_input, requested_by, requested_at, drawn_at)
         select ${uid("7", "20000 + r")}, ${uid("5", "r")}, ${uid("6", "r")}, 'supplement', ${uid("7", "r")}, 'done', 'witness', 'supp-' || r, 'bench',
                ${roundDate("r")} + 5, (${roundDate("r")} + 5)::timestamp at time zone 'Asia/Shanghai' + interval '10 hours'
           from generate_series(0, ${ROUNDS - 1}) r where r % 14 >= 6 and r % 5 = 0;`,
    ],
    [
      "inspections, members",
      `insert into inspections (id, round_id, draw_id, org_id, department_id, position, starts_on, ends_on, notice_at)
         select ${uid("8", "i")}, ${uid("5", "i / 50")}, case when (i / 50) % 14 >= 6 then ${uid("7", "i / 50")} end, ${uid("1", "100 + i / 50 / 14")},
                ${uid("2", deptOf("i"))}, i % 50, ${roundDate("i / 50")} + 7, ${roundDate("i / 50")} + 9, ${roundDate("i / 50")}::timestamp at time zone 'Asia/Shanghai'
           from generate_series(0, ${INSPECTIONS - 1}) i;
       insert into inspection_members (id, inspection_id, inspector_id, leader, source, seated_at, declined_at, decline_reason)
         select ${uid("9", "m")}, ${uid("8", "m / 3")}, ${uid("3", "(m / 3 / 50 / 14) * 50 + m % 50")}, m % 3 = 0,
                case when (m / 150) % 14 < 6 then 'import' when m % 41 = 0 then 'supplement' when m % 23 = 0 then 'alternate' else 'draw' end,
                ${roundDate("m / 150")}::timestamp at time zone 'Asia/Shanghai',
                case when (m / 150) % 14 >= 6 and m % 37 = 0 then ${roundDate("m / 150")}::timestamp at time zone 'Asia/Shanghai' + interval '1 day' end,
                case when (m / 150) % 14 >= 6 and m % 37 = 0 then '回避' end
           from generate_series(0, ${INSPECTIONS * 3 - 1}) m;`,
    ],
    [
      "findings",
      `${findingsCte}
       insert into findings (id, org_id, round_id, inspection_id, department_id, item_id, description, severity, status, rectify_days, deadline_version,
                             recorded_by, issued_by, issued_at, accepted_at, withdrawn_at, withdraw_reason, imported, due_at, extended, rectification, created_at, updated_at)
       select ${uid("a", "n")}, ${uid("1", "100 + c")}, ${uid("5", "r")}, ${uid("8", "i")}, ${uid("2", deptOf("i"))}, ${uid("4", "1 + item")},
              '检查发现：第' || (1 + item) || '项抽查事项未按规定落实，相关台账资料不全，整改措施未到位（编号' || n || '）',
              case when s < 70 then 'general' when s < 95 then 'serious' else 'urgent' end,
              status, null, version, 'bench',
              case when cat >= 2 then 'bench' end,
              case when cat >= 2 then issued_on::timestamp at time zone 'Asia/Shanghai' + interval '10 hours' end,
              case when status = 'accepted' then ${endOfDay("due_cur")} + (case when late then 4 + e % 15 else 3 - (1 + e % 20) end) * interval '1 day' end,
              case when status = 'withdrawn' then issued_on::timestamp at time zone 'Asia/Shanghai' + interval '5 days' end,
              case when status = 'withdrawn' then '重复记录' end,
              imported,
              case when cat >= 2 then ${endOfDay("due_cur")} end,
              extended,
              case when status = 'accepted' then case when late then 'late' when extended then 'on_time_extended' else 'on_time' end end,
              (issued_on - 1)::timestamp at time zone 'Asia/Shanghai', (issued_on - 1)::timestamp at time zone 'Asia/Shanghai'
         from fx`,
    ],
    [
      "finding deadlines",
      `${findingsCte}
       insert into finding_deadlines (finding_id, version, counted_from, working_days, due_on, due_at, reason, created_by, created_at)
       select ${uid("a", "n")}, 1, issued_on, case when s < 70 then 20 when s < 95 then 10 else 5 end, due1, ${endOfDay("due1")}, 'issue', 'bench',
              issued_on::timestamp at time zone 'Asia/Shanghai' + interval '10 hours'
         from fx where cat >= 2
       union all
       select ${uid("a", "n")}, 2, due1, 20, due1 + 30, ${endOfDay("due1 + 30")}, 'extension', 'bench', (due1 - 3)::timestamp at time zone 'Asia/Shanghai'
         from fx where extended`,
    ],
    [
      "rectification reports",
      `${findingsCte}
       insert into rectification_reports (id, finding_id, deadline_version, content, submitted_by, submitted_at, review, review_reason, reviewed_by, reviewed_at)
       select ${uid("b", "n")}, ${uid("a", "n")}, version, '已按要求完成整改，附整改台账及照片。', 'bench',
              ${endOfDay("due_cur")} + (case when late then 1 + e % 15 else -(1 + e % 20) end) * interval '1 day',
              case when status = 'accepted' then 'accepted' end, null,
              case when status = 'accepted' then 'bench' end,
              case when status = 'accepted' then ${endOfDay("due_cur")} + (case when late then 4 + e % 15 else 3 - (1 + e % 20) end) * interval '1 day' end
         from fx where status in ('accepted', 'submitted')
       union all
       select ${uid("c", "n")}, ${uid("a", "n")}, version, '整改材料（初稿）', 'bench',
              ${endOfDay("due_cur")} - (25 + e % 5) * interval '1 day', 'rejected', '整改不到位', 'bench', ${endOfDay("due_cur")} - (22 + e % 5) * interval '1 day'
         from fx where status = 'accepted' and n % 7 = 0`,
    ],
    [
      "reminder ledger",
      `${findingsCte},
       k as (select * from (values ('remind-due', 0), ('L1', 3), ('L2', 10), ('L3', 20)) v(kind, after_days))
       insert into reminder_ledger (finding_id, kind, deadline_version, due_at, status, outcome, processed_at)
       select ${uid("a", "n")}, k.kind, version, ${endOfDay("due_cur")} + k.after_days * interval '1 day', x.status,
              case when x.status = 'cancelled' then 'accepted' end,
              case when x.status = 'sent' then ${endOfDay("due_cur")} + k.after_days * interval '1 day' + interval '2 hours'
                   else ${endOfDay("due_cur")} + (3 - (1 + e % 20)) * interval '1 day' end
         from fx cross join k
         cross join lateral (select case
                   when status in ('issued', 'submitted') then case when k.kind in ('remind-due', 'L1') or (k.kind = 'L2' and e % 3 = 0) or (k.kind = 'L3' and e % 10 < 2) then 'sent' else 'scheduled' end
                   when late then case when k.kind in ('remind-due', 'L1') or (k.kind = 'L2' and e % 4 = 0) then 'sent' else 'cancelled' end
                   else 'cancelled' end as status) x
        where not imported and cat >= 4`,
    ],
  ];
}

/** The migrations the database was built with: a changed migration means a fresh load. */

/** The 1-, 5- and 15-minute load averages: the machine is shared, so every figure carries them. */
function loadNow(): string {
  return loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
