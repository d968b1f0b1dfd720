import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { firstLine, lines, runCli } from "../helpers/cli";
import { drawnCountyRound, type DrawnRound, type Team } from "./drawn-round";

let testDb: TestDatabase;
let drawn: DrawnRound;
let env: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  drawn = await drawnCountyRound(testDb.database);
  env = { DATABASE_URL: testDb.url };
});

afterAll(async () => {
  await testDb?.drop();
});

describe("ssj inspection", () => {
  it("lists the round's inspections, one line each, and evaluates an item", async () => {
    const list = await runCli(["inspection", "list", "--round", drawn.roundId], env);
    expect(list.stderr).toBe("");
    expect(list.code).toBe(0);
    expect(lines(list.stdout)).toHaveLength(drawn.teams.length);
    const team = drawn.teams[0] as Team;
    expect(list.stdout).toContain(team.inspectionId);

    const evaluated = await runCli(
      ["inspection", "evaluate", team.inspectionId, "--item", "ITEM-3", "--result", "不合格", "--notes", "权责清单与办件不符"],
      env,
    );
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/^ITEM-3 .*: 不合格 \(权责清单与办件不符\)/);

    const unknown = await runCli(["inspection", "evaluate", team.inspectionId, "--item", "ITEM-9", "--result", "合格"], env);
    expect(unknown.code).not.toBe(0);
    expect(firstLine(unknown.stderr)).toMatch(/ITEM-9 is not an inspection item/);
  });

  it("records a decline, runs a supplementary draw for the open seat, and the exported record verifies", async () => {
    const team = drawn.teams[1] as Team;
    const member = team.members.find((m) => !m.leader)?.code ?? "";
    const declined = await runCli(
      ["inspection", "decline", team.inspectionId, "--inspector", member, "--reason", "借调", "--unavailable", team.alternates.join(",")],
      env,
    );
    expect(declined.stderr).toBe("");
    expect(declined.code).toBe(0);
    expect(declined.stdout).toMatch(/no published alternate qualifies/);

    const supplement = await runCli(["inspection", "supplement", team.inspectionId, "--seed", "2236 0679 7749 9789 6964 0917"], env);
    expect(supplement.stderr).toBe("");
    expect(supplement.code).toBe(0);
    expect(supplement.stdout).toMatch(/^supplement 1: .* takes the seat/);
    const drawId = lines(supplement.stdout).at(-1) ?? "";

    const again = await runCli(["inspection", "supplement", team.inspectionId, "--seed", "2236 0679 7749 9789 6964 0917"], env);
    expect(again.code).not.toBe(0);
    expect(firstLine(again.stderr)).toMatch(/seed was used/);

    const shown = await runCli(["inspection", "show", team.inspectionId], env);
    const view = JSON.parse(shown.stdout);
    expect(view.declines[0]).toMatchObject({ inspector: { code: member }, reason: "借调", replacement: null });
    expect(view.supplements[0]).toMatchObject({ drawId, n: 1 });

    const record = await runCli(["round", "record", drawn.roundId, "--draw", drawId], env);
    expect(record.code).toBe(0);
    const dir = await mkdtemp(path.join(tmpdir(), "ssj-cli-supplement-"));
    await writeFile(path.join(dir, "record.json"), record.stdout);
    const verified = await runCli(["draw", "verify", path.join(dir, "record.json")], {});
    expect(verified.code).toBe(0);
  });
});

describe("ssj round record", () => {
  it("refuses --draw naming a draw of another round", async () => {
    const otherRound = "00000000-0000-4000-8000-000000000000";
    const refused = await runCli(["round", "record", otherRound, "--draw", drawn.drawId], env);
    expect(refused.code).not.toBe(0);
    expect(firstLine(refused.stderr)).toContain(`draw ${drawn.drawId} is not a draw of round ${otherRound}`);
  });
});
