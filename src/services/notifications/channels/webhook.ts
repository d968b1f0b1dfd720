// Our own webhook (docs/notifications.md, webhook): a JSON POST signed with HMAC-SHA256 of the
// raw body, carrying the outbox key as Idempotency-Key. Any 2xx is acceptance.
import { createHmac } from "node:crypto";
import { plainText } from "../render";
import { configured, DeliveryError, excerpt, postJson, redactedUrl, type ChannelSend } from "./channel";

export const signatureHeader = "X-SSJ-Signature";
export const timestampHeader = "X-SSJ-Timestamp";
export const idempotencyHeader = "Idempotency-Key";

export const sendWebhook: ChannelSend = async (message, recipient, config, options) => {
  const { url, secret } = configured(config, "webhook");
  const sentAt = options.now ?? new Date();
  const body = JSON.stringify({
    key: options.idempotencyKey,
    kind: message.kind,
    recipient,
    payload: message.payload,
    message: { title: message.rendered.title, text: plainText(message.rendered) },
    sentAt: sentAt.toISOString(),
  });
  const answer = await postJson(
    url,
    body,
    {
      [idempotencyHeader]: options.idempotencyKey,
      [signatureHeader]: webhookSignature(secret, body),
      [timestampHeader]: String(Math.floor(sentAt.getTime() / 1000)),
    },
    options.timeoutMs,
    `webhook ${redactedUrl(url)}`,
  );
  if (answer.status < 200 || answer.status > 299)
    throw new DeliveryError(`webhook ${redactedUrl(url)} answered ${answer.status}: ${excerpt(answer.body)}`);
};

/** `sha256=` and the hex HMAC-SHA256 of the raw body: what a receiver recomputes and compares. */
export function webhookSignature(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}
