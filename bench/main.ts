// `npm run bench -- <scenario> [flags]`: benchmarks kept out of the test suite. Each
// scenario is a module exporting `run(args)`; add a line to SCENARIOS to add one. A
// scenario prints its figures as one JSON object on the last line of stdout.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { getHeapStatistics } from "node:v8";

export interface BenchScenario {
  run(args: string[]): Promise<void>;
}

const SCENARIOS: Record<string, () => Promise<BenchScenario>> = {
  draw: () => import("./draw"),
  round: () => import("./round"),
  reports: () => import("./reports"),
  deadlines: () => import("./deadlines"),
};

// Province scenarios hold millions of rows; Node's default heap depends on the machine's
// memory, so the bench re-runs itself once with a fixed 4 GiB heap wherever it is smaller.
const HEAP_MB = 4096;

const [name, ...args] = process.argv.slice(2);
const load = name === undefined ? undefined : SCENARIOS[name];
if (load === undefined) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(SCENARIOS).join("|")}> [flags]\n`);
  process.exitCode = 2;
} else if (getHeapStatistics().heap_size_limit < HEAP_MB * 1024 * 1024 && process.env.SSJ_BENCH_RESPAWNED === undefined) {
  const shim = fileURLToPath(new URL("../bin/ssj-bench.js", import.meta.url));
  const child = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, shim, name as string, ...args], {
    stdio: "inherit",
    env: { ...process.env, SSJ_BENCH_RESPAWNED: "1" },
  });
  process.exitCode = child.status ?? 1;
} else {
  try {
    await (await load()).run(args);
  } finally {
    exitGuard(name as string);
  }
}

/**
 * A scenario closes everything it opened, so the process ends once it has printed its figures.
 * If something is left open (issue 16: a Redis connection kept the deadlines bench alive for
 * minutes after its JSON), say what it is and exit non-zero instead of hanging. The timer is
 * unref'd: it never keeps the process alive itself.
 */
function exitGuard(scenario: string): void {
  setTimeout(() => {
    const open = process.getActiveResourcesInfo().filter((resource) => resource !== "Timeout");
    process.stderr.write(`bench ${scenario}: still running 10 s after its figures; left open: ${open.join(", ") || "(nothing listed)"}\n`);
    process.exit(1);
  }, 10_000).unref();
}
