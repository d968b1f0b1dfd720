// Reports for the discipline office (docs/reports.md) as JSON, CSV (UTF-8 with BOM) or XLSX
// (one sheet per table, streamed), the past-findings import, and publishing a round (一公开).
import { PassThrough } from "node:stream";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { importPastFindings } from "../../services/history/past-findings-service";
import { orgForWrite } from "../../services/orgs/org-service";
import { departmentDossier } from "../../services/reports/dossier";
import { checkExport, contentTypes, exportFileName, renderReport } from "../../services/reports/export/render";
import {
  exportFormats,
  pageQuerySchema,
  periodQuerySchema,
  reportJson,
  type ExportFormat,
  type Report,
} from "../../services/reports/report-types";
import { summaryReport } from "../../services/reports/summary";
import { workloadReport } from "../../services/reports/workload";
import { overdueReport, referralsReport } from "../../services/reports/worklists";
import { publishRound } from "../../services/rounds/publication";
import { principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../deps";
import { acceptFileBodies, bodyStream } from "./imports";

const readers = ["admin", "supervisor", "discipline"] as const;
const exportQuery = z.object({ format: z.enum(exportFormats).default("json"), table: z.string().min(1).max(64).optional() });
const formatNote = "?format=json (default) | csv (one table: ?table=NAME, default the first) | xlsx (a sheet per table)";

export function reportRoutes(api: Api, { database, config }: AppDeps): void {
  const { db } = database;
  acceptFileBodies(api);

  api.get(
    "/reports/summary",
    {
      config: { roles: readers },
      schema: {
        tags: ["reports"],
        summary: `Period summary (from, to: YYYY-MM-DD; org: a subtree); ${formatNote}`,
        querystring: periodQuerySchema.extend(exportQuery.shape),
      },
    },
    async (request, reply) => {
      const { format, table, ...input } = request.query;
      return sendReport(reply, await summaryReport(db, principal(request), input), format, table);
    },
  );
  api.get(
    "/reports/overdue",
    {
      config: { roles: readers },
      schema: {
        tags: ["reports"],
        summary: `Findings overdue now (JSON: one page and the total; CSV/XLSX: every row); ${formatNote}`,
        querystring: z
          .object({ org: z.string().min(1).max(32).optional() })
          .extend(pageQuerySchema.shape)
          .extend(exportQuery.shape),
      },
    },
    async (request, reply) => {
      const { format, table, org, limit, offset } = request.query;
      return sendReport(
        reply,
        await overdueReport(db, principal(request), { org, page: format === "json" ? { limit, offset } : null }),
        format,
        table,
      );
    },
  );
  api.get(
    "/reports/referrals",
    {
      config: { roles: readers },
      schema: {
        tags: ["reports"],
        summary: `Level-3 escalations (移送纪检监察), from/to by the day sent; ${formatNote}`,
        querystring: periodQuerySchema.extend(pageQuerySchema.shape).extend(exportQuery.shape),
      },
    },
    async (request, reply) => {
      const { format, table, limit, offset, ...input } = request.query;
      return sendReport(
        reply,
        await referralsReport(db, principal(request), { ...input, page: format === "json" ? { limit, offset } : null }),
        format,
        table,
      );
    },
  );
  api.get(
    "/reports/departments/:code",
    {
      config: { roles: [...readers, "department"] },
      schema: {
        tags: ["reports"],
        summary: `A department's dossier: inspections, findings, deadlines, rectification reports (a department user: its own only); ${formatNote}`,
        params: z.object({ code: z.string().min(1).max(64) }),
        querystring: exportQuery,
      },
    },
    async (request, reply) =>
      sendReport(reply, await departmentDossier(db, principal(request), request.params.code), request.query.format, request.query.table),
  );
  api.get(
    "/reports/inspectors",
    {
      config: { roles: readers },
      schema: {
        tags: ["reports"],
        summary: `Inspector workload in a period: assignments, as leader, declines; ${formatNote}`,
        querystring: periodQuerySchema.extend(exportQuery.shape),
      },
    },
    async (request, reply) => {
      const { format, table, ...input } = request.query;
      return sendReport(reply, await workloadReport(db, principal(request), input), format, table);
    },
  );

  api.post(
    "/imports/findings",
    {
      config: { roles: ["admin", "supervisor"] },
      schema: {
        tags: ["imports"],
        summary:
          "Import past findings (文号, 单位编码, 事项编码, 问题描述, 严重程度, 下发日期, 整改期限, 销号日期) of imported rounds from CSV or XLSX; all or nothing, re-import safe",
        querystring: z.object({ org: z.string().min(1).optional(), filename: z.string().max(255).optional() }),
      },
    },
    async (request) => {
      const org = await orgForWrite(db, principal(request), request.query.org);
      return importPastFindings(
        database,
        principal(request),
        org,
        {
          stream: bodyStream(request.body),
          ...(request.query.filename ? { filename: request.query.filename } : {}),
        },
        config,
      );
    },
  );

  api.post(
    "/rounds/:id/publish",
    {
      config: { roles: ["admin", "supervisor"] },
      schema: {
        tags: ["rounds"],
        summary: "Publish the round's results (一公开) at /public/rounds/:id; audited; publishing again changes nothing",
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request) => publishRound(db, principal(request), request.params.id),
  );
}

/** JSON as an object; CSV and XLSX streamed as a download. */
async function sendReport(reply: FastifyReply, report: Report, format: ExportFormat, table: string | undefined): Promise<unknown> {
  checkExport(report, format, table);
  if (format === "json") return reportJson(report);
  const body = new PassThrough();
  reply.type(contentTypes[format]).header("content-disposition", `attachment; filename="${exportFileName(report, format, table)}"`);
  renderReport(report, format, body, table).catch((error: unknown) =>
    body.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return reply.send(body);
}
