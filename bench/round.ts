// `npm run bench -- round --size county|province [--runs N]`: a round end to end on
// PostgreSQL — lockRound (the snapshot streamed out of the registries into content-addressed
// JSON Lines), the draw (the lists loaded back and runDraw) and the transaction that stores
// the teams — against the floor: the same snapshot columns streamed out of PostgreSQL in id
// order with COPY … TO STDOUT and discarded. Each figure is the median of N runs; the last
// stdout line is one JSON object.
//
// Databases (PostgreSQL at SSJ_BENCH_PG, default postgres://postgres@127.0.0.1:5432):
// - county: ssj_bench_county, created afresh on every invocation with the demo county (seedDemo).
// - province: ssj_bench_province, created when missing and loaded with COPY FROM STDIN from
//   the draw benchmark's generator (bench/draw-sizes.ts); the database comment names the
//   generator version and a hash of drizzle/ (the migrations it was built with); a database
//   whose comment matches is reused as it is (a load takes ~3 minutes). Change
//   PROVINCE_DATA_VERSION when the generator or the loading changes; a database with another
//   comment (or none: an interrupted load) is dropped and loaded again.
// Every run plans a new round and removes it afterwards (its inspections, draws, locks and
// snapshot lists), so each run locks and draws the same registries.
import { readFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openPostgres, type Database } from "../src/db/client";
import { benchPgBase, median, migrationsHash, reuseOrRecreate } from "./bench-db";
import { migratePostgresUrl } from "../src/db/migrate";
import { organizations } from "../src/db/schema";
import { seedDemo } from "../src/services/demo/demo-seed";
import type { Organization } from "../src/services/orgs/org-service";
import { computeDraw, persistDraw } from "../src/services/rounds/draw-runner";
import { createRound, lockRound, requestDraw } from "../src/services/rounds/round-service";
import { roundInputSchema, type RoundInput } from "../src/services/rounds/round-types";
import { operatorPrincipal } from "../src/services/scope";
import type { Department, HistoryEntry, Inspector, Params } from "../src/domain/draw";
import { buildDrawBench, drawBenchParams } from "./draw-sizes";

type Size = "county" | "province";

const PROVINCE_DB = "ssj_bench_province";
const COUNTY_DB = "ssj_bench_county";
const PROVINCE_DATA_VERSION = "ssj-bench round province v1 (bench/draw-sizes.ts province)";
const PROVINCE_ORG = "BENCH-PROV";

