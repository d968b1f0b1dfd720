// The open database as services receive it. The composition root (src/cli/composition.ts)
// opens it with src/db/client.ts and hands it down; HTTP routes, CLI commands and jobs hold it
// only to pass it, or its `db`, to services. They name its type from here: src/http and
// src/cli may not import src/db, nor drizzle-orm or a driver (.dependency-cruiser.cjs), so
// holding the handle does not let them query.
export type { Database, Db } from "../db/client";
