// The long-running processes: `ssj start` refuses in one line when PostgreSQL or Redis is
// out of reach, and without DATABASE_URL runs on an embedded directory only it may open.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRedisUrl } from "../helpers/app";
import { collect, firstLine, lines, runCli, spawnCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { deleteQueueKeys } from "../helpers/processes";

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

describe("ssj start when a dependency is out of reach", () => {
  it("exits non-zero saying on the first line that it cannot reach Redis", async () => {
    const result = await runCli(["start"], { DATABASE_URL: testDb.url, REDIS_URL: "redis://127.0.0.1:1", PORT: "0" });
    expect(result.code).not.toBe(0);
    expect(firstLine(result.stderr)).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  it("exits non-zero saying on the first line that it cannot reach PostgreSQL, without the password", async () => {
    const result = await runCli(["start"], { DATABASE_URL: "postgres://postgres:pg-secret@127.0.0.1:1/x", PORT: "0" });
    expect(result.code).not.toBe(0);
    expect(firstLine(result.stderr)).toMatch(/cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/x/);
    expect(result.stderr).not.toContain("pg-secret");
  });
});

describe("ssj start without DATABASE_URL (the embedded database)", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ssj-embedded-"));
  const queuePrefix = `ssjtest-${randomBytes(4).toString("hex")}`;
  let server: ChildProcess | undefined;

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server?.once("close", resolve));
      server.kill("SIGKILL");
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    await deleteQueueKeys(queuePrefix);
  });

  it("loads the demo, serves it, keeps every other process out of the directory, and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      PORT: String(port),
      QUEUE_PREFIX: queuePrefix,
      LOG_LEVEL: "info",
      REDIS_URL: testRedisUrl,
    };
    server = spawnCli(["start"], env);
    const running = server;
    const finished = collect(running);
    const stdout = await outputUntil(running, /"msg":"shuangsuiji is up"/);

    const tokenLines = lines(stdout).filter((line) => /^\w+ \S+ ssj_\S+$/.test(line));
    expect(tokenLines).toHaveLength(6);
    const adminToken = tokenLines.find((line) => line.startsWith("admin "))?.split(" ")[2] ?? "";

    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ role: "admin", orgPath: "SD/LC/DEA" });

    const refused = await runCli(["org", "list"], { DATA_DIR: dataDir });
    expect(refused.code).not.toBe(0);
    expect(firstLine(refused.stderr)).toMatch(new RegExp(`is open by process ${running.pid}\\b.*DATABASE_URL`));

    running.kill("SIGTERM");
    const exit = await finished;
    expect(exit.signal).toBeNull();
    expect(exit.code).toBe(0);

    const afterStop = await runCli(["org", "list"], { DATA_DIR: dataDir });
    expect(afterStop.stderr).toBe("");
    expect(afterStop.code).toBe(0);
    expect(afterStop.stdout).toContain("SD/LC/DEA");
  }, 180_000); // PGlite, migrations and the demo seed: seconds alone, much longer beside a full parallel run
});

/** Resolves with everything the child printed once its stdout matches; rejects if it exits first. */
function outputUntil(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const onStdout = (chunk: Buffer | string) => {
      stdout += chunk.toString();
      if (pattern.test(stdout)) {
        cleanup();
        resolve(stdout);
      }
    };
    const onStderr = (chunk: Buffer | string) => (stderr += chunk.toString());
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`ssj start exited (${code}) before it was up:\n${stderr}\n${stdout}`));
    };
    const cleanup = () => {
      child.stdout?.off("data", onStdout);
      child.stderr?.off("data", onStderr);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", onStdout);
    child.stderr?.on("data", onStderr);
    child.once("exit", onExit);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