const base = benchPgBase;
const principal = operatorPrincipal("bench");

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      size: { type: "string", default: "county" },
      runs: { type: "string", default: "3" },
      keep: { type: "boolean", default: false },
    },
  });
  const size = values.size as Size;
  if (size !== "county" && size !== "province") throw new Error(`--size is county or province, not ${values.size}`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a positive whole number");
  const log = (line: string): void => void process.stderr.write(`[bench round ${size}] ${line}\n`);

  const dbName = size === "county" ? COUNTY_DB : PROVINCE_DB;
  const url = `${base}/${dbName}`;
  if (size === "county") await prepareCounty(url, log);
  else await prepareProvince(url, log);

  const database = openPostgres(url, { max: 4 });
  try {
    const org = await orgOf(database, size === "county" ? "DEA" : PROVINCE_ORG);
    const input = await roundInput(size);
    await removeBenchRounds(database); // leftovers of an interrupted run
    const figures = {
      lockMs: [] as number[],
      drawMs: [] as number[],
      persistMs: [] as number[],
      totalMs: [] as number[],
      floorMs: [] as number[],
    };
    // This process's CPU time per phase (PostgreSQL's is not in it), and the 1-minute load
    // average around each run: on a shared machine wall times stretch with the load.
    const cpuMs = { lock: [] as number[], draw: [] as number[], persist: [] as number[], floor: [] as number[] };
    const load: number[] = [];
    let last: { roundId: string; teams: number; departments: number; inspectors: number; history: number } | undefined;
    for (let n = 0; n < runs; n++) {
      load.push(loadavg()[0] as number);
      let cpu = process.cpuUsage();
      const floor = await floorMs(database, org.path);
      cpuMs.floor.push(cpuSince(cpu));
      const round = await createRound(database, principal, org, { ...input, number: `BENCH-${Date.now()}-${n}` });
      let started = performance.now();
      cpu = process.cpuUsage();
      const lock = await lockRound(database, principal, round.id);
      const lockMs = performance.now() - started;
      cpuMs.lock.push(cpuSince(cpu));
      const draw = await requestDraw(database.db, principal, round.id, { seed: `2026112709300000000${n}` });
      started = performance.now();
      cpu = process.cpuUsage();
      const computed = await computeDraw(database, draw.id);
      const drawMs = performance.now() - started;
      cpuMs.draw.push(cpuSince(cpu));
      if (!("record" in computed)) throw new Error(`the draw did not run: ${JSON.stringify(computed)}`);
      started = performance.now();
      cpu = process.cpuUsage();
      const outcome = await persistDraw(database, draw.id, computed);
      const persistMs = performance.now() - started;
      cpuMs.persist.push(cpuSince(cpu));
      load.push(loadavg()[0] as number);
      if (outcome.status !== "done") throw new Error(`the draw was not stored: ${JSON.stringify(outcome)}`);
      figures.lockMs.push(lockMs);
      figures.drawMs.push(drawMs);
      figures.persistMs.push(persistMs);
      figures.totalMs.push(lockMs + drawMs + persistMs);
      figures.floorMs.push(floor);
      last = {
        roundId: round.id,
        teams: computed.record.result.teams.length,
        departments: lock.departmentCount,
        inspectors: lock.inspectorCount,
        history: lock.historyCount,
      };
      log(
        `run ${n + 1}/${runs}: lock ${lockMs.toFixed(0)} ms, draw ${drawMs.toFixed(0)} ms, persist ${persistMs.toFixed(0)} ms, total ${(lockMs + drawMs + persistMs).toFixed(0)} ms, floor ${floor.toFixed(0)} ms (${lock.departmentCount} departments, ${lock.inspectorCount} inspectors, ${lock.historyCount} history rows, ${computed.record.result.teams.length} teams)`,
      );
      if (!(values.keep && n === runs - 1)) await removeBenchRounds(database);
    }
    if (last === undefined) throw new Error("no run");
    if (values.keep) log(`kept round ${last.roundId} in ${dbName} (ssj round record ${last.roundId} --out DIR with DATABASE_URL=${url})`);
    const total = median(figures.totalMs);
    const floor = median(figures.floorMs);
    const result = {
      scenario: "round",
      size,
      runs,
      departments: last.departments,
      inspectors: last.inspectors,
      history: last.history,
      teams: last.teams,
      lockMs: round1(median(figures.lockMs)),
      drawMs: round1(median(figures.drawMs)),
      persistMs: round1(median(figures.persistMs)),
      totalMs: round1(total),
      floorMs: round1(floor),
      ratio: Math.round((total / floor) * 1000) / 1000,
      nodeCpuMs: {
        lock: round1(median(cpuMs.lock)),
        draw: round1(median(cpuMs.draw)),
        persist: round1(median(cpuMs.persist)),
        floor: round1(median(cpuMs.floor)),
      },
      loadAvg: { min: round1(Math.min(...load)), max: round1(Math.max(...load)), cores: cpus().length },
      peakRssMb: round1(process.resourceUsage().maxRSS / 1024),
    };
    process.stdout.write(JSON.stringify(result) + "\n");
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------
// The floor: the snapshot's columns, out of PostgreSQL in id order, through postgres.js.

/**
 * The three lists as the snapshot reads them (departments with their latest inspection,
 * inspectors with their home department's code, the recusal window's history), each by
 * `COPY (SELECT … ORDER BY id COLLATE "C") TO STDOUT`, the bytes counted and dropped.
 */
async function floorMs(database: Database, orgPath: string): Promise<number> {
  const client = database.client as postgres.Sql;
  const today = await client<{ today: string }[]>`select (now() at time zone 'Asia/Shanghai')::date::text as today`;
  const asOf = today[0]?.today as string;
  const scope = (column: string) =>
    `${column} in (select o.id from organizations o where o.path = '${orgPath}' or o.path like '${orgPath}/%')`;
  const queries = [
    `select d.code, d.tags, d.active, greatest(d.last_inspected_on, li.last_on)
       from departments d
       left join (select i.department_id, max(i.starts_on) as last_on from inspections i
                  where not i.voided and i.starts_on <= '${asOf}'::date group by i.department_id) li on li.department_id = d.id
      where ${scope("d.org_id")} order by d.code collate "C"`,
    `select i.code, hd.code, i.tags, i.conflicts, i.status
       from inspectors i left join departments hd on hd.id = i.home_department_id
      where ${scope("i.org_id")} order by i.code collate "C"`,
    `select distinct ins.code collate "C", d.code collate "C", i.starts_on
       from inspection_members m join inspections i on i.id = m.inspection_id
       join inspectors ins on ins.id = m.inspector_id join departments d on d.id = i.department_id
      where not i.voided and m.declined_at is null and i.starts_on is not null
        and i.starts_on <= '${asOf}'::date and i.starts_on >= '${asOf}'::date - 730 and ${scope("i.org_id")}
      order by 1, 2, 3`,
  ];
  const started = performance.now();
  await client.begin("isolation level repeatable read", async (tx) => {
    for (const query of queries) {
      const readable = await tx.unsafe(`copy (${query}) to stdout`).readable();
      let bytes = 0;
      await pipeline(
        readable,
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            bytes += chunk.length;
            done();
          },
        }),
      );
      if (bytes === 0 && query === queries[0]) throw new Error("the floor read no departments");
    }
  });
  return performance.now() - started;
}

