// bull-board at /admin/queues, for admins in a browser: HTTP basic auth whose password is an
// admin's bearer token; anyone else gets a 401 that makes the browser ask again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueNames } from "../../jobs/catalog";
import type { Producer } from "../../jobs/producer";
import { buildTestApp, bearer, type TestApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { deleteQueueKeys, seedDemoCounty, testProducer, uniquePrefix } from "../helpers/processes";

let testDb: TestDatabase;
let app: TestApp;
let tokens: Record<string, string>;
let producer: Producer;
const prefix = uniquePrefix("board");

beforeAll(async () => {
  testDb = await createTestDatabase();
  tokens = await seedDemoCounty(testDb.database);
  producer = testProducer(prefix);
  app = await buildTestApp(testDb.database, { queues: [...producer.queues.values()] });
});

afterAll(async () => {
  await app?.close();
  await producer?.close();
  await deleteQueueKeys(prefix);
  await testDb?.drop();
});

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });
const get = (url: string, headers: Record<string, string> = {}) => app.app.inject({ method: "GET", url, headers });

describe("/admin/queues", () => {
  it("asks for basic auth (401, WWW-Authenticate) without credentials", async () => {
    for (const url of ["/admin/queues", "/admin/queues/api/queues"]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.headers["www-authenticate"]).toMatch(/^Basic realm="ssj"/);
    }
  });

  it("refuses a supervisor's token, as basic-auth password or bearer (401)", async () => {
    expect((await get("/admin/queues", basic("zhang.supervisor", tokens.supervisor ?? ""))).statusCode).toBe(401);
    expect((await get("/admin/queues", bearer(tokens.supervisor ?? ""))).statusCode).toBe(401);
    expect((await get("/admin/queues", basic("admin", "ssj_not-a-token"))).statusCode).toBe(401);
  });

  it("shows the board (HTML) and its queues to the admin token as the password, whatever the user name", async () => {
    const page = await get("/admin/queues", basic("anyone", tokens.admin ?? ""));
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.body).toMatch(/<html/i);

    const api = await get("/admin/queues/api/queues", basic("admin", tokens.admin ?? ""));
    expect(api.statusCode).toBe(200);
    const names = api
      .json<{ queues: { name: string }[] }>()
      .queues.map((q) => q.name)
      .sort();
    expect(names).toEqual(Object.values(queueNames).sort());
  });

  it("refuses a change to the queues sent from another site, even with the admin's credentials (403)", async () => {
    const response = await app.app.inject({
      method: "PUT",
      url: "/admin/queues/api/queues/draws/pause",
      headers: { ...basic("admin", tokens.admin ?? ""), origin: "https://evil.example", host: "ssj.example" },
    });
    expect(response.statusCode).toBe(403);
    expect(await producer.queues.get("draws")?.isPaused()).toBe(false);
  });

  it("is listed in the route catalog as admin-only, never public", () => {
    const pages = app.routes.filter((route) => route.url.startsWith("/admin/queues"));
    expect(pages.length).toBeGreaterThan(3);
    for (const route of pages) expect(route, `${route.method} ${route.url}`).toMatchObject({ roles: ["admin"], auth: "basic" });
  });
});
