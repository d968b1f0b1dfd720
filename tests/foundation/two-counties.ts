// Two organizations in separate subtrees: the demo county DEA (under SD/LC) and a
// top-level office OTH with a department, an inspector, an item and a user of every role.
// Every role has a token in each, so tests can ask across the boundary.
import type { Database } from "../../src/db/client";
import { eq, sql } from "drizzle-orm";
import { departments, inspections, inspectors, notificationOutbox, organizations } from "../../src/db/schema";
import type { Role } from "../../src/domain/roles";
import { issueFinding, recordFinding } from "../../src/services/findings/finding-service";
import { loadDeadlinePlanner } from "../../src/services/findings/planner-factory";
import { seedDemo } from "../../src/services/demo/demo-seed";
import { createOrg, type Organization } from "../../src/services/orgs/org-service";
import { createDepartment } from "../../src/services/registries/department-service";
import { createInspector } from "../../src/services/registries/inspector-service";
import { createItem } from "../../src/services/registries/item-service";
import { departmentInputSchema, inspectorInputSchema, itemInputSchema } from "../../src/services/registries/registry-types";
import { executeDraw } from "../../src/services/rounds/draw-runner";
import { drawRecord } from "../../src/services/rounds/draw-service";
import { createRound, lockRound, requestDraw } from "../../src/services/rounds/round-service";
import { createPlan } from "../../src/services/plans/plan-service";
import { roundInputSchema } from "../../src/services/rounds/round-types";
import { operatorPrincipal } from "../../src/services/scope";
import { addUser, issueToken } from "../../src/services/users/user-service";
import { testConfig } from "../helpers/config";

export const operator = operatorPrincipal("foundation-tests");

/** Objects of each organization, by the kind of route parameter that names them. */
export interface County {
  tokens: Record<Role, string>;
  departmentCode: string;
  inspectorCode: string;
  itemCode: string;
  /** A user nobody signs in as, so revoking its tokens hurts no test. */
  spareUserName: string;
  /** A round drawn with a witness seed, its draw, and the file name of its departments snapshot list. */
  roundId: string;
  drawId: string;
  snapshotFile: string;
  /** The drawn round's one inspection (the county's department user's department, its inspector user seated) and an issued finding on it. */
  inspectionId: string;
  findingId: string;
  /** A plan of scheduled rounds. */
  planId: string;
  /** A notification that failed every attempt (the dead-letter list). */
  deadLetterId: string;
}

export interface TwoCounties {
  dea: County;
  oth: County;
}

export async function seedTwoCounties(database: Database): Promise<TwoCounties> {
  const { db } = database;
  const demo = await seedDemo(db, operator, 90, testConfig);
  if (!demo.loaded) throw new Error("the demo county was loaded already");
  const deaTokens = Object.fromEntries(demo.tokens.map((t) => [t.role, t.token])) as Record<Role, string>;
  await addUser(db, operator, { name: "dea.spare", role: "viewer", orgCode: "DEA" });

  const oth = await createOrg(db, operator, { code: "OTH", name: "其他县委编办", parentCode: null });
  await createDepartment(
    db,
    operator,
    oth,
    departmentInputSchema.parse({ code: "OTH-D1", name: "其他县市场监督管理局", kind: "政府部门" }),
  );
  await createDepartment(db, operator, oth, departmentInputSchema.parse({ code: "OTH-D2", name: "外县财政局", kind: "政府部门" }));
  await createInspector(
    db,
    operator,
    oth,
    inspectorInputSchema.parse({ code: "OTH-I1", name: "外县检查员", homeDepartmentCode: "OTH-D2" }),
  );
  await createInspector(
    db,
    operator,
    oth,
    inspectorInputSchema.parse({ code: "OTH-I2", name: "外县检查员二", homeDepartmentCode: "OTH-D1" }),
  );
  await createItem(db, operator, oth, itemInputSchema.parse({ code: "OTH-ITEM-9", name: "外县抽查事项" }));
  const othUsers: { role: Role; name: string; departmentCode?: string; inspectorCode?: string }[] = [
    { role: "admin", name: "oth.admin" },
    { role: "supervisor", name: "oth.supervisor" },
    { role: "inspector", name: "oth.inspector", inspectorCode: "OTH-I1" },
    { role: "department", name: "oth.department", departmentCode: "OTH-D1" },
    { role: "discipline", name: "oth.discipline" },
    { role: "viewer", name: "oth.viewer" },
  ];
  const othTokens: Partial<Record<Role, string>> = {};
  for (const user of othUsers) {
    await addUser(db, operator, { ...user, orgCode: "OTH" });
    othTokens[user.role] = (await issueToken(db, operator, user.name, 90)).token;
  }
  await addUser(db, operator, { name: "oth.spare", role: "viewer", orgCode: "OTH" });

  const [dea] = await db.select().from(organizations).where(eq(organizations.code, "DEA"));
  if (!dea) throw new Error("the demo has no DEA");
  return {
    dea: {
      tokens: deaTokens,
      departmentCode: "DEA-SCJGJ",
      inspectorCode: "INS-001",
      itemCode: "ITEM-1",
      spareUserName: "dea.spare",
      ...(await drawnRound(database, dea, "东阿县本地轮次", "ITEM-1", { departmentCode: "DEA-SCJGJ", inspectorCode: "INS-001" })),
      planId: await standingPlan(database, dea, "东阿县本地计划", "ITEM-1"),
      deadLetterId: await deadLetter(database, dea, "DEA-SCJGJ"),
    },
    oth: {
      tokens: othTokens as Record<Role, string>,
      departmentCode: "OTH-D1",
      inspectorCode: "OTH-I1",
      itemCode: "OTH-ITEM-9",
      spareUserName: "oth.spare",
      ...(await drawnRound(database, oth, "外县轮次", "OTH-ITEM-9", { departmentCode: "OTH-D1", inspectorCode: "OTH-I1" })),
      planId: await standingPlan(database, oth, "外县计划", "OTH-ITEM-9"),
      deadLetterId: await deadLetter(database, oth, "OTH-D1"),
    },
  };
}

