// POST /api/v1/imports/history: past rounds from a CSV or XLSX file sent as the request body
// (docs/history.md). Registered in its own plugin so its raw-body parsers stay local.
import { z } from "zod";
import { importHistory } from "../../services/history/history-service";
import { orgForWrite } from "../../services/orgs/org-service";
import { principal } from "../access";
import { acceptFileBodies, bodyStream } from "./imports";
import type { Api } from "../api";
import type { AppDeps } from "../deps";

const keepers = ["admin", "supervisor"] as const;

export function historyImportRoutes(api: Api, deps: AppDeps): void {
  acceptFileBodies(api);
  api.post(
    "/imports/history",
    {
      config: { roles: keepers },
      schema: {
        tags: ["imports"],
        summary:
          "Import past rounds (文号, 日期, 单位编码, 检查组成员, 组长) from CSV (UTF-8 or GB18030) or XLSX; all or nothing, upsert by 文号",
        querystring: z.object({ org: z.string().min(1).optional(), filename: z.string().max(255).optional() }),
      },
    },
    async (request) => {
      const org = await orgForWrite(deps.database.db, principal(request), request.query.org);
      return importHistory(deps.database, principal(request), org, {
        stream: bodyStream(request.body),
        ...(request.query.filename ? { filename: request.query.filename } : {}),
      });
    },
  );
}
