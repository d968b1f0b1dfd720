// The public 公示 page of a published round (no token; /public/* is listed in access.ts):
// JSON, or printable HTML with ?format=html or Accept: text/html. Unpublished: 404.
import { z } from "zod";
import { publicRound, type PublicRound } from "../../services/rounds/publication";
import type { Api } from "../api";
import type { AppDeps } from "../deps";
import { escapeHtml, htmlPage } from "../html";

export function publicRoundRoutes(api: Api, { database: { db } }: AppDeps): void {
  api.get(
    "/public/rounds/:id",
    {
      schema: {
        tags: ["public"],
        summary:
          "A published round's results (公示): departments inspected, items, findings summary, rectification status, draw and audit hashes (JSON, or HTML with ?format=html or Accept: text/html)",
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({ format: z.enum(["json", "html"]).optional() }),
      },
    },
    async (request, reply) => {
      const result = await publicRound(db, request.params.id);
      const wantsHtml = request.query.format === "html" || (!request.query.format && (request.headers.accept ?? "").includes("text/html"));
      if (!wantsHtml) return result;
      return reply.type("text/html; charset=utf-8").send(publicRoundHtml(result));
    },
  );
}

export function publicRoundHtml(p: PublicRound): string {
  const e = escapeHtml;
  const departments = p.departments
    .map((d) => `<tr><td>${e(d.code)}</td><td>${e(d.name)}</td><td>${d.findings}</td><td>${d.rectified}</td><td>${d.open}</td></tr>`)
    .join("\n");
  const items = p.items.map((i) => `<li>${e(i.code)} ${e(i.name)}</li>`).join("");
  const findings = p.findings.list
    .map(
      (f) =>
        `<tr><td>${e(f.departmentName)}</td><td>${e(f.itemName)}</td><td>${e(f.severity)}</td><td>${e(f.dueOn ?? "")}</td><td>${e(f.rectification)}</td></tr>`,
    )
    .join("\n");
  const draws = p.draws
    .map(
      (d) =>
        `<tr><td>${e(d.kind === "draw" ? "抽签" : "补充抽签")}</td><td>${e(d.drawnAt ?? "")}</td><td><code>${e(d.manifestHash)}</code></td><td><code>${e(d.resultHash ?? "")}</code></td><td><code>${e(d.recordHash ?? "")}</code></td></tr>`,
    )
    .join("\n");
  const f = p.findings;
  return htmlPage(
    `${p.round.title} 结果公示`,
    `<p>文号 ${e(p.round.number)} · ${e(p.round.organization.name)} · 抽查日期 ${e(p.round.heldOn ?? "—")} · 公示时间 ${e(p.round.publishedAt)}</p>
<h2>抽查事项</h2><ul>${items || "<li>—</li>"}</ul>
<h2>被检查单位</h2>
<table><thead><tr><th>单位编码</th><th>单位名称</th><th>反馈问题</th><th>已整改</th><th>未整改</th></tr></thead><tbody>${departments}</tbody></table>
<h2>问题及整改情况</h2>
<p>反馈问题 ${f.total} 项(${f.bySeverity.map((s) => `${e(s.label)} ${s.count}`).join("，")})；按期整改 ${f.rectifiedOnTime} 项，延期后按期整改 ${f.rectifiedOnTimeAfterExtension} 项，逾期整改 ${f.rectifiedLate} 项，未整改 ${f.open} 项。</p>
<table><thead><tr><th>单位</th><th>抽查事项</th><th>严重程度</th><th>整改期限</th><th>整改情况</th></tr></thead><tbody>${findings}</tbody></table>
<h2>核验 Verification</h2>
${p.draws.length > 0 ? `<table><thead><tr><th>类别</th><th>抽签时间</th><th>清单哈希 manifestHash</th><th>结果哈希 resultHash</th><th>记录哈希 recordHash</th></tr></thead><tbody>${draws}</tbody></table>` : "<p>本轮为系统上线前的历史轮次，无抽签记录。</p>"}
<p>审计链头 Audit chain head: seq ${p.audit.head.seq}, <code>${e(p.audit.head.hash)}</code>${p.audit.publication ? `；公示事件 publication event: seq ${p.audit.publication.seq}, <code>${e(p.audit.publication.hash)}</code>` : ""}</p>
<p>抽签记录可用 <code>ssj draw verify</code> 离线复核；审计链可用 <code>ssj audit verify</code> 核对。</p>`,
  );
}
