// POST /api/v1/imports/history: past rounds from a CSV or XLSX file sent as the request body
// (docs/history.md). Registered in its own plugin so its raw-body parsers stay local.
import { Readable } from "node:stream";
import { z } from "zod";
import { importHistory } from "../../services/history/history-service";
import { orgForWrite } from "../../services/orgs/org-service";
import { BadRequestError } from "../../errors";
import { principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../app";

const keepers = ["admin", "supervisor"] as const;
/** What a CSV or XLSX upload is sent as; the content decides the format, never the header. */
const fileTypes = ["text/csv", "application/octet-stream", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-excel"];

export function historyImportRoutes(api: Api, deps: AppDeps): void {
  for (const type of fileTypes) {
    // another route may have registered a parser for the type already; a stream or a buffer both do
    if (!api.hasContentTypeParser(type)) api.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
  }
  api.post(
    "/imports/history",
    {
      config: { roles: keepers },
      schema: {
        tags: ["imports"],
        summary: "Import past rounds (文号, 日期, 单位编码, 检查组成员, 组长) from CSV (UTF-8 or GB18030) or XLSX; all or nothing, upsert by 文号",
        querystring: z.object({ org: z.string().min(1).optional(), filename: z.string().max(255).optional() }),
      },
    },
    async (request) => {
      const org = await orgForWrite(deps.database.db, principal(request), request.query.org);
      return importHistory(deps.database, principal(request), org, { stream: bodyStream(request.body), ...(request.query.filename ? { filename: request.query.filename } : {}) });
    },
  );
}

function bodyStream(body: unknown): NodeJS.ReadableStream {
  if (body instanceof Readable) return body;
  if (Buffer.isBuffer(body)) return Readable.from([body]);
  if (typeof body === "string") return Readable.from([Buffer.from(body, "utf8")]);
  throw new BadRequestError("send the file as the request body (Content-Type: text/csv, application/octet-stream or the XLSX type)");
}
