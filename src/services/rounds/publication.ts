// 一公开: the supervisor publishes a round's results; the public page then shows them —
// only public fields: the departments inspected, the items, a summary of the findings and
// how their rectification stands, and the hashes anyone can check (the draw's resultHash and
// manifestHash, the audit chain head). Never a person's contact, never a finding's text
// (docs/reports.md, 公示).
import { eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { rounds } from "../../db/schema";
import { ConflictError, ForbiddenError, NotFoundError } from "../../errors";
import { appendAudit, auditHead, type ChainHead } from "../audit/audit-service";
import { classifiedFindings } from "../reports/report-scope";
import { rectificationLabel, severityLabel } from "../reports/report-types";
import type { Principal } from "../scope";
import { findRound } from "./round-service";

const publishers = new Set(["operator", "admin", "supervisor"]);
/** A round is published once it has results: drawn (or carried out, or closed — imported rounds are closed). */
const publishable = new Set(["drawn", "in_progress", "closed"]);

export interface Publication {
  roundId: string;
  number: string;
  publishedAt: string;
  /** True when the round was published before; nothing changed. */
  alreadyPublished: boolean;
  publicPath: string;
}

export async function publishRound(db: Db, principal: Principal, roundId: string): Promise<Publication> {
  if (!publishers.has(principal.role)) throw new ForbiddenError("only a supervisor or an admin publishes a round's results");
  return db.transaction(async (tx) => {
    const round = await findRound(tx, principal, roundId, true);
    const publicPath = `/public/rounds/${round.id}`;
    if (round.publishedAt)
      return { roundId: round.id, number: round.number, publishedAt: round.publishedAt.toISOString(), alreadyPublished: true, publicPath };
    if (!publishable.has(round.status))
      throw new ConflictError(
        `round ${round.number} is ${round.status}; only a drawn, started or closed round has results to publish`,
        { status: round.status },
        "wrong_status",
      );
    // Confidentiality (DESIGN.md): the public page names the departments, so not before each was told.
    const [unnoticed] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from inspections where round_id = ${round.id} and not voided and (notice_at is null or notice_at > ssj_now())`,
    );
    if ((unnoticed?.n ?? 0) > 0) {
      throw new ConflictError(
        `round ${round.number} has ${unnoticed?.n} inspection(s) whose department has not been notified yet; publish after the notice time`,
        { unnoticed: unnoticed?.n },
        "not_yet_notified",
      );
    }
    const [updated] = await tx
      .update(rounds)
      .set({ publishedAt: sql`ssj_now()`, updatedAt: sql`ssj_now()` })
      .where(eq(rounds.id, round.id))
      .returning({ publishedAt: rounds.publishedAt });
    if (!updated?.publishedAt) throw new Error("round vanished");
    const publishedAt = updated.publishedAt.toISOString();
    await appendAudit(tx, {
      actor: principal.actor,
      action: "round.publish",
      subject: `round:${round.id}`,
      orgId: round.orgId,
      payload: { number: round.number, publishedAt },
    });
    return { roundId: round.id, number: round.number, publishedAt, alreadyPublished: false, publicPath };
  });
}

export interface PublicRound {
  round: {
    id: string;
    number: string;
    title: string;
    organization: { code: string; name: string };
    heldOn: string | null;
    imported: boolean;
    publishedAt: string;
  };
  items: { code: string; name: string }[];
  departments: { code: string; name: string; findings: number; rectified: number; open: number }[];
  findings: {
    total: number;
    bySeverity: { severity: string; label: string; count: number }[];
    rectifiedOnTime: number;
    rectifiedOnTimeAfterExtension: number;
    rectifiedLate: number;
    open: number;
    list: {
      department: string;
      departmentName: string;
      item: string;
      itemName: string;
      severity: string;
      dueOn: string | null;
      rectification: string;
    }[];
  };
  /** The standing draw and any supplementary draws: recompute them with `ssj draw verify`. */
  draws: {
    drawId: string;
    kind: string;
    drawnAt: string | null;
    resultHash: string | null;
    recordHash: string | null;
    manifestHash: string;
  }[];
  /** The audit chain's head when this page was served, and the event that published the round. */
  audit: { head: ChainHead; publication: ChainHead | null };
}

/** The published round, or 404 — the same 404 for a round that does not exist and one not yet published. */
export async function publicRound(db: Db, roundId: string): Promise<PublicRound> {
  if (!/^[0-9a-f-]{36}$/i.test(roundId)) throw new NotFoundError(`no published round ${roundId}`);
  const [round] = await queryRows<{
    id: string;
    number: string;
    title: string;
    org_id: string;
    org_code: string;
    org_name: string;
    imported: boolean;
    held_on: string | null;
    published_at: Date | string | null;
    params: { items?: string[] };
  }>(
    db,
    sql`select r.id, r.number, r.title, r.org_id, o.code as org_code, o.name as org_name, r.imported, r.params, r.published_at,
               coalesce(r.held_on, (select (d.drawn_at at time zone 'Asia/Shanghai')::date from draws d
                                     where d.round_id = r.id and d.kind = 'draw' and d.status = 'done' order by d.drawn_at limit 1))::text as held_on
          from rounds r join organizations o on o.id = r.org_id
         where r.id = ${roundId} and r.published_at is not null`,
  );
  if (!round || round.published_at === null) throw new NotFoundError(`no published round ${roundId}`);

  const findingRows = await queryRows<{
    department: string;
    department_name: string;
    item: string;
    item_name: string;
    severity: string;
    due_on: string | null;
    rectification: string;
  }>(
    db,
    sql`select d.code as department, d.name as department_name, it.code as item, it.name as item_name, c.severity, c.due_on::text as due_on, c.rectification
          from (${classifiedFindings(sql`f.round_id = ${round.id} and f.status in ('issued', 'submitted', 'accepted')`)}) c
          join departments d on d.id = c.department_id
          join inspection_items it on it.id = c.item_id
         order by d.code collate "C", it.code collate "C", c.issued_at, c.id`,
  );
  const departmentRows = await queryRows<{ code: string; name: string }>(
    db,
    sql`select d.code, d.name from inspections i join departments d on d.id = i.department_id
         where i.round_id = ${round.id} and not i.voided order by i.position, d.code collate "C"`,
  );
  const itemCodes = [...new Set([...(Array.isArray(round.params.items) ? round.params.items : []), ...findingRows.map((f) => f.item)])];
  const items =
    itemCodes.length === 0
      ? []
      : await queryRows<{ code: string; name: string }>(
          db,
          sql`select code, name from inspection_items where org_id = ${round.org_id} and code in ${itemCodes} order by code collate "C"`,
        );
  const drawRows = await queryRows<{
    id: string;
    kind: string;
    drawn_at: Date | string | null;
    result_hash: string | null;
    record_hash: string | null;
    manifest_hash: string;
  }>(
    db,
    sql`select d.id, d.kind, d.drawn_at, d.result_hash, d.record_hash, l.manifest_hash
          from draws d join round_locks l on l.id = d.lock_id
         where d.round_id = ${round.id} and d.status = 'done' order by d.drawn_at`,
  );
  const [publication] = await queryRows<{ seq: number; hash: string }>(
    db,
    sql`select seq, hash from audit_events where subject = ${`round:${round.id}`} and action = 'round.publish' order by seq limit 1`,
  );
  const counted = (value: string) => findingRows.filter((f) => f.rectification === value).length;
  return {
    round: {
      id: round.id,
      number: round.number,
      title: round.title,
      organization: { code: round.org_code, name: round.org_name },
      heldOn: round.held_on,
      imported: round.imported,
      publishedAt: new Date(round.published_at).toISOString(),
    },
    items,
    departments: departmentRows.map((d) => {
      const own = findingRows.filter((f) => f.department === d.code);
      return {
        ...d,
        findings: own.length,
        rectified: own.filter((f) => f.rectification !== "open").length,
        open: own.filter((f) => f.rectification === "open").length,
      };
    }),
    findings: {
      total: findingRows.length,
      bySeverity: (["general", "serious", "urgent"] as const).map((severity) => ({
        severity,
        label: severityLabel(severity),
        count: findingRows.filter((f) => f.severity === severity).length,
      })),
      rectifiedOnTime: counted("on_time"),
      rectifiedOnTimeAfterExtension: counted("on_time_extended"),
      rectifiedLate: counted("late"),
      open: counted("open"),
      list: findingRows.map((f) => ({
        department: f.department,
        departmentName: f.department_name,
        item: f.item,
        itemName: f.item_name,
        severity: severityLabel(f.severity),
        dueOn: f.due_on,
        rectification: rectificationLabel(f.rectification),
      })),
    },
    draws: drawRows.map((d) => ({
      drawId: d.id,
      kind: d.kind,
      drawnAt: d.drawn_at === null ? null : new Date(d.drawn_at).toISOString(),
      resultHash: d.result_hash,
      recordHash: d.record_hash,
      manifestHash: d.manifest_hash,
    })),
    audit: { head: await auditHead(db), publication: publication ? { seq: Number(publication.seq), hash: publication.hash } : null },
  };
}
