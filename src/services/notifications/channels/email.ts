// Mail over SMTP (nodemailer). The Message-ID is derived from the idempotency key, so a
// repeated send is the same message to the receiving system and recognisable to a person;
// the key also travels as X-SSJ-Idempotency-Key. A recipient without an address is dead at
// once: no later attempt could give them one.
import { createHash } from "node:crypto";
import { createTransport } from "nodemailer";
import { plainText } from "../render";
import { configured, DeliveryError, type ChannelSend } from "./channel";

export const idempotencyMailHeader = "X-SSJ-Idempotency-Key";

export const sendEmail: ChannelSend = async (message, recipient, config, options) => {
  const { url, from } = configured(config, "email");
  if (!recipient.email) {
    throw new DeliveryError(
      `recipient ${recipient.kind} ${recipient.code} has no email address; add one in the registry and retry the dead letter`,
      { retry: false },
    );
  }
  const transport = createTransport({
    url,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  const timer = new AbortController();
  try {
    const info = await Promise.race([
      transport.sendMail({
        from,
        to: recipient.name ? { name: recipient.name, address: recipient.email } : recipient.email,
        subject: message.rendered.title,
        text: plainText(message.rendered),
        messageId: messageIdOf(options.idempotencyKey, from),
        date: options.now ?? new Date(),
        headers: { [idempotencyMailHeader]: options.idempotencyKey },
      }),
      deadline(options.timeoutMs, timer.signal),
    ]);
    if (info.rejected && info.rejected.length > 0)
      throw new DeliveryError(`SMTP server rejected ${info.rejected.join(", ")}: ${info.response ?? ""}`.trim());
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    throw smtpFailure(error);
  } finally {
    timer.abort();
    transport.close();
  }
};

/** `<sha256(key)@domain of From>`: stable across attempts, so a repeat is the same message. */
export function messageIdOf(idempotencyKey: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? "shuangsuiji.invalid";
  return `<${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32)}@${domain}>`;
}

function deadline(timeoutMs: number, cancelled: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const timeout = setTimeout(
      () =>
        reject(
          new DeliveryError(`SMTP: no answer within ${timeoutMs} ms (outcome unknown: it may have arrived)`, { outcomeUnknown: true }),
        ),
      timeoutMs,
    );
    cancelled.addEventListener("abort", () => clearTimeout(timeout), { once: true });
  });
}

/**
 * A 5xx reply to the message or its recipient is a refusal a retry will meet again, but it is
 * retried all the same (a mailbox may be full for a while); the attempts bound it. A failure
 * after DATA was sent leaves the outcome unknown.
 */
function smtpFailure(error: unknown): DeliveryError {
  const record =
    error instanceof Error
      ? (error as Error & { code?: unknown; responseCode?: unknown; response?: unknown; command?: unknown })
      : undefined;
  const code = typeof record?.code === "string" ? record.code : undefined;
  const responseCode = typeof record?.responseCode === "number" ? record.responseCode : undefined;
  const text = typeof record?.response === "string" ? record.response : error instanceof Error ? error.message : String(error);
  const afterData = record?.command === "DATA" || code === "ETIMEDOUT" || code === "ECONNRESET";
  const unknown = afterData && responseCode === undefined;
  return new DeliveryError(`SMTP ${responseCode ?? code ?? "error"}: ${text}${unknown ? " (outcome unknown: it may have arrived)" : ""}`, {
    outcomeUnknown: unknown,
    cause: error,
  });
}
