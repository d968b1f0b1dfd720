// The layers of DESIGN.md ("Shape"), checked by `npm run lint` (docs/architecture.md explains them).
//
//   src/http, src/cli  ->  src/services  ->  src/domain, src/db        jobs/ -> src/services
//
// Type-only imports count (tsPreCompilationDeps): a layer that names another layer's types
// depends on it as much as one that calls it.

/** The one composition root: it opens the database and hands it to services, HTTP and workers. */
const compositionRoot = "^src/cli/composition\\.ts$";

/** npm packages that talk to the outside world: drivers, queues, servers, logs, mail, files. */
const ioPackages =
  "(^|/)node_modules/(@electric-sql/pglite|postgres|drizzle-orm|bullmq|ioredis|fastify[^/]*|@fastify/[^/]+|@bull-board/[^/]+|pino[^/]*|nodemailer|exceljs)/";

/** The query builder and the drivers. */
const databasePackages = "(^|/)node_modules/(drizzle-orm|postgres|@electric-sql/pglite)/";

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-imports-only-domain",
      severity: "error",
      comment:
        "src/domain is the pure rules (DESIGN.md): it imports nothing from src/db, src/services, src/http, src/cli, " +
        "jobs/, config/ or any other part of the tree outside src/domain. Pass what it needs as arguments.",
      from: { path: "^src/domain/" },
      to: { path: "^(src|jobs|config)/", pathNot: "^src/domain/" },
    },
    {
      name: "domain-no-node-modules",
      severity: "error",
      comment:
        "src/domain does no I/O, reads no clock and no environment, and the draw engine is compiled for the browser " +
        "(the public /verify page): no Node built-in module. node:crypto is allowed for now, and only because four " +
        "domain files hash with it today (draw/sha256.ts, draw/prepared-snapshot.ts, draw/snapshot-lines.ts, " +
        "sampler/sha256-ticket.ts). TEMPORARY: another issue makes the engine take its SHA-256 as a parameter; " +
        "then this exception goes.",
      from: { path: "^src/domain/" },
      to: { dependencyTypes: ["core"], pathNot: "^crypto$" },
    },
    {
      name: "domain-no-io-packages",
      severity: "error",
      comment: "src/domain does no I/O: no database driver, queue, server, logger, mail or spreadsheet package.",
      from: { path: "^src/domain/" },
      to: { path: ioPackages },
    },
    {
      name: "edges-call-services-not-the-database",
      severity: "error",
      comment:
        "src/http and src/cli never query the database: they call src/services. Only the composition root " +
        "(src/cli/composition.ts) opens the database and migrates it; everything else receives the open handle, " +
        "typed by src/services/database.ts.",
      from: { path: "^src/(http|cli)/", pathNot: compositionRoot },
      to: { path: "^src/db/" },
    },
    {
      name: "edges-no-query-builder",
      severity: "error",
      comment: "src/http and src/cli build no SQL: drizzle-orm and the drivers are for src/db and src/services.",
      from: { path: "^src/(http|cli)/", pathNot: compositionRoot },
      to: { path: databasePackages },
    },
    {
      name: "only-cli-imports-jobs",
      severity: "error",
      comment:
        "Nothing in src/ but the entry points in src/cli imports jobs/: src/domain, src/services and src/db leave " +
        "work for the queue as PostgreSQL state (outbox rows, pending records) and jobs/ turns it into BullMQ jobs.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^jobs/" },
    },
    {
      name: "lower-layers-never-import-edges",
      severity: "error",
      comment:
        "The arrows of DESIGN.md point down: src/services, src/db, src/domain, jobs/ and config/ never import " +
        "src/http or src/cli (the edges call them, not the other way round).",
      from: { path: "^(src/(services|db|domain|lib|demo)|jobs|config)/" },
      to: { path: "^src/(http|cli)/" },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycle in src/, jobs/ or config/: move the shared piece into a module of its own.",
      from: { path: "^(src|jobs|config)/" },
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import the checker cannot resolve would escape every rule above.",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
