// The set-based half of an import, run on the loaded staging table: the checks that need the
// whole file or the database (a code twice in the file, a code of another organization, an
// unknown department), then the upsert, the name history and --deactivate-missing — each one
// statement, whatever the file's size.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import type { Organization } from "../orgs/org-service";
import { subtreeCondition } from "../scope";
import type { DepartmentField, InspectorField } from "./import-columns";
import { STAGING_TABLE } from "./import-staging";
import { MAX_LISTED_BAD_ROWS, type BadRow } from "./import-types";

const staging = sql.raw(STAGING_TABLE);

export interface CheckResult {
  badRows: BadRow[];
  totalBad: number;
}

export interface ApplyResult {
  inserted: number;
  updated: number;
  deactivated: number;
}

/** Problems of whole-file scope for departments, one entry per bad row, the first 100 by row. */
export async function checkDepartments(tx: Db, org: Organization): Promise<CheckResult> {
  return firstProblems(
    tx,
    sql`
      select row_no, code, 'the code ' || code || ' appears more than once in the file (first on row ' || first_row || ')' as message
        from (select row_no, code, bad, min(row_no) over (partition by code) as first_row from ${staging}) s
       where row_no > first_row and not bad
      union all
      select s.row_no, s.code, 'the code ' || s.code || ' belongs to a department of another organization' as message
        from ${staging} s join departments d on d.code = s.code
       where d.org_id <> ${org.id} and not s.bad`,
  );
}

/**
 * Problems of whole-file scope for inspectors. Resolves 所在单位 first, into the temp table
 * import_home_refs: a department code in the organization's subtree, else the exact name of
 * exactly one department there.
 */
export async function checkInspectors(tx: Db, org: Organization): Promise<CheckResult> {
  const inOrg = (alias: string): SQL => subtreeCondition(org.path, sql.raw(`${alias}.org_id`));
  await tx.execute(sql`
    create temp table import_home_refs on commit drop as
    select r.ref,
           coalesce(c.id, case when n.matches = 1 then n.id end) as department_id,
           coalesce(n.matches, 0) as name_matches
      from (select distinct home_ref as ref from ${staging} where home_ref is not null and not bad) r
      left join departments c on c.code = r.ref and ${inOrg("c")}
      left join (select d.name, count(*)::int as matches, (array_agg(d.id))[1] as id
                   from departments d where ${inOrg("d")} group by d.name) n on n.name = r.ref`);
  return firstProblems(
    tx,
    sql`
      select row_no, code, 'the code ' || code || ' appears more than once in the file (first on row ' || first_row || ')' as message
        from (select row_no, code, bad, min(row_no) over (partition by code) as first_row from ${staging}) s
       where row_no > first_row and not bad
      union all
      select s.row_no, s.code, 'the code ' || s.code || ' belongs to an inspector of another organization'
        from ${staging} s join inspectors i on i.code = s.code
       where i.org_id <> ${org.id} and not s.bad
      union all
      select s.row_no, s.code,
             case when h.name_matches > 1
                  then '所在单位 ''' || s.home_ref || ''' is the name of ' || h.name_matches || ' departments: give its 单位编码'
                  else '所在单位 ''' || s.home_ref || ''' is neither the 单位编码 nor the 单位名称 of a department of this organization' end
        from ${staging} s join import_home_refs h on h.ref = s.home_ref
       where h.department_id is null and not s.bad
      union all
      select s.row_no, s.code, '回避单位 ' || c.code || ' is not the 单位编码 of a department of this organization'
        from ${staging} s cross join lateral unnest(s.conflicts) as c(code)
       where not s.bad and not exists (select 1 from departments d where d.code = c.code and ${inOrg("d")})`,
  );
}

async function firstProblems(tx: Db, problems: SQL): Promise<CheckResult> {
  const rows = await queryRows<{ row_no: number; code: string; message: string; total: number | string }>(
    tx,
    sql`
      select row_no, code, string_agg(message, '; ' order by message) as message, count(*) over () as total
        from (${problems}) p
       group by row_no, code
       order by row_no
       limit ${MAX_LISTED_BAD_ROWS}`,
  );
  return {
    badRows: rows.map((row) => ({ row: Number(row.row_no), code: row.code, message: row.message })),
    totalBad: Number(rows[0]?.total ?? 0),
  };
}

/** Which department columns an update overwrites, by the file's columns (absent ones keep their value). */
const departmentTargets: Readonly<Record<Exclude<DepartmentField, "code">, string>> = {
  name: "name",
  kind: "kind",
  tags: "tags",
  contactName: "contact_name",
  contactPhone: "contact_phone",
  contactEmail: "contact_email",
  headName: "head_name",
  headPhone: "head_phone",
  headEmail: "head_email",
  active: "active",
  lastInspectedOn: "last_inspected_on",
};