/**
 * Plans, locks and draws a one-department round of `org`, as the draw job would. A tag only
 * the given department and inspector carry makes the draw pick them, so the county's
 * department and inspector users see the inspection; an issued finding goes on it.
 */
async function drawnRound(
  database: Database,
  org: Organization,
  title: string,
  itemCode: string,
  seat: { departmentCode: string; inspectorCode: string },
): Promise<{ roundId: string; drawId: string; snapshotFile: string; inspectionId: string; findingId: string }> {
  await database.db
    .update(departments)
    .set({ tags: sql`array_append(${departments.tags}, 'route-walk')` })
    .where(eq(departments.code, seat.departmentCode));
  await database.db
    .update(inspectors)
    .set({ tags: sql`array_append(${inspectors.tags}, 'route-walk')` })
    .where(eq(inspectors.code, seat.inspectorCode));
  const input = roundInputSchema.parse({
    title,
    number: `${org.code}-TEST-1`,
    orgCode: org.code,
    seedSource: "witness",
    notice: { mode: "at-draw" },
    params: {
      strata: [{ name: "全部", allOf: ["route-walk"], count: 1 }],
      exclusions: { inspectedWithinDays: 1, inspectedThisYear: false },
      team: { size: 1, roles: [{ tag: "route-walk", min: 1 }], capPerInspector: 1, recusalDays: 1, alternates: 0 },
      items: [itemCode],
    },
  });
  const round = await createRound(database, operator, org, input);
  await lockRound(database, operator, round.id);
  const draw = await requestDraw(database.db, operator, round.id, { seed: "3141 5926 5358 9793 2384 6264" });
  const outcome = await executeDraw(database, draw.id);
  if (outcome.status !== "done") throw new Error(`the ${org.code} test draw did not run: ${JSON.stringify(outcome)}`);
  const exported = await drawRecord(database.db, operator, draw.id);
  const departmentsList = exported.lists.find((list) => list.name === "departments");
  if (!departmentsList) throw new Error("the draw record lists no departments");
  const [inspection] = await database.db.select({ id: inspections.id }).from(inspections).where(eq(inspections.drawId, draw.id));
  if (!inspection) throw new Error("the test draw made no inspection");
  const finding = await recordFinding(database.db, operator, inspection.id, {
    itemCode,
    description: "路由检查用问题",
    severity: "general",
    evidence: [],
  });
  await issueFinding(database.db, operator, finding.id, await loadDeadlinePlanner(database.db, testConfig));
  return {
    roundId: round.id,
    drawId: draw.id,
    snapshotFile: `${departmentsList.hash}.jsonl`,
    inspectionId: inspection.id,
    findingId: finding.id,
  };
}

/** A plan of scheduled rounds of `org` (one department, server seed, yearly). */
async function standingPlan(database: Database, org: Organization, name: string, itemCode: string): Promise<string> {
  const plan = await createPlan(database.db, operator, org, {
    name,
    lockCron: "0 9 6 5 *",
    drawAfterMinutes: 60,
    template: {
      titlePattern: `${name}{year}`,
      numberPattern: `${org.code}-PLAN-{year}-{seq}`,
      seedSource: "server",
      notice: { mode: "at-draw" },
      params: {
        strata: [{ name: "全部", allOf: [], count: 1 }],
        exclusions: { inspectedWithinDays: 1, inspectedThisYear: false },
        team: { size: 1, roles: [], capPerInspector: 1, recusalDays: 1, alternates: 0 },
        items: [itemCode],
      },
    },
  });
  return plan.id;
}

/** A dead notification of `org` to a department's contact, as the delivery leaves one. */
async function deadLetter(database: Database, org: Organization, departmentCode: string): Promise<string> {
  const [row] = await database.db
    .insert(notificationOutbox)
    .values({
      key: `test:${org.code}:dead`,
      orgId: org.id,
      kind: "finding.reminder",
      channel: "webhook",
      recipient: { kind: "department-contact", code: departmentCode },
      payload: {},
      status: "dead",
      attempts: 8,
      lastError: "webhook answered 500",
      deadCount: 1,
    })
    .returning({ id: notificationOutbox.id });
  if (!row) throw new Error("no dead letter");
  return row.id;
}

/** Strings that name OTH's objects: none may appear in an answer to a DEA user. */
export const othMarkers = ["OTH-D1", "OTH-D2", "OTH-I1", "OTH-I2", "OTH-ITEM-9", "OTH-TEST", "oth.", "其他县", "外县"];
