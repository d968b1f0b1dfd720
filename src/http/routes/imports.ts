// Bulk imports over HTTP: the file is the request body (CSV in UTF-8 or GB18030, or XLSX),
// streamed to the importer — all or nothing, bad rows listed in the 400's details.
import { Readable } from "node:stream";
import { z } from "zod";
import { BadRequestError } from "../../errors";
import { importRegistry } from "../../services/imports/import-service";
import { orgForWrite } from "../../services/orgs/org-service";
import { principal } from "../access";
import type { Api } from "../api";
import type { AppDeps } from "../deps";

/** Body types taken as a raw stream rather than parsed. */
export const fileContentTypes = [
  "text/csv",
  "application/octet-stream",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-excel",
];

const importQuery = z.object({
  org: z.string().min(1).optional(),
  deactivateMissing: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .default(false),
  filename: z.string().max(255).optional(),
});

export function importRoutes(api: Api, { database }: AppDeps): void {
  acceptFileBodies(api);
  for (const kind of ["departments", "inspectors"] as const) {
    api.post(
      `/imports/${kind}`,
      {
        config: { roles: ["admin", "supervisor"] },
        schema: {
          tags: ["registries"],
          summary: `Import ${kind} from CSV or XLSX (the request body; Content-Type text/csv or ${fileContentTypes[2]}); upsert by code, all or nothing`,
          querystring: importQuery,
        },
      },
      async (request) => {
        const org = await orgForWrite(database.db, principal(request), request.query.org);
        return importRegistry(
          database,
          principal(request),
          org,
          kind,
          { stream: bodyStream(request.body), filename: request.query.filename },
          { deactivateMissing: request.query.deactivateMissing },
        );
      },
    );
  }
}

/** Takes file uploads as raw streams (the content decides the format, never the header). */
export function acceptFileBodies(api: Api): void {
  for (const type of fileContentTypes) {
    if (!api.hasContentTypeParser(type)) api.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
  }
}

export function bodyStream(body: unknown): NodeJS.ReadableStream {
  if (body instanceof Readable) return body;
  if (Buffer.isBuffer(body)) return Readable.from([body]);
  if (typeof body === "string") return Readable.from([Buffer.from(body, "utf8")]);
  throw new BadRequestError("send the file as the request body (Content-Type: text/csv, application/octet-stream or the XLSX type)");
}
