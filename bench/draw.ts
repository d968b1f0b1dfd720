// `npm run bench -- draw --size county|province [--runs N]`: the draw's cost against the
// floor any verifiable draw pays (docs/draw-algorithm.md §15). Each figure is the median
// of N runs taken here; the last stdout line is one JSON object.
import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { verifyRecordPath, writeRecordFolder } from "../src/cli/commands/draw/record-files";
import { runDraw, type DrawRecord, type Snapshot } from "../src/domain/draw";
import { buildDrawBench, type DrawBenchSize } from "./draw-sizes";
import { median } from "./bench-db";

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { size: { type: "string", default: "county" }, runs: { type: "string", default: "3" } } });
  const size = values.size as DrawBenchSize;
  if (size !== "county" && size !== "province") throw new Error(`--size is county or province, not ${values.size}`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number`);

  const log = (line: string): void => void process.stderr.write(`[bench draw ${size}] ${line}\n`);
  const dir = join(".bench", `draw-${size}`);
  const drawn = await drawPhase(size, runs, dir, log);
  // The in-memory snapshot is out of scope now: verify reads the files as a fresh
  // `ssj draw verify` process would, through the same function its command calls.
  const verifyMs: number[] = [];
  for (let n = 0; n < runs; n++) {
    const started = performance.now();
    const outcome = await verifyRecordPath(dir);
    verifyMs.push(performance.now() - started);
    if (!outcome.ok) throw new Error(`the written record does not verify: ${outcome.check}: ${outcome.message}`);
    log(`verify ${n + 1}/${runs}: ${verifyMs[n]?.toFixed(0)} ms`);
  }
  const { drawMs, fingerprintMs } = drawn;
  const draw = median(drawMs);
  const fingerprint = median(fingerprintMs);
  const figures = {
    scenario: "draw",
    size,
    departments: drawn.departments,
    inspectors: drawn.inspectors,
    drawn: drawn.teams,
    drawMs: round(draw),
    verifyMs: round(median(verifyMs)),
    fingerprintMs: round(fingerprint),
    ratio: round(draw / fingerprint, 3),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(JSON.stringify(figures) + "\n");
}

/** Builds the snapshot, then times the floor and the draw N times each; writes the last record. */
async function drawPhase(size: DrawBenchSize, runs: number, dir: string, log: (line: string) => void) {
  log("building the snapshot in memory");
  const { params, snapshot } = buildDrawBench(size);
  const drawMs: number[] = [];
  const fingerprintMs: number[] = [];
  const cpu = { floor: 0, draw: 0 };
  let record: DrawRecord | undefined;
  for (let n = 0; n < runs; n++) {
    let started = process.cpuUsage();
    fingerprintMs.push(timed(() => floorFingerprints(snapshot)));
    cpu.floor = cpuMsSince(started);
    started = process.cpuUsage();
    drawMs.push(
      timed(() => {
        record = runDraw({
          params,
          snapshot,
          seedSource: "witness",
          seedInput: `2026061509300000000${n}`,
          drawnAt: "2026-06-15T01:30:00.000Z",
          drawnBy: "bench",
          inlineSnapshot: false,
        });
      }),
    );
    cpu.draw = cpuMsSince(started);
    // CPU time beside wall time: on a shared machine it tells load from work.
    log(
      `run ${n + 1}/${runs}: fingerprint ${fingerprintMs[n]?.toFixed(0)} ms (cpu ${cpu.floor}), draw ${drawMs[n]?.toFixed(0)} ms (cpu ${cpu.draw})`,
    );
  }
  if (record === undefined) throw new Error("no draw ran");
  await rm(dir, { recursive: true, force: true });
  await writeRecordFolder(dir, record, snapshot);
  return {
    drawMs,
    fingerprintMs,
    departments: snapshot.departments.length,
    inspectors: snapshot.inspectors.length,
    teams: record.result.teams.length,
  };
}

/**
 * The floor: JSON.stringify each element and SHA-256 the lines with Node's built-ins alone,
 * fed to one hash in 64 KiB pieces, as the engine feeds its own.
 */
function floorFingerprints(snapshot: Snapshot): string[] {
  return [snapshot.departments, snapshot.inspectors, snapshot.history].map((rows: readonly unknown[]) => {
    const hash = createHash("sha256");
    let buffer = "";
    for (let n = 0; n < rows.length; n++) {
      buffer += (n === 0 ? "" : "\n") + JSON.stringify(rows[n]);
      if (buffer.length > 1 << 16) {
        hash.update(buffer);
        buffer = "";
      }
    }
    hash.update(buffer);
    return hash.digest("hex");
  });
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
}

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