export async function applyDepartments(
  tx: Db,
  org: Organization,
  present: ReadonlySet<string>,
  deactivateMissing: boolean,
): Promise<ApplyResult> {
  const all = Object.values(departmentTargets);
  const updated = Object.entries(departmentTargets)
    .filter(([field]) => present.has(field))
    .map(([, column]) => column);
  const [counts] = await queryRows<{ inserted: number; updated: number }>(
    tx,
    sql`
      with prior as (
        select d.id, d.name from departments d join ${staging} s on s.code = d.code
      ), upserted as (
        insert into departments as d (org_id, code, ${sql.raw(all.join(", "))})
        select ${org.id}::uuid, code, ${sql.raw(all.join(", "))} from ${staging}
        on conflict (code) do update set ${setClause(updated)}
         where d.org_id = excluded.org_id and ${changedClause(updated)}
        returning d.id, d.name
      ), named as (
        insert into department_names (department_id, name)
        select u.id, u.name from upserted u left join prior p on p.id = u.id
         where p.id is null or p.name is distinct from u.name
        returning 1
      )
      select (select count(*) from upserted u where not exists (select 1 from prior p where p.id = u.id))::int as inserted,
             (select count(*) from upserted u where exists (select 1 from prior p where p.id = u.id))::int as updated,
             (select count(*) from named)::int as named`,
  );
  let deactivated = 0;
  if (deactivateMissing) {
    const [row] = await queryRows<{ count: number }>(
      tx,
      sql`
        with retired as (
          update departments d set active = false, updated_at = ssj_now()
           where d.org_id = ${org.id} and d.active
             and not exists (select 1 from ${staging} s where s.code = d.code)
          returning 1
        ) select count(*)::int as count from retired`,
    );
    deactivated = row?.count ?? 0;
  }
  return { inserted: counts?.inserted ?? 0, updated: counts?.updated ?? 0, deactivated };
}

const inspectorTargets: Readonly<Record<Exclude<InspectorField, "code">, { column: string; from: string }>> = {
  name: { column: "name", from: "s.name" },
  homeDepartment: { column: "home_department_id", from: "h.department_id" },
  tags: { column: "tags", from: "s.tags" },
  title: { column: "title", from: "s.title" },
  status: { column: "status", from: "s.status" },
  conflicts: { column: "conflicts", from: "s.conflicts" },
  phone: { column: "phone", from: "s.phone" },
  email: { column: "email", from: "s.email" },
};

export async function applyInspectors(
  tx: Db,
  org: Organization,
  present: ReadonlySet<string>,
  deactivateMissing: boolean,
): Promise<ApplyResult> {
  const targets = Object.values(inspectorTargets);
  const updated = Object.entries(inspectorTargets)
    .filter(([field]) => present.has(field))
    .map(([, target]) => target.column);
  const [counts] = await queryRows<{ inserted: number; updated: number }>(
    tx,
    sql`
      with prior as (
        select i.id from inspectors i join ${staging} s on s.code = i.code
      ), upserted as (
        insert into inspectors as i (org_id, code, ${sql.raw(targets.map((target) => target.column).join(", "))})
        select ${org.id}::uuid, s.code, ${sql.raw(targets.map((target) => target.from).join(", "))}
          from ${staging} s left join import_home_refs h on h.ref = s.home_ref
        on conflict (code) do update set ${setClause(updated)}
         where i.org_id = excluded.org_id and ${changedClause(updated, "i")}
        returning i.id
      )
      select (select count(*) from upserted u where not exists (select 1 from prior p where p.id = u.id))::int as inserted,
             (select count(*) from upserted u where exists (select 1 from prior p where p.id = u.id))::int as updated`,
  );
  let deactivated = 0;
  if (deactivateMissing) {
    const [row] = await queryRows<{ count: number }>(
      tx,
      sql`
        with retired as (
          update inspectors i set status = 'retired', updated_at = ssj_now()
           where i.org_id = ${org.id} and i.status <> 'retired'
             and not exists (select 1 from ${staging} s where s.code = i.code)
          returning 1
        ) select count(*)::int as count from retired`,
    );
    deactivated = row?.count ?? 0;
  }
  return { inserted: counts?.inserted ?? 0, updated: counts?.updated ?? 0, deactivated };
}

function setClause(columns: readonly string[]): SQL {
  return sql.raw([...columns.map((column) => `${column} = excluded.${column}`), "updated_at = ssj_now()"].join(", "));
}

/** True when an update would change something, so unchanged rows are neither written nor counted. */
function changedClause(columns: readonly string[], alias = "d"): SQL {
  if (columns.length === 0) return sql`false`;
  return sql.raw(
    `(${columns.map((column) => `${alias}.${column}`).join(", ")}) is distinct from (${columns.map((column) => `excluded.${column}`).join(", ")})`,
  );
}
