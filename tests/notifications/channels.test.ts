// Each notification channel against a local receiver this test starts: what goes over the
// wire (formats, signatures, idempotency keys) and which answers count as accepted.
import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseChannels, type ChannelConfig } from "../../config/channels";
import { EnvError } from "../../config/env";
import { DeliveryError, type OutgoingMessage, type SendOptions } from "../../src/services/notifications/channels/channel";
import { sendDingTalk } from "../../src/services/notifications/channels/dingtalk";
import { messageIdOf, sendEmail } from "../../src/services/notifications/channels/email";
import { sendWebhook, webhookSignature } from "../../src/services/notifications/channels/webhook";
import { sendWeCom } from "../../src/services/notifications/channels/wecom";
import { recipientOf, renderMessage, type NotificationRecipient } from "../../src/services/notifications/render";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from "./receivers";

const key = "ledger:5a4c7f0e-0000-4000-8000-000000000001:department-contact:DEA-SCJGJ:webhook";
const recipient: NotificationRecipient = {
  kind: "department-contact",
  code: "DEA-SCJGJ",
  name: "张三",
  email: "zhangsan@example.gov.cn",
  phone: "13800000000",
};
const payload = { findingId: "f-1", level: "remind-1", description: "行政许可档案不全", severity: "serious", dueOn: "2026-03-20" };
const message: OutgoingMessage = {
  key,
  kind: "finding.reminder",
  payload,
  rendered: renderMessage("finding.reminder", payload, recipient),
};
const options: SendOptions = { idempotencyKey: key, timeoutMs: 2_000, now: new Date("2026-03-19T01:00:00.000Z") };

let http: HttpReceiver;
let smtp: SmtpReceiver;

beforeAll(async () => {
  http = await startHttpReceiver();
  smtp = await startSmtpReceiver();
});

afterAll(async () => {
  await http?.close();
  await smtp?.close();
});

afterEach(() => {
  http.requests.length = 0;
  http.answer = () => ({ status: 200, body: JSON.stringify({ errcode: 0, errmsg: "ok" }) });
  smtp.mails.length = 0;
  smtp.refuse.clear();
});

async function failureOf(send: Promise<void>): Promise<DeliveryError> {
  try {
    await send;
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error("the send was accepted");
}

describe("the webhook channel", () => {
  const config = (): ChannelConfig => ({ webhook: { url: `${http.url}/hooks/ssj`, secret: "s3cret-s3cret-s3cret" } });

  it("POSTs the notification as JSON, signed with HMAC-SHA256 of the raw body, carrying the outbox key as Idempotency-Key", async () => {
    await sendWebhook(message, recipient, config(), options);
    const [request] = await http.received(1);
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/hooks/ssj");
    expect(request?.headers["content-type"]).toMatch(/^application\/json/);
    expect(request?.headers["idempotency-key"]).toBe(key);
    const expected = `sha256=${createHmac("sha256", "s3cret-s3cret-s3cret")
      .update(request?.body ?? "")
      .digest("hex")}`;
    expect(request?.headers["x-ssj-signature"]).toBe(expected);
    expect(request?.headers["x-ssj-timestamp"]).toBe(String(Date.parse("2026-03-19T01:00:00.000Z") / 1000));
    const body = JSON.parse(request?.body ?? "{}");
    expect(body).toMatchObject({ key, kind: "finding.reminder", recipient, payload, sentAt: "2026-03-19T01:00:00.000Z" });
    expect(body.message.title).toBe("【整改提醒】问题整改即将到期");
  });

  it("refuses a signature made with another secret", async () => {
    await sendWebhook(message, recipient, config(), options);
    const [request] = await http.received(1);
    expect(request?.headers["x-ssj-signature"]).not.toBe(webhookSignature("another-secret-entirely", request?.body ?? ""));
  });

  it.each([500, 404, 302])("treats an answer %i as not accepted", async (status) => {
    http.answer = () => ({ status, body: "nope" });
    const error = await failureOf(sendWebhook(message, recipient, config(), options));
    expect(error.message).toContain(`answered ${status}`);
    expect(error.retry).toBe(true);
  });

  it("gives up after the timeout, leaving the outcome unknown (the receiver may have it)", async () => {
    let release: () => void = () => {};
    http.answer = () => ({ status: 200, after: new Promise<void>((resolve) => (release = resolve)) });
    const error = await failureOf(sendWebhook(message, recipient, config(), { ...options, timeoutMs: 150 }));
    release();
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(/no answer within 150 ms/);
    expect(http.requests).toHaveLength(1);
  });

  it("fails clearly when nothing listens (the receiver cannot have it)", async () => {
    const closed = await startHttpReceiver();
    const url = closed.url;
    await closed.close();
    const error = await failureOf(sendWebhook(message, recipient, { webhook: { url, secret: "s3cret-s3cret-s3cret" } }, options));
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.outcomeUnknown).toBe(false);
  });

  it("names the variables to set when the webhook is not configured", async () => {
    const error = await failureOf(sendWebhook(message, recipient, {}, options));
    expect(error.message).toBe("channel webhook is not configured: set SSJ_WEBHOOK_URL and SSJ_WEBHOOK_SECRET");
    expect(error.retry).toBe(true);
  });
});

