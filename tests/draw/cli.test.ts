// The offline CLI as a user runs it: separate processes, files on disk, exit codes.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { departmentLine } from "../../src/domain/draw";
import { WITNESS_SEED, countyDraw, countySnapshot, fixturesDir, readJson, repoRoot, vectorsPath } from "./fixtures";

const run = promisify(execFile);
const bin = resolve(repoRoot, "bin/ssj.js");
const params = resolve(fixturesDir, "county.params.json");
const snapshot = resolve(fixturesDir, "county.snapshot.json");

async function ssj(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = run(process.execPath, [bin, ...args], { cwd: repoRoot, maxBuffer: 64 << 20 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

let work = "";
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "ssj-draw-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("ssj draw run and verify", () => {
  it("prints a record that verifies, with the same resultHash as in another process and in-process", async () => {
    const args = [
      "draw",
      "run",
      "--params",
      params,
      "--snapshot",
      snapshot,
      "--seed-source",
      "witness",
      "--seed",
      WITNESS_SEED,
      "--drawn-by",
      "clerk-li",
    ];
    const [first, second] = await Promise.all([ssj(args), ssj(args)]);
    expect(first.code, first.stderr).toBe(0);
    const record = JSON.parse(first.stdout) as { resultHash: string };
    expect((JSON.parse(second.stdout) as { resultHash: string }).resultHash).toBe(record.resultHash);
    expect(record.resultHash).toBe(countyDraw().resultHash);
    await writeFile(join(work, "record.json"), first.stdout);
    const verified = await ssj(["draw", "verify", join(work, "record.json")]);
    expect(verified).toMatchObject({ code: 0, stdout: `verified ${record.resultHash}\n` });
  });

  it("writes a record folder with hash-named JSON Lines that verifies, and rejects each tampered copy", async () => {
    const out = join(work, "folder");
    const ran = await ssj(["draw", "run", "--params", params, "--snapshot", snapshot, "--seed-source", "server", "--out", out]);
    expect(ran.code, ran.stderr).toBe(2); // the params say witness: a server seed is bad input
    expect(ran.stderr).toMatch(/^ssj: /);
    const serverParams = join(work, "server.params.json");
    await writeFile(serverParams, JSON.stringify({ ...readJson<object>(params), seed: { source: "server" } }));
    const ok = await ssj(["draw", "run", "--params", serverParams, "--snapshot", snapshot, "--seed-source", "server", "--out", out]);
    expect(ok.code, ok.stderr).toBe(0);
    const files = (await readdir(out)).sort();
    expect(files.filter((f) => /^[0-9a-f]{64}\.jsonl$/.test(f))).toHaveLength(3);
    expect((await ssj(["draw", "verify", out])).code).toBe(0);

    const record = readJson<{ snapshot: { departmentsHash: string; historyHash: string } }>(join(out, "record.json"));
    const departments = join(out, `${record.snapshot.departmentsHash}.jsonl`);
    const original = await readFile(departments, "utf8");
    await writeFile(departments, original.replace('"active":true', '"active":false'));
    const tampered = await ssj(["draw", "verify", out]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr.split("\n")[0]).toMatch(/^ssj: verify failed at snapshot\.departments: /);
    await writeFile(departments, original);

    const recordText = await readFile(join(out, "record.json"), "utf8");
    await writeFile(join(out, "record.json"), recordText.replace('"drawnBy":"', '"drawnBy":"x'));
    expect(await ssj(["draw", "verify", out])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^ssj: verify failed at recordHash/),
    });
    await writeFile(join(out, "record.json"), recordText.replace('"ssj-draw/1"', '"ssj-draw/2"'));
    expect((await ssj(["draw", "verify", out])).code).toBe(2);
    await writeFile(join(out, "record.json"), recordText.slice(0, 100));
    expect((await ssj(["draw", "verify", out])).code).toBe(2);
    await writeFile(join(out, "record.json"), recordText);
    await unlink(join(out, `${record.snapshot.historyHash}.jsonl`));
    expect(await ssj(["draw", "verify", out])).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing snapshot file/) });
  });

  it("reads a folder of sorted JSON Lines and refuses an unsorted one", async () => {
    const folder = join(work, "jsonl");
    await mkdir(folder, { recursive: true });
    const s = countySnapshot();
    const sorted = [...s.departments].sort((a, b) => (a.id < b.id ? -1 : 1));
    const byId = <T extends { id: string }>(rows: readonly T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
    await writeFile(join(folder, "departments.jsonl"), sorted.map((d) => JSON.stringify(d)).join("\r\n") + "\n\n");
    await writeFile(
      join(folder, "inspectors.jsonl"),
      byId(s.inspectors)
        .map((i) => JSON.stringify(i))
        .join("\n"),
    );
    const history = [...s.history].sort((a, b) =>
      a.inspectorId + a.departmentId + a.inspectedOn < b.inspectorId + b.departmentId + b.inspectedOn ? -1 : 1,
    );
    await writeFile(join(folder, "history.jsonl"), history.map((h) => JSON.stringify(h)).join("\n"));
    const fromFolder = await ssj([
      "draw",
      "run",
      "--params",
      params,
      "--snapshot",
      folder,
      "--seed-source",
      "witness",
      "--seed",
      WITNESS_SEED,
    ]);
    expect(fromFolder.code, fromFolder.stderr).toBe(0);
    expect((JSON.parse(fromFolder.stdout) as { resultHash: string }).resultHash).toBe(countyDraw().resultHash);

    await writeFile(
      join(folder, "departments.jsonl"),
      [...sorted]
        .reverse()
        .map((d) => departmentLine(d))
        .join("\n"),
    );
    const unsorted = await ssj([
      "draw",
      "run",
      "--params",
      params,
      "--snapshot",
      folder,
      "--seed-source",
      "witness",
      "--seed",
      WITNESS_SEED,
    ]);
    expect(unsorted.code).toBe(2);
    expect(unsorted.stderr).toMatch(/must arrive sorted/);
  });

  it("fails an unmeetable draw with exit 1 naming the department and the rule", async () => {
    const hard = join(work, "hard.params.json");
    const base = readJson<{ team: object }>(params);
    await writeFile(
      hard,
      JSON.stringify({
        ...base,
        team: {
          ...base.team,
          roles: [
            { tag: "legal", min: 1 },
            { tag: "auditor", min: 1 },
          ],
        },
      }),
    );
    const failed = await ssj(["draw", "run", "--params", hard, "--snapshot", snapshot, "--seed-source", "witness", "--seed", WITNESS_SEED]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^ssj: draw failed \(role-min\): department \S+: fewer than 1 eligible inspectors hold role auditor/);
  });
});

describe("ssj sample", () => {
  const vectors = readJson<{ samples: { ids: string[]; seed: string; take: number; expect: string[] }[] }>(vectorsPath);

  it.each(vectors.samples)("prints the published sample for seed $seed", async ({ ids, seed, take, expect: expected }) => {
    const { code, stdout } = await ssj(["sample", "--seed", seed, "--take", String(take)], ids.join("\r\n") + "\n\n");
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split("\n")
      .map((line) => line.split(" "));
    expect(lines.map(([, id]) => id)).toEqual(expected);
    for (const [ticket] of lines) expect(ticket).toMatch(/^0\.\d+$/);
  });

  it("exits 2 on a duplicate id", async () => {
    expect(await ssj(["sample", "--seed", "1", "--take", "2"], "a\nb\na\n")).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^ssj: duplicate id/),
    });
  });
});
