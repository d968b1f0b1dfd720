// Delivering outbox rows through the channels on real PostgreSQL (DESIGN.md, rule 2): sent
// only after the receiver accepted, the same idempotency key on every attempt, one delivery
// at a time per row, dead after the attempts — listed for admins and counted by /metrics.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ChannelConfig } from "../../config/channels";
import { notificationOutbox, organizations } from "../../src/db/schema";
import { deliverNotification, dueNotificationIds, type DeliveryOutcome } from "../../src/services/notifications/delivery";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { firstLine, runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testNow } from "../helpers/clock";
import { seedDemoCounty } from "../helpers/processes";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from "./receivers";

let test: TestDatabase;
let app: TestApp;
let http: HttpReceiver;
let smtp: SmtpReceiver;
let tokens: Record<string, string>;
let deaOrgId: string;
const woken: string[] = [];

const logger = pino({ level: "silent" });
const policy = { maxAttempts: 3, timeoutMs: 2_000 };

beforeAll(async () => {
  test = await createTestDatabase();
  tokens = await seedDemoCounty(test.database);
  const [dea] = await test.database.db.select().from(organizations).where(eq(organizations.code, "DEA"));
  if (!dea) throw new Error("the demo has no DEA");
  deaOrgId = dea.id;
  http = await startHttpReceiver();
  smtp = await startSmtpReceiver();
  app = await buildTestApp(test.database, { notificationWaker: { notificationDue: async (outboxId) => void woken.push(outboxId) } });
});

afterAll(async () => {
  await app?.close();
  await http?.close();
  await smtp?.close();
  await test?.drop();
});

afterEach(() => {
  http.requests.length = 0;
  http.answer = () => ({ status: 200, body: JSON.stringify({ errcode: 0, errmsg: "ok" }) });
});

function channels(): ChannelConfig {
  return {
    webhook: { url: `${http.url}/hook`, secret: "0123456789abcdef" },
    dingtalk: { url: `${http.url}/robot/send?access_token=t` },
    email: { url: smtp.url, from: "ssj@bianban.example.gov.cn" },
  };
}

function deliver(outboxId: string, config: ChannelConfig = channels()): Promise<DeliveryOutcome> {
  return deliverNotification({ db: test.database.db, logger, channels: config }, outboxId, policy);
}

/** A due outbox row of the demo county, as the deadline sweep writes one. */
async function outboxRow(
  channel: string,
  recipient: Record<string, unknown> = {
    kind: "department-contact",
    code: "DEA-SCJGJ",
    name: "张三",
    email: "zhangsan@example.gov.cn",
    phone: null,
  },
): Promise<{ id: string; key: string }> {
  const key = `ledger:${randomUUID()}:${String(recipient.kind)}:${String(recipient.code)}:${channel}`;
  const [row] = await test.database.db
    .insert(notificationOutbox)
    .values({
      key,
      orgId: deaOrgId,
      kind: "finding.escalation.L1",
      channel,
      recipient,
      payload: { description: "未按期公示随机抽查结果", severity: "general", dueOn: "2026-03-20", level: "L1" },
    })
    .returning({ id: notificationOutbox.id, key: notificationOutbox.key });
  if (!row) throw new Error("no row");
  return row;
}

async function rowOf(id: string) {
  const [row] = await test.database.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id));
  if (!row) throw new Error(`no outbox row ${id}`);
  return row;
}

/** The outcome, or the error a failed attempt threw (the job would retry). */
async function attempt(id: string, config?: ChannelConfig): Promise<DeliveryOutcome | { status: "failed"; error: string }> {
  try {
    return await deliver(id, config);
  } catch (error) {
    return { status: "failed", error: error instanceof Error ? error.message : String(error) };
  }
}