describe("the DingTalk channel", () => {
  it("POSTs a markdown message @-mentioning the recipient's mobile, signed per DingTalk's rule", async () => {
    const secret = "SEC0123456789abcdef";
    await sendDingTalk(message, recipient, { dingtalk: { url: `${http.url}/robot/send?access_token=tok123`, secret } }, options);
    const [request] = await http.received(1);
    const url = new URL(request?.url ?? "", http.url);
    expect(url.pathname).toBe("/robot/send");
    expect(url.searchParams.get("access_token")).toBe("tok123");
    const timestamp = url.searchParams.get("timestamp");
    expect(timestamp).toBe(String(Date.parse("2026-03-19T01:00:00.000Z")));
    // DingTalk: base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), URL-encoded in the query
    const expected = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
    expect(url.searchParams.get("sign")).toBe(expected);
    expect(request?.url).toContain(`sign=${encodeURIComponent(expected)}`);
    const body = JSON.parse(request?.body ?? "{}");
    expect(body.msgtype).toBe("markdown");
    expect(body.markdown.title).toBe("【整改提醒】问题整改即将到期");
    expect(body.markdown.text).toContain("### 【整改提醒】问题整改即将到期");
    expect(body.markdown.text).toContain("距整改期限还有 1 个工作日");
    expect(body.markdown.text).toContain("@13800000000");
    expect(body.at).toEqual({ atMobiles: ["13800000000"], isAtAll: false });
  });

  it("sends no sign without a secret", async () => {
    await sendDingTalk(
      message,
      { ...recipient, phone: null },
      { dingtalk: { url: `${http.url}/robot/send?access_token=tok123` } },
      options,
    );
    const [request] = await http.received(1);
    const url = new URL(request?.url ?? "", http.url);
    expect(url.searchParams.has("sign")).toBe(false);
    expect(JSON.parse(request?.body ?? "{}").at).toEqual({ atMobiles: [], isAtAll: false });
  });

  it("treats errcode ≠ 0 (HTTP 200) as not accepted", async () => {
    http.answer = () => ({ status: 200, body: JSON.stringify({ errcode: 310000, errmsg: "sign not match" }) });
    const error = await failureOf(
      sendDingTalk(message, recipient, { dingtalk: { url: `${http.url}/robot/send?access_token=tok123` } }, options),
    );
    expect(error.message).toContain("errcode 310000 sign not match");
    expect(error.message).not.toContain("tok123");
  });
});

describe("the WeCom channel", () => {
  it("POSTs a markdown message to the robot's webhook", async () => {
    await sendWeCom(message, recipient, { wecom: { url: `${http.url}/cgi-bin/webhook/send?key=k-123` } }, options);
    const [request] = await http.received(1);
    expect(request?.url).toBe("/cgi-bin/webhook/send?key=k-123");
    const body = JSON.parse(request?.body ?? "{}");
    expect(Object.keys(body).sort()).toEqual(["markdown", "msgtype"]);
    expect(body.msgtype).toBe("markdown");
    expect(body.markdown.content).toContain("### 【整改提醒】问题整改即将到期");
    expect(body.markdown.content).toContain("问题：行政许可档案不全");
    expect(Buffer.byteLength(body.markdown.content)).toBeLessThanOrEqual(4096);
  });

  it("keeps a long message within WeCom's 4096 bytes", async () => {
    const long = { ...payload, description: "很长的问题描述".repeat(400) };
    await sendWeCom(
      { ...message, rendered: renderMessage("finding.reminder", long, recipient) },
      recipient,
      { wecom: { url: `${http.url}/cgi-bin/webhook/send?key=k-123` } },
      options,
    );
    const [request] = await http.received(1);
    expect(Buffer.byteLength(JSON.parse(request?.body ?? "{}").markdown.content)).toBeLessThanOrEqual(4096);
  });

  it("treats errcode ≠ 0 as not accepted", async () => {
    http.answer = () => ({ status: 200, body: JSON.stringify({ errcode: 93000, errmsg: "invalid webhook url" }) });
    const error = await failureOf(sendWeCom(message, recipient, { wecom: { url: `${http.url}/cgi-bin/webhook/send?key=k-123` } }, options));
    expect(error.message).toContain("errcode 93000");
    expect(error.message).not.toContain("k-123");
  });
});

