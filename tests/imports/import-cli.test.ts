import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { departments } from "../../src/db/schema";
import { createOrg, type Organization } from "../../src/services/orgs/org-service";
import { operatorPrincipal } from "../../src/services/scope";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const fixtures = path.join(root, "tests/fixtures/imports");

let test: TestDatabase;
let org: Organization;

beforeAll(async () => {
  test = await createTestDatabase();
  org = await createOrg(test.database.db, operatorPrincipal("test"), { code: "CLI", name: "命令行测试编办" });
});

afterAll(async () => {
  await test?.drop();
});

async function ssj(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("node", ["bin/ssj.js", ...args], { cwd: root, env: { ...process.env, DATABASE_URL: test.url } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("ssj import departments", () => {
  it("imports a file and prints the summary", async () => {
    const result = await ssj("import", "departments", path.join(fixtures, "departments-utf8-bom.csv"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("imported 3 departments into CLI (CSV, utf-8): 3 added, 0 updated, 0 unchanged, 0 deactivated\n");
    const rows = await test.database.db
      .select({ code: departments.code, name: departments.name })
      .from(departments)
      .where(eq(departments.orgId, org.id))
      .orderBy(asc(departments.code));
    expect(rows.map((row) => row.name)).toEqual(["东阿县发展和改革局", "东阿县教育和体育局", "铜城街道办事处"]);
  });

  it("refuses a bad file with exit code 1, the reason on the first stderr line and the bad rows after it", async () => {
    const result = await ssj("import", "departments", path.join(fixtures, "departments-bad.csv"), "--org", "CLI");
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("ssj: departments import refused: 2 bad rows");
    expect(lines.slice(1)).toEqual([
      "  row 3 (CLI-B): 单位名称 is required",
      "  row 5 (CLI-A): the code CLI-A appears more than once in the file (first on row 2)",
    ]);
    const rows = await test.database.db.select().from(departments).where(eq(departments.code, "CLI-C"));
    expect(rows).toEqual([]);
  });

  it("fails with one line for a file that does not exist", async () => {
    const result = await ssj("import", "inspectors", path.join(fixtures, "no-such-file.csv"));
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toMatch(/^ssj: cannot read .*no-such-file\.csv$/);
  });
});