describe("deliverNotification", () => {
  it("delivers on the third attempt after two 500s, with the same Idempotency-Key each time", async () => {
    http.answer = (_request, index) => (index < 2 ? { status: 500, body: "busy" } : { status: 204 });
    const row = await outboxRow("webhook");
    expect(await attempt(row.id)).toMatchObject({ status: "failed", error: expect.stringContaining("answered 500") });
    expect(await rowOf(row.id)).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("answered 500") });
    expect(await attempt(row.id)).toMatchObject({ status: "failed" });
    expect(await attempt(row.id)).toEqual({ status: "sent", key: row.key });
    const requests = await http.received(3);
    expect(requests.map((r) => r.headers["idempotency-key"])).toEqual([row.key, row.key, row.key]);
    expect(await rowOf(row.id)).toMatchObject({ status: "sent", attempts: 3, claimedUntil: null, sentAt: expect.any(Date) });
    // sent is final: a late repeat of the job sends nothing
    expect(await deliver(row.id)).toEqual({ status: "skipped" });
    expect(http.requests).toHaveLength(3);
  });

  it("does not mark a DingTalk message sent when the robot answers errcode ≠ 0", async () => {
    http.answer = () => ({ status: 200, body: JSON.stringify({ errcode: 130101, errmsg: "send too fast" }) });
    const row = await outboxRow("dingtalk");
    expect(await attempt(row.id)).toMatchObject({ status: "failed", error: expect.stringContaining("errcode 130101") });
    expect(await rowOf(row.id)).toMatchObject({
      status: "pending",
      sentAt: null,
      attempts: 1,
      lastError: expect.stringContaining("send too fast"),
    });
  });

  it("sends one request when the same notification is delivered by three calls at once", async () => {
    const row = await outboxRow("webhook");
    let settled = 0;
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    // the receiver holds its answer until the two other calls have returned
    http.answer = () => ({ status: 200, after: gate });
    const calls = [0, 1, 2].map(() =>
      deliver(row.id).finally(() => {
        if (++settled === 2) openGate();
      }),
    );
    const outcomes = await Promise.all(calls);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["busy", "busy", "sent"]);
    expect(http.requests).toHaveLength(1);
    expect(await rowOf(row.id)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("makes a mail to a recipient without an email address dead at once, saying why", async () => {
    const row = await outboxRow("email", { kind: "department-head", code: "DEA-SCJGJ", name: "王局长", email: null, phone: "13900000000" });
    expect(await deliver(row.id)).toEqual({ status: "dead", key: row.key, error: expect.stringContaining("has no email address") });
    expect(await rowOf(row.id)).toMatchObject({
      status: "dead",
      attempts: 1,
      lastError: "recipient department-head DEA-SCJGJ has no email address; add one in the registry and retry the dead letter",
    });
    expect(smtp.mails).toHaveLength(0);
  });

  it("mails a recipient with an address, marked sent", async () => {
    const row = await outboxRow("email");
    expect(await deliver(row.id)).toEqual({ status: "sent", key: row.key });
    const mails = await smtp.received(1);
    expect(mails.at(-1)?.headers.get("x-ssj-idempotency-key")).toBe(row.key);
    expect(mails.at(-1)?.headers.get("subject")).toBe("【逾期督办 L1】问题整改已逾期");
  });

  it("fails a channel the environment does not configure naming the variable, and makes it dead after the attempts", async () => {
    const row = await outboxRow("wecom");
    const results = [await attempt(row.id), await attempt(row.id), await attempt(row.id)];
    expect(results[0]).toEqual({ status: "failed", error: "channel wecom is not configured: set SSJ_WECOM_WEBHOOK" });
    expect(results[2]).toMatchObject({ status: "dead" });
    expect(await rowOf(row.id)).toMatchObject({
      status: "dead",
      attempts: 3,
      deadCount: 1,
      lastError: "channel wecom is not configured: set SSJ_WECOM_WEBHOOK",
    });
  });

  it("delivers through the log channel with no configuration at all", async () => {
    const row = await outboxRow("log");
    expect(await deliver(row.id, {})).toEqual({ status: "sent", key: row.key });
  });

  it("waits for a row's due time", async () => {
    const row = await outboxRow("webhook");
    await test.database.db
      .update(notificationOutbox)
      .set({ dueAt: new Date(testNow().getTime() + 3_600_000) })
      .where(eq(notificationOutbox.id, row.id));
    expect(await deliver(row.id)).toEqual({ status: "skipped" });
    expect(await dueNotificationIds(test.database.db)).not.toContain(row.id);
    expect(http.requests).toHaveLength(0);
  });
});

