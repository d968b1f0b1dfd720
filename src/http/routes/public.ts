// Public pages (no token, listed in src/http/access.ts): the lock commitments.
import { z } from "zod";
import { publicCommitments, type Commitment } from "../../services/rounds/commitments";
import type { Api } from "../api";
import type { AppDeps } from "../deps";
import { escapeHtml, htmlPage } from "../html";

export function publicRoutes(api: Api, { database: { db } }: AppDeps): void {
  api.get(
    "/public/commitments",
    {
      schema: {
        tags: ["public"],
        summary: "Every lock's manifest hash and seed commitment (JSON, or HTML with ?format=html or Accept: text/html)",
        querystring: z.object({ format: z.enum(["json", "html"]).optional() }),
      },
    },
    async (request, reply) => {
      const items = await publicCommitments(db);
      const wantsHtml = request.query.format === "html" || (!request.query.format && (request.headers.accept ?? "").includes("text/html"));
      if (!wantsHtml) return { items };
      return reply.type("text/html; charset=utf-8").send(commitmentsHtml(items));
    },
  );
}

function commitmentsHtml(items: Commitment[]): string {
  const rows = items
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.number)}</td><td>${escapeHtml(c.organization.name)}</td><td>${escapeHtml(c.lockedAt)}${c.superseded ? "（已作废 superseded）" : ""}</td><td>${escapeHtml(c.seedSource)}${c.beaconRound ? ` #${escapeHtml(c.beaconRound)}` : ""}</td><td><code>${escapeHtml(c.manifestHash)}</code></td><td><code>${escapeHtml(c.seedCommitment ?? "—")}</code></td></tr>`,
    )
    .join("\n");
  return htmlPage(
    "双随机抽查锁定承诺 Lock commitments",
    `<p>每次锁定在抽签前公开清单哈希（manifest hash）；抽签记录可用 <code>ssj draw verify</code> 离线复核。Each lock publishes its manifest hash before any seed exists.</p>
<table><thead><tr><th>文号 Number</th><th>单位 Office</th><th>锁定时间 Locked at</th><th>种子来源 Seed</th><th>清单哈希 Manifest hash</th><th>种子承诺 Seed commitment</th></tr></thead>
<tbody>${rows}</tbody></table>`,
  );
}
