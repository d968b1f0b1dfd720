// A bad environment, policy file, channel variable or calendar overrides file stops the process
// with one line naming the variable or file, the field and the problem (config/, src/cli/composition.ts).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../config/env";
import { defaultPolicyFile } from "../../config/policy";
import { ConfigurationError, loadConfiguration } from "../../src/cli/composition";
import { firstLine, lines, runCli } from "../helpers/cli";

function failureOf(source: Record<string, string>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(source)}`);
}

describe("parseEnv", () => {
  it("fills in the defaults of an empty environment", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, LOG_LEVEL: "info", REDIS_URL: "redis://127.0.0.1:6379" });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("reads a valid environment", () => {
    const env = parseEnv({ PORT: "8080", DATABASE_URL: "postgres://ssj@db.example:5432/ssj", LOG_LEVEL: "debug" });
    expect(env).toMatchObject({ PORT: 8080, DATABASE_URL: "postgres://ssj@db.example:5432/ssj", LOG_LEVEL: "debug" });
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["DATABASE_URL", "not a url"],
    ["DATABASE_URL", "mysql://root@127.0.0.1/ssj"],
    ["LOG_LEVEL", "loud"],
    ["REDIS_URL", "http://127.0.0.1:6379"],
  ])("refuses %s=%s naming that variable", (name, value) => {
    const error = failureOf({ [name]: value });
    expect(error.message).toMatch(new RegExp(`^invalid environment variable ${name}\\b`));
  });

  it("names the bad variable, not a good one beside it", () => {
    const error = failureOf({ DATABASE_URL: "postgres://ssj@db.example/ssj", PORT: "abc", LOG_LEVEL: "info" });
    expect(error.message).toContain("PORT");
    expect(error.message).not.toContain("DATABASE_URL");
    expect(error.message).not.toContain("LOG_LEVEL");
  });

  it("does not print the password of a malformed DATABASE_URL", () => {
    const error = failureOf({ DATABASE_URL: "postgres://ssj:s3cret-pw@db.example:notaport/ssj" });
    expect(error.message).toContain("DATABASE_URL");
    expect(error.message).not.toContain("s3cret-pw");
  });
});

describe("ssj with a bad environment", () => {
  it("exits non-zero and says on the first line of stderr which variable is wrong", async () => {
    const result = await runCli(["start"], { PORT: "abc" });
    expect(result.code).not.toBe(0);
    expect(firstLine(result.stderr)).toMatch(/PORT/);
    expect(result.stdout).toBe("");
  });
});

describe("the configuration, loaded once at start (src/cli/composition.ts)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ssj-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const target = path.join(dir, name);
    writeFileSync(target, typeof content === "string" ? content : JSON.stringify(content));
    return target;
  };
  const goodPolicy = JSON.parse(readFileSync(defaultPolicyFile, "utf8")) as Record<string, unknown>;
  const badPolicy = file("policy.json", { ...goodPolicy, delivery: { attempts: 0, backoffMs: 100, timeoutMs: 2000 } });
  const badOverrides = file("calendar-overrides.json", {
    years: [{ year: 2027, source: "县政府通知", complete: false, holidays: [{ date: "2027-02-30", name: "春节" }], workdays: [] }],
  });
  /** Each of the four sources, made bad, and what the one line must name. */
  const bad: [string, Record<string, string>, RegExp][] = [
    ["the environment", { PG_POOL_MAX: "0" }, /^ssj: invalid environment variable PG_POOL_MAX: /],
    [
      "the policy file",
      { SSJ_POLICY_FILE: badPolicy },
      new RegExp(`^ssj: invalid policy file ${escapeRegExp(badPolicy)}: delivery\\.attempts: `),
    ],
    ["the channels", { SSJ_WEBHOOK_URL: "ftp://hooks.example/x" }, /^ssj: invalid environment variable SSJ_WEBHOOK_URL: /],
    [
      "the calendar overrides",
      { SSJ_CALENDAR_OVERRIDES_FILE: badOverrides },
      new RegExp(`^ssj: invalid calendar overrides file ${escapeRegExp(badOverrides)}: years\\.0\\.holidays\\.0\\.date: `),
    ],
  ];

  it("takes PG_POOL_MAX (default 10) and the file locations from the environment", () => {
    const config = loadConfiguration({});
    expect(config.env.PG_POOL_MAX).toBe(10);
    expect(config.policy.delivery.attempts).toBeGreaterThan(0);
    expect(config.channels).toEqual({});
    expect(loadConfiguration({ PG_POOL_MAX: "3" }).env.PG_POOL_MAX).toBe(3);
  });

  it.each(bad)("refuses bad %s with one line naming the file or variable, the field and the problem", (_what, env, line) => {
    expect(() => loadConfiguration(env)).toThrow(ConfigurationError);
    try {
      loadConfiguration(env);
    } catch (error) {
      expect(`ssj: ${(error as Error).message}`).toMatch(line);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  // start, serve and worker share runService, which loads the configuration first: each source is
  // tried on one of them, in turn, so all three are covered without twelve slow process starts.
  const commands = ["start", "serve", "worker", "start"];
  it.each(bad.map(([what, env, line], i) => ({ what, env, line, command: commands[i] ?? "start" })))(
    "stops ssj $command on bad $what before anything starts",
    async ({ env, line, command }) => {
      const dataDir = path.join(dir, `data-${command}-${Object.keys(env)[0]}`);
      const result = await runCli([command], { ...env, DATA_DIR: dataDir, PORT: "0" });
      expect(result.code).not.toBe(0);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(firstLine(result.stderr)).toMatch(line);
      expect(result.stdout).toBe("");
      expect(existsSync(path.join(dataDir, "pgdata"))).toBe(false); // nothing was opened
    },
  );
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