describe("the repeat window (sends whose outcome is unknown)", () => {
  it("sends again with the same key after a timeout, counting the uncertain send", async () => {
    const row = await outboxRow("webhook");
    let release: () => void = () => {};
    http.answer = (_request, index) =>
      index === 0 ? { status: 200, after: new Promise<void>((resolve) => (release = resolve)) } : { status: 200 };
    const timedOut = await deliverNotification({ db: test.database.db, logger, channels: channels() }, row.id, {
      ...policy,
      timeoutMs: 150,
    }).catch((error: unknown) => error);
    release();
    expect(String(timedOut)).toMatch(/outcome unknown/);
    expect(await rowOf(row.id)).toMatchObject({ status: "pending", attempts: 1, uncertainSends: 1 });
    expect(await deliver(row.id)).toEqual({ status: "sent", key: row.key });
    const requests = await http.received(2);
    // the receiver got it twice: it dedupes on the key
    expect(requests.map((r) => r.headers["idempotency-key"])).toEqual([row.key, row.key]);
  });

  it("sends again after a worker died between the send and the mark (its claim lapsed), counting it", async () => {
    const row = await outboxRow("webhook");
    // what a worker that crashed after the receiver accepted leaves behind: pending, a claim in the past
    await test.database.db
      .update(notificationOutbox)
      .set({ claimedUntil: new Date(testNow().getTime() - 1_000) })
      .where(eq(notificationOutbox.id, row.id));
    expect(await dueNotificationIds(test.database.db)).toContain(row.id);
    expect(await deliver(row.id)).toEqual({ status: "sent", key: row.key });
    expect(await rowOf(row.id)).toMatchObject({ status: "sent", uncertainSends: 1 });
  });

  it("leaves a row alone while its claim holds (a delivery in flight elsewhere)", async () => {
    const row = await outboxRow("webhook");
    await test.database.db
      .update(notificationOutbox)
      .set({ claimedUntil: new Date(testNow().getTime() + 60_000) })
      .where(eq(notificationOutbox.id, row.id));
    expect(await deliver(row.id)).toEqual({ status: "busy" });
    expect(await dueNotificationIds(test.database.db)).not.toContain(row.id);
    expect(http.requests).toHaveLength(0);
  });
});

