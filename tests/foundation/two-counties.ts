// Two organizations in separate subtrees: the demo county DEA (under SD/LC) and a
// top-level office OTH with a department, an inspector, an item and a user of every role.
// Every role has a token in each, so tests can ask across the boundary.
import type { Db } from "../../src/db/client";
import type { Role } from "../../src/db/schema";
import { seedDemo } from "../../src/services/demo/demo-seed";
import { createOrg } from "../../src/services/orgs/org-service";
import { createDepartment } from "../../src/services/registries/department-service";
import { createInspector } from "../../src/services/registries/inspector-service";
import { createItem } from "../../src/services/registries/item-service";
import { departmentInputSchema, inspectorInputSchema, itemInputSchema } from "../../src/services/registries/registry-types";
import { operatorPrincipal } from "../../src/services/scope";
import { addUser, issueToken } from "../../src/services/users/user-service";

export const operator = operatorPrincipal("foundation-tests");

/** Objects of each organization, by the kind of route parameter that names them. */
export interface County {
  tokens: Record<Role, string>;
  departmentCode: string;
  inspectorCode: string;
  itemCode: string;
  /** A user nobody signs in as, so revoking its tokens hurts no test. */
  spareUserName: string;
}

export interface TwoCounties {
  dea: County;
  oth: County;
}

export async function seedTwoCounties(db: Db): Promise<TwoCounties> {
  const demo = await seedDemo(db, operator, 90);
  if (!demo.loaded) throw new Error("the demo county was loaded already");
  const deaTokens = Object.fromEntries(demo.tokens.map((t) => [t.role, t.token])) as Record<Role, string>;
  await addUser(db, operator, { name: "dea.spare", role: "viewer", orgCode: "DEA" });

  const oth = await createOrg(db, operator, { code: "OTH", name: "其他县委编办", parentCode: null });
  await createDepartment(db, operator, oth, departmentInputSchema.parse({ code: "OTH-D1", name: "其他县市场监督管理局", kind: "政府部门" }));
  await createInspector(db, operator, oth, inspectorInputSchema.parse({ code: "OTH-I1", name: "外县检查员", homeDepartmentCode: "OTH-D1" }));
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

  return {
    dea: { tokens: deaTokens, departmentCode: "DEA-SCJGJ", inspectorCode: "INS-001", itemCode: "ITEM-1", spareUserName: "dea.spare" },
    oth: { tokens: othTokens as Record<Role, string>, departmentCode: "OTH-D1", inspectorCode: "OTH-I1", itemCode: "OTH-ITEM-9", spareUserName: "oth.spare" },
  };
}

/** Strings that name OTH's objects: none may appear in an answer to a DEA user. */
export const othMarkers = ["OTH-D1", "OTH-I1", "OTH-ITEM-9", "oth.", "其他县", "外县"];
