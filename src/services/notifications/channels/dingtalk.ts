// A DingTalk custom group robot (自定义机器人): a markdown message, @-mentioning the recipient
// by mobile number when we know it, signed per DingTalk's 加签 rule when a secret is set.
// DingTalk answers HTTP 200 even when it refuses; only errcode 0 is acceptance.
import { createHmac } from "node:crypto";
import { configured, DeliveryError, excerpt, postJson, redactedUrl, shortReference, type ChannelSend } from "./channel";
import { markdownText } from "../render";

export const sendDingTalk: ChannelSend = async (message, recipient, config, options) => {
  const { url, secret } = configured(config, "dingtalk");
  const mobiles = recipient.phone ? [recipient.phone] : [];
  const text = [
    markdownText(message.rendered),
    ...mobiles.map((m) => `@${m}`),
    `> 通知编号 ${shortReference(options.idempotencyKey)}`,
  ].join("\n\n");
  const body = JSON.stringify({
    msgtype: "markdown",
    markdown: { title: message.rendered.title, text },
    at: { atMobiles: mobiles, isAtAll: false },
  });
  const target = secret ? signedDingTalkUrl(url, secret, (options.now ?? new Date()).getTime()) : url;
  const answer = await postJson(target, body, {}, options.timeoutMs, `DingTalk robot ${redactedUrl(url)}`);
  robotAccepted("DingTalk robot", url, answer);
};

/**
 * DingTalk's signing: sign = urlencode(base64(HMAC-SHA256(key = secret,
 * data = timestamp + "\n" + secret))), appended as &timestamp=…&sign=… (timestamp in ms;
 * DingTalk refuses one more than an hour off).
 */
export function signedDingTalkUrl(url: string, secret: string, timestampMs: number): string {
  const sign = createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
  const target = new URL(url);
  target.searchParams.set("timestamp", String(timestampMs));
  target.searchParams.set("sign", sign);
  return target.toString();
}

/** DingTalk and WeCom robots: HTTP 2xx and {"errcode":0}. */
export function robotAccepted(what: string, url: string, answer: { status: number; body: string }): void {
  if (answer.status < 200 || answer.status > 299)
    throw new DeliveryError(`${what} ${redactedUrl(url)} answered ${answer.status}: ${excerpt(answer.body)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    throw new DeliveryError(`${what} ${redactedUrl(url)} answered ${answer.status} with no JSON: ${excerpt(answer.body)}`);
  }
  const errcode = typeof parsed === "object" && parsed !== null && "errcode" in parsed ? parsed.errcode : undefined;
  if (errcode !== 0) {
    const errmsg = typeof parsed === "object" && parsed !== null && "errmsg" in parsed ? String(parsed.errmsg) : "";
    throw new DeliveryError(`${what} ${redactedUrl(url)} refused: errcode ${String(errcode)} ${excerpt(errmsg)}`.trim());
  }
}