describe("dead letters", () => {
  let dead: { id: string; key: string };

  beforeAll(async () => {
    http.answer = () => ({ status: 500, body: "down" });
    dead = await outboxRow("webhook");
    for (let i = 0; i < policy.maxAttempts - 1; i++) expect(await attempt(dead.id)).toMatchObject({ status: "failed" });
    expect(await deliver(dead.id)).toMatchObject({ status: "dead", key: dead.key });
  });

  it("a receiver always answering 500 makes the row dead after the attempts", async () => {
    expect(await rowOf(dead.id)).toMatchObject({
      status: "dead",
      attempts: policy.maxAttempts,
      lastError: expect.stringContaining("answered 500: down"),
      deadCount: 1,
    });
  });

  it("lists it for admins with a total, paged", async () => {
    const response = await app.app.inject({
      method: "GET",
      url: "/api/v1/admin/dead-letters?limit=100",
      headers: bearer(tokens.admin ?? ""),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      total: number;
      items: {
        id: string;
        key: string;
        kind: string;
        channel: string;
        recipient: unknown;
        attempts: number;
        lastError: string;
        createdAt: string;
      }[];
    }>();
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.items).toContainEqual(
      expect.objectContaining({
        id: dead.id,
        key: dead.key,
        kind: "finding.escalation.L1",
        channel: "webhook",
        attempts: 3,
        recipient: expect.objectContaining({ code: "DEA-SCJGJ" }),
        lastError: expect.stringContaining("answered 500"),
        createdAt: expect.any(String),
      }),
    );
    const paged = await app.app.inject({
      method: "GET",
      url: "/api/v1/admin/dead-letters?limit=1&offset=0",
      headers: bearer(tokens.admin ?? ""),
    });
    expect(paged.json<{ total: number; items: unknown[] }>()).toMatchObject({ total: body.total, items: [expect.anything()] });
  });

  it("refuses the list and the retry to a supervisor", async () => {
    expect(
      (await app.app.inject({ method: "GET", url: "/api/v1/admin/dead-letters", headers: bearer(tokens.supervisor ?? "") })).statusCode,
    ).toBe(403);
    expect(
      (
        await app.app.inject({
          method: "POST",
          url: `/api/v1/admin/dead-letters/${dead.id}/retry`,
          headers: bearer(tokens.supervisor ?? ""),
        })
      ).statusCode,
    ).toBe(403);
    expect((await app.app.inject({ method: "GET", url: "/metrics", headers: bearer(tokens.supervisor ?? "") })).statusCode).toBe(403);
  });

  it("counts it in /metrics (admins, text exposition format)", async () => {
    const response = await app.app.inject({ method: "GET", url: "/metrics", headers: bearer(tokens.admin ?? "") });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const metric = (name: string, channel: string) =>
      Number(new RegExp(`^${name}\\{channel="${channel}"\\} (\\d+)$`, "m").exec(response.body)?.[1]);
    expect(response.body).toContain("# TYPE ssj_notifications_dead_total counter");
    expect(metric("ssj_notifications_dead_total", "webhook")).toBeGreaterThanOrEqual(1);
    expect(metric("ssj_notifications_dead", "webhook")).toBeGreaterThanOrEqual(1);
    expect(metric("ssj_notifications_sent_total", "webhook")).toBeGreaterThanOrEqual(1);
    expect(metric("ssj_notifications_pending", "webhook")).toBeGreaterThanOrEqual(0);
    expect(metric("ssj_notifications_uncertain_sends_total", "webhook")).toBeGreaterThanOrEqual(1);
  });

  it("sends it back to pending on an admin's retry, wakes a worker, and a later attempt delivers it", async () => {
    const response = await app.app.inject({
      method: "POST",
      url: `/api/v1/admin/dead-letters/${dead.id}/retry`,
      headers: bearer(tokens.admin ?? ""),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: dead.id, status: "pending", attempts: 0 });
    expect(woken).toContain(dead.id);
    expect(await rowOf(dead.id)).toMatchObject({ status: "pending", attempts: 0 });
    const again = await app.app.inject({
      method: "POST",
      url: `/api/v1/admin/dead-letters/${dead.id}/retry`,
      headers: bearer(tokens.admin ?? ""),
    });
    expect(again.statusCode).toBe(409);
    http.answer = () => ({ status: 200 });
    expect(await deliver(dead.id)).toEqual({ status: "sent", key: dead.key });
    expect(await rowOf(dead.id)).toMatchObject({ status: "sent", attempts: 1, deadCount: 1 });
  });

  it("answers 404 to a retry of an unknown id", async () => {
    expect(
      (
        await app.app.inject({
          method: "POST",
          url: `/api/v1/admin/dead-letters/${randomUUID()}/retry`,
          headers: bearer(tokens.admin ?? ""),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await app.app.inject({ method: "POST", url: "/api/v1/admin/dead-letters/not-an-id/retry", headers: bearer(tokens.admin ?? "") }))
        .statusCode,
    ).toBe(404);
  });

  it("lists and retries dead letters from the CLI", async () => {
    http.answer = () => ({ status: 500 });
    const row = await outboxRow("webhook");
    for (let i = 0; i < policy.maxAttempts; i++) await attempt(row.id);
    expect(await rowOf(row.id)).toMatchObject({ status: "dead" });
    const listed = await runCli(["outbox", "dead"], { DATABASE_URL: test.url });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`${row.id}\t${row.key}\twebhook\t3\t`);
    expect(listed.stderr).toMatch(/^\d+ dead notifications?/);
    const retried = await runCli(["outbox", "retry", row.id], { DATABASE_URL: test.url });
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout).toContain("is pending again");
    expect(await rowOf(row.id)).toMatchObject({ status: "pending", attempts: 0 });
    const refused = await runCli(["outbox", "retry", row.id], { DATABASE_URL: test.url });
    expect(refused.code).toBe(1);
    expect(firstLine(refused.stderr)).toBe(`ssj: notification ${row.id} is pending, not dead`);
  });
});
