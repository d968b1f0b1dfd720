// Runs the real `ssj` command (bin/ssj.js through tsx) as a child process.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const ssjBin = path.resolve(import.meta.dirname, "../../bin/ssj.js");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a child sees: this process's, minus the variables the service reads
 * (so a developer's shell cannot leak into a test), plus `env`. A value of undefined unsets.
 */
export function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn" };
  for (const name of [
    "DATABASE_URL",
    "REDIS_URL",
    "HOST",
    "PORT",
    "DATA_DIR",
    "QUEUE_PREFIX",
    "TOKEN_TTL_DAYS",
    "DRAW_WAIT_SECONDS",
    "PG_POOL_MAX",
    "SSJ_POLICY_FILE",
    "SSJ_CALENDAR_OVERRIDES_FILE",
    "SSJ_DEBUG",
  ])
    delete base[name];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete base[name];
    else base[name] = value;
  }
  return base;
}

/** Starts `ssj ARGS…` without waiting for it. */
export function spawnCli(args: readonly string[], env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, [ssjBin, ...args], { env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs `ssj ARGS…` to its end. */
export function runCli(args: readonly string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return collect(spawnCli(args, env));
}

/** Collects a child's output and resolves when it exits. */
export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The first line of a text, as a user reads an error. */
export function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}

/** The non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}
