// ssj department | inspector | item: list, add and change registry rows from the shell.
import type { Command } from "commander";
import { resolveOrg } from "../../services/orgs/org-service";
import { createDepartment, listDepartments, updateDepartment } from "../../services/registries/department-service";
import { createInspector, listInspectors, updateInspector } from "../../services/registries/inspector-service";
import { createItem, listItems } from "../../services/registries/item-service";
import {
  departmentInputSchema,
  departmentPatchSchema,
  inspectorInputSchema,
  inspectorPatchSchema,
  itemInputSchema,
} from "../../services/registries/registry-types";
import { withDatabase } from "../context";
import { listOption, parseInput } from "../parse";

interface DepartmentOptions {
  org?: string;
  name?: string;
  kind?: string;
  tags?: string;
  contact?: string;
  contactPhone?: string;
  head?: string;
  headPhone?: string;
  inactive?: boolean;
  active?: boolean;
}

interface InspectorOptions {
  org?: string;
  name?: string;
  home?: string;
  tags?: string;
  title?: string;
  status?: string;
  conflicts?: string;
  phone?: string;
}

export function register(program: Command): void {
  const department = program.command("department").description("departments under supervision (被检查单位)");
  department
    .command("list")
    .option("--org <code>", "organization subtree (default: everything)")
    .option("--tag <tag>", "only departments with this tag")
    .action((options: { org?: string; tag?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const scope = options.org ? await scopedTo(database.db, operator, options.org) : operator;
        const { items, total } = await listDepartments(database.db, scope, { tag: options.tag, limit: 100_000 });
        for (const d of items)
          process.stdout.write(`${d.code}\t${d.name}\t${d.kind}\t${d.tags.join(",")}\t${d.active ? "active" : "inactive"}\n`);
        process.stderr.write(`${total} department(s)\n`);
      }),
    );
  withDepartmentOptions(
    department
      .command("add <code>")
      .description("add a department")
      .requiredOption("--name <name>")
      .requiredOption("--kind <kind>", "党委部门 | 政府部门 | 事业单位 | 乡镇街道 | …"),
  ).action((code: string, options: DepartmentOptions) =>
    withDatabase(async ({ database, operator }) => {
      const org = await resolveOrg(database.db, operator, options.org);
      const input = parseInput(departmentInputSchema, { code, ...departmentFields(options) });
      const row = await createDepartment(database.db, operator, org, input);
      process.stdout.write(`added ${row.code} ${row.name} to ${org.code}\n`);
    }),
  );
  withDepartmentOptions(
    department
      .command("set <code>")
      .description("change a department (a rename keeps the code and the name history)")
      .option("--name <name>")
      .option("--kind <kind>"),
  ).action((code: string, options: DepartmentOptions) =>
    withDatabase(async ({ database, operator }) => {
      const patch = parseInput(departmentPatchSchema, departmentFields(options));
      const row = await updateDepartment(database.db, operator, code, patch);
      process.stdout.write(`changed ${row.code} ${row.name}\n`);
    }),
  );

  const inspector = program.command("inspector").description("the talent pool (人才库)");
  inspector
    .command("list")
    .option("--org <code>", "organization subtree (default: everything)")
    .option("--tag <tag>", "only inspectors with this expertise tag")
    .action((options: { org?: string; tag?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const scope = options.org ? await scopedTo(database.db, operator, options.org) : operator;
        const { items, total } = await listInspectors(database.db, scope, { tag: options.tag, limit: 100_000 });
        for (const i of items)
          process.stdout.write(`${i.code}\t${i.name}\t${i.homeDepartmentCode ?? "-"}\t${i.tags.join(",")}\t${i.status}\n`);
        process.stderr.write(`${total} inspector(s)\n`);
      }),
    );
  withInspectorOptions(inspector.command("add <code>").description("add an inspector").requiredOption("--name <name>")).action(
    (code: string, options: InspectorOptions) =>
      withDatabase(async ({ database, operator }) => {
        const org = await resolveOrg(database.db, operator, options.org);
        const input = parseInput(inspectorInputSchema, { code, ...inspectorFields(options) });
        const row = await createInspector(database.db, operator, org, input);
        process.stdout.write(`added ${row.code} ${row.name} to ${org.code}\n`);
      }),
  );
  withInspectorOptions(inspector.command("set <code>").description("change an inspector").option("--name <name>")).action(
    (code: string, options: InspectorOptions) =>
      withDatabase(async ({ database, operator }) => {
        const patch = parseInput(inspectorPatchSchema, inspectorFields(options));
        const row = await updateInspector(database.db, operator, code, patch);
        process.stdout.write(`changed ${row.code} ${row.name}\n`);
      }),
  );

  const item = program.command("item").description("inspection items (抽查事项清单)");
  item.command("list").action(() =>
    withDatabase(async ({ database, operator }) => {
      for (const row of await listItems(database.db, operator))
        process.stdout.write(`${row.orgCode}\t${row.code}\t${row.name}\t${row.active ? "active" : "inactive"}\n`);
    }),
  );
  item
    .command("add <code>")
    .requiredOption("--name <name>")
    .option("--legal-basis <text>")
    .option("--method <text>")
    .option("--org <code>", "organization (default: the only one)")
    .action((code: string, options: { name: string; legalBasis?: string; method?: string; org?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const org = await resolveOrg(database.db, operator, options.org);
        const row = await createItem(
          database.db,
          operator,
          org,
          parseInput(itemInputSchema, { code, name: options.name, legalBasis: options.legalBasis, method: options.method }),
        );
        process.stdout.write(`added ${row.code} ${row.name} to ${org.code}\n`);
      }),
    );
}

async function scopedTo(db: Parameters<typeof resolveOrg>[0], operator: Parameters<typeof resolveOrg>[1], orgCode: string) {
  const org = await resolveOrg(db, operator, orgCode);
  return { ...operator, orgId: org.id, orgPath: org.path };
}

function withDepartmentOptions(command: Command): Command {
  return command
    .option("--org <code>", "organization (default: the only one)")
    .option("--tags <list>", "tags, comma separated (key, risk-A…)")
    .option("--contact <name>")
    .option("--contact-phone <phone>")
    .option("--head <name>")
    .option("--head-phone <phone>")
    .option("--inactive", "mark inactive (not drawn)")
    .option("--active", "mark active");
}

function departmentFields(options: DepartmentOptions) {
  return {
    name: options.name,
    kind: options.kind,
    tags: listOption(options.tags),
    contactName: options.contact,
    contactPhone: options.contactPhone,
    headName: options.head,
    headPhone: options.headPhone,
    active: options.inactive ? false : options.active ? true : undefined,
  };
}

function withInspectorOptions(command: Command): Command {
  return command
    .option("--org <code>", "organization (default: the only one)")
    .option("--home <code>", "home department code")
    .option("--tags <list>", "expertise tags, comma separated (legal, finance, staffing, discipline, leader…)")
    .option("--title <title>")
    .option("--status <status>", "active | on-leave | retired")
    .option("--conflicts <codes>", "declared conflicts: department codes, comma separated")
    .option("--phone <phone>");
}

function inspectorFields(options: InspectorOptions) {
  return {
    name: options.name,
    homeDepartmentCode: options.home,
    tags: listOption(options.tags),
    title: options.title,
    status: options.status,
    conflicts: listOption(options.conflicts),
    phone: options.phone,
  };
}
