// Where the tests find PostgreSQL: SSJ_TEST_PG (default the local server, trust auth).
const base = (process.env.SSJ_TEST_PG ?? "postgres://postgres@127.0.0.1:5432").replace(/\/+$/, "");

export function adminUrl(): string {
  return `${base}/postgres`;
}

export function databaseUrl(name: string): string {
  return `${base}/${name}`;
}