// ---------------------------------------------------------------------------------------
// Rounds.

async function roundInput(size: Size): Promise<RoundInput> {
  if (size === "county") {
    const file = new URL("../tests/fixtures/rounds/county.json", import.meta.url);
    const input = roundInputSchema.parse(JSON.parse(await readFile(file, "utf8")));
    return { ...input, title: "bench: county round" };
  }
  // The draw benchmark's province params; the lock sets asOf (today) and the round the seed.
  const { strata, exclusions, team, items } = provinceParams();
  return roundInputSchema.parse({
    title: "bench: province round",
    number: "BENCH-",
    orgCode: PROVINCE_ORG,
    seedSource: "witness",
    notice: { mode: "before-inspection", days: 3 },
    window: { start: "2027-01-04", end: "2027-01-15" },
    params: { strata, exclusions, team, items },
  });
}

// Only the params stay: the generator's snapshot (millions of objects) lives only while a
// database is loaded, so the timed runs do not collect garbage over it.
function provinceParams(): Params {
  return drawBenchParams("province");
}

async function orgOf(database: Database, code: string): Promise<Organization> {
  const [org] = await database.db.select().from(organizations).where(sql`${organizations.code} = ${code}`);
  if (!org) throw new Error(`the bench database has no organization ${code}`);
  return org as Organization;
}

/** Removes every bench round and what its draws made, and snapshot lists no lock names. */
async function removeBenchRounds(database: Database): Promise<void> {
  const client = database.client as postgres.Sql;
  await client.begin(async (tx) => {
    const rounds = await tx<{ id: string }[]>`select id from rounds where number like 'BENCH-%' and not imported`;
    if (rounds.length === 0) return;
    const ids = rounds.map((r) => r.id);
    await tx`delete from notification_outbox where key like any(select 'draw:' || d.id || ':%' from draws d where d.round_id = any(${ids}::uuid[]))`;
    await tx`delete from inspection_members where inspection_id in (select id from inspections where round_id = any(${ids}::uuid[]))`;
    await tx`delete from inspections where round_id = any(${ids}::uuid[])`;
    await tx`delete from draws where round_id = any(${ids}::uuid[])`;
    await tx`delete from round_locks where round_id = any(${ids}::uuid[])`;
    await tx`delete from rounds where id = any(${ids}::uuid[])`;
    const named = tx`select departments_hash from round_locks union select inspectors_hash from round_locks union select history_hash from round_locks`;
    await tx`delete from snapshot_chunks where hash not in (${named})`;
    await tx`delete from snapshot_blobs where hash not in (${named})`;
  });
  // Each run starts from the same tables, not from the last run's dead rows.
  for (const table of [
    "snapshot_chunks",
    "snapshot_blobs",
    "inspections",
    "inspection_members",
    "notification_outbox",
    "draws",
    "round_locks",
    "rounds",
  ]) {
    await client.unsafe(`vacuum analyze ${table}`);
  }
}

// ---------------------------------------------------------------------------------------
// Databases.