describe("the email channel", () => {
  const config = (): ChannelConfig => ({ email: { url: smtp.url, from: "编办监督检查股 <ssj@bianban.example.gov.cn>" } });

  it("mails the recipient a UTF-8 Chinese message whose Message-ID comes from the idempotency key", async () => {
    await sendEmail(message, recipient, config(), options);
    const [mail] = await smtp.received(1);
    expect(mail?.rcptTo).toEqual(["zhangsan@example.gov.cn"]);
    expect(mail?.mailFrom).toBe("ssj@bianban.example.gov.cn");
    expect(mail?.headers.get("to")).toContain("zhangsan@example.gov.cn");
    expect(mail?.headers.get("subject")).toBe("【整改提醒】问题整改即将到期");
    expect(mail?.headers.get("message-id")).toBe(messageIdOf(key, "编办监督检查股 <ssj@bianban.example.gov.cn>"));
    expect(mail?.headers.get("message-id")).toMatch(/^<[0-9a-f]{32}@bianban\.example\.gov\.cn>$/);
    expect(mail?.headers.get("x-ssj-idempotency-key")).toBe(key);
    expect(mail?.headers.get("content-type")).toMatch(/charset=utf-8/i);
    expect(mail?.text).toContain("张三：");
    expect(mail?.text).toContain("距整改期限还有 1 个工作日，请按期完成整改并提交整改报告。");
    expect(mail?.text).toContain("问题等级：较重");
  });

  it("sends the same Message-ID on a repeat", async () => {
    await sendEmail(message, recipient, config(), options);
    await sendEmail(message, recipient, config(), options);
    const mails = await smtp.received(2);
    expect(mails[0]?.headers.get("message-id")).toBe(mails[1]?.headers.get("message-id"));
  });

  it("fails for good when the recipient has no email address", async () => {
    const error = await failureOf(sendEmail(message, { ...recipient, email: null }, config(), options));
    expect(error.retry).toBe(false);
    expect(error.message).toBe(
      "recipient department-contact DEA-SCJGJ has no email address; add one in the registry and retry the dead letter",
    );
    expect(smtp.mails).toHaveLength(0);
  });

  it("treats a refused recipient as not accepted", async () => {
    smtp.refuse.add("zhangsan@example.gov.cn");
    const error = await failureOf(sendEmail(message, recipient, config(), options));
    expect(error.message).toMatch(/SMTP 550/);
    expect(smtp.mails).toHaveLength(0);
  });

  it("names SMTP_URL and SMTP_FROM when mail is not configured", async () => {
    const error = await failureOf(sendEmail(message, recipient, {}, options));
    expect(error.message).toBe("channel email is not configured: set SMTP_URL and SMTP_FROM");
  });
});

describe("channel configuration", () => {
  it("configures nothing out of the box: the log channel needs no variable", () => {
    expect(parseChannels({})).toEqual({});
  });

  it("reads every channel's variables", () => {
    const config = parseChannels({
      SSJ_WEBHOOK_URL: "https://hooks.example.gov.cn/ssj",
      SSJ_WEBHOOK_SECRET: "0123456789abcdef",
      SSJ_DINGTALK_WEBHOOK: "https://oapi.dingtalk.com/robot/send?access_token=abc",
      SSJ_DINGTALK_SECRET: "SECabc",
      SSJ_WECOM_WEBHOOK: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xyz",
      SMTP_URL: "smtp://user:pass@mail.example.gov.cn:587",
      SMTP_FROM: "ssj@example.gov.cn",
    });
    expect(config).toEqual({
      webhook: { url: "https://hooks.example.gov.cn/ssj", secret: "0123456789abcdef" },
      dingtalk: { url: "https://oapi.dingtalk.com/robot/send?access_token=abc", secret: "SECabc" },
      wecom: { url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xyz" },
      email: { url: "smtp://user:pass@mail.example.gov.cn:587", from: "ssj@example.gov.cn" },
    });
  });

  it.each([
    [{ SSJ_WEBHOOK_URL: "ftp://x.example" }, /^invalid environment variable SSJ_WEBHOOK_URL\b/],
    [
      { SSJ_WEBHOOK_URL: "https://x.example/hook" },
      /^invalid environment variable SSJ_WEBHOOK_SECRET: required when SSJ_WEBHOOK_URL is set$/,
    ],
    [{ SMTP_URL: "smtp://mail.example:25" }, /^invalid environment variable SMTP_FROM: required when SMTP_URL is set$/],
    [{ SMTP_URL: "http://mail.example", SMTP_FROM: "a@b.c" }, /^invalid environment variable SMTP_URL\b.*\(got \(hidden\)\)$/],
  ])("refuses %j naming the variable", (source, message) => {
    expect(() => parseChannels(source)).toThrow(EnvError);
    expect(() => parseChannels(source)).toThrow(message);
  });
});

describe("renderMessage", () => {
  it.each([
    ["finding.escalation.L1", "【逾期督办 L1】"],
    ["finding.escalation.L3", "【移送纪检监察】"],
    ["draw.assignment", "【抽查任务通知】"],
    ["finding.issued", "【整改通知书】"],
    ["inspection.notice", "【检查通知】"],
  ])("titles %s in Chinese", (kind, title) => {
    expect(
      renderMessage(
        kind,
        { title: "2026年第一批", roundNumber: "DEA-2026-1", department: { code: "D", name: "县市场监督管理局" } },
        recipient,
      ).title,
    ).toContain(title);
  });

  it("reads the email of an older row's address", () => {
    expect(recipientOf({ kind: "department-contact", code: "D1", name: "李四", address: "lisi@example.gov.cn" })).toEqual({
      kind: "department-contact",
      code: "D1",
      name: "李四",
      email: "lisi@example.gov.cn",
      phone: null,
    });
  });
});
