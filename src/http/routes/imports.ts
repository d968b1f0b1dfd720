// Bulk registry imports over HTTP; the file is the request body (CSV or XLSX). Wired to
// src/services/imports once that lands.
import type { Api } from "../api";
import type { AppDeps } from "../app";

export function importRoutes(api: Api, deps: AppDeps): void {
  void api;
  void deps;
}
