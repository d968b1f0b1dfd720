// A bad environment stops the process with one line naming the variable (config/env.ts).
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../config/env";
import { firstLine, runCli } from "../helpers/cli";

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