async function prepareCounty(url: string, log: (line: string) => void): Promise<void> {
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${COUNTY_DB} with (force)`);
    await admin.unsafe(`create database ${COUNTY_DB}`);
  } finally {
    await admin.end();
  }
  await migratePostgresUrl(url);
  const database = openPostgres(url, { max: 2 });
  try {
    await seedDemo(database.db, principal, 1, { calendarOverrides: [] });
  } finally {
    await database.close();
  }
  log(`created ${COUNTY_DB} with the demo county`);
}

async function prepareProvince(url: string, log: (line: string) => void): Promise<void> {
  const version = `${PROVINCE_DATA_VERSION}; migrations ${await migrationsHash()}`;
  if (await reuseOrRecreate(PROVINCE_DB, version, log)) return;
  const started = performance.now();
  log("building the draw benchmark's province snapshot");
  const { snapshot, params } = buildDrawBench("province");
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [org] = await client<
      { id: string }[]
    >`insert into organizations (code, name, path) values (${PROVINCE_ORG}, '基准省', ${PROVINCE_ORG}) returning id`;
    const orgId = (org as { id: string }).id;
    for (const code of params.items)
      await client`insert into inspection_items (org_id, code, name) values (${orgId}, ${code}, ${`bench item ${code}`})`;

    const departmentUuid = (code: string) => uuidOf(0, Number(code.slice(1)));
    const inspectorUuid = (code: string) => uuidOf(1, Number(code.slice(1)));
    const departments = snapshot.departments;
    log(`COPY ${departments.length} departments`);
    await copyRows(
      client,
      "copy departments (id, org_id, code, name, kind, tags, active, last_inspected_on) from stdin",
      departments.length,
      (n) => {
        const d = departments[n] as Department;
        return `${departmentUuid(d.id)}\t${orgId}\t${d.id}\t市场主体 ${d.id}\tentity\t{${d.tags.join(",")}}\t${d.active ? "t" : "f"}\t${d.lastInspectedOn ?? "\\N"}\n`;
      },
    );
    const inspectors = snapshot.inspectors;
    log(`COPY ${inspectors.length} inspectors`);
    await copyRows(
      client,
      "copy inspectors (id, org_id, code, name, home_department_id, tags, status, conflicts) from stdin",
      inspectors.length,
      (n) => {
        const i = inspectors[n] as Inspector;
        return `${inspectorUuid(i.id)}\t${orgId}\t${i.id}\t检查员 ${i.id}\t${i.homeDepartmentId ? departmentUuid(i.homeDepartmentId) : "\\N"}\t{${i.tags.join(",")}}\t${i.status === "suspended" ? "on-leave" : i.status}\t{${i.conflicts.join(",")}}\n`;
      },
    );

    // The generator's "suspended" is the registry's "on-leave" (both ineligible).
    // History: one past (imported, closed) round whose inspections seat the history's members.
    const history = snapshot.history;
    const [past] = await client<{ id: string }[]>`
      insert into rounds (org_id, number, title, status, params, seed_source, notice, imported, created_by)
      values (${orgId}, 'BENCH-HISTORY', 'bench: past inspections', 'closed', '{}'::jsonb, 'witness', '{"mode":"unannounced"}'::jsonb, true, 'bench')
      returning id`;
    const inspectionOf = new Map<string, number>();
    const visits: { department: string; on: string }[] = [];
    for (const h of history) {
      const key = `${h.departmentId} ${h.inspectedOn}`;
      if (!inspectionOf.has(key)) {
        inspectionOf.set(key, visits.length);
        visits.push({ department: h.departmentId, on: h.inspectedOn });
      }
    }
    log(`COPY ${visits.length} past inspections, ${history.length} members`);
    await copyRows(
      client,
      "copy inspections (id, round_id, org_id, department_id, position, starts_on, ends_on) from stdin",
      visits.length,
      (n) => {
        const v = visits[n] as { department: string; on: string };
        return `${uuidOf(2, n)}\t${(past as { id: string }).id}\t${orgId}\t${departmentUuid(v.department)}\t${n}\t${v.on}\t${v.on}\n`;
      },
    );
    await copyRows(
      client,
      "copy inspection_members (inspection_id, inspector_id, leader, roles, source) from stdin",
      history.length,
      (n) => {
        const h = history[n] as HistoryEntry;
        return `${uuidOf(2, inspectionOf.get(`${h.departmentId} ${h.inspectedOn}`) as number)}\t${inspectorUuid(h.inspectorId)}\tf\t{}\timport\n`;
      },
    );
    log("analyze");
    await client`analyze`;
    await client.unsafe(`comment on database ${PROVINCE_DB} is '${version}'`);
  } finally {
    await client.end();
  }
  log(`loaded ${PROVINCE_DB} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** The migrations the database was built with: a changed migration means a fresh load. */

/** Deterministic uuids: kind 0 departments, 1 inspectors, 2 past inspections. */
function uuidOf(kind: number, n: number): string {
  return `0000000${kind}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** COPY … FROM STDIN of `count` rows, `line(n)` each, in batches. */
async function copyRows(client: postgres.Sql, statement: string, count: number, line: (n: number) => string): Promise<void> {
  const writable = await client.unsafe(statement).writable();
  async function* batches(): AsyncGenerator<string> {
    for (let start = 0; start < count; start += 10_000) {
      let text = "";
      for (let n = start; n < Math.min(count, start + 10_000); n++) text += line(n);
      yield text;
    }
  }
  await pipeline(Readable.from(batches()), writable);
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
