// What every channel shares: the message it is given, the options of one send, the errors
// that tell the delivery what happened, and the JSON POST the HTTP channels make.
import { createHash } from "node:crypto";
import type { ChannelConfig } from "../../../../config/channels";
import { channelVariables } from "../../../../config/channels";
import type { NotificationRecipient, RenderedMessage } from "../render";

/** One outbox row on its way out. */
export interface OutgoingMessage {
  key: string;
  kind: string;
  payload: unknown;
  rendered: RenderedMessage;
}

export interface SendOptions {
  /** The outbox key: the same on every attempt, so a receiver can drop a repeat. */
  idempotencyKey: string;
  /** Past this the send is abandoned and its outcome is unknown. */
  timeoutMs: number;
  /** The send time written into the message (tests pass a fixed one). */
  now?: Date;
}

export type ChannelSend = (
  message: OutgoingMessage,
  recipient: NotificationRecipient,
  config: ChannelConfig,
  options: SendOptions,
) => Promise<void>;

/**
 * The receiver did not accept. `retry: false` makes the delivery dead at once (nothing a
 * later attempt could change, e.g. a recipient without an address); `outcomeUnknown` marks
 * a send that may have arrived (a timeout) — the next attempt may be a repeat.
 */
export class DeliveryError extends Error {
  readonly retry: boolean;
  readonly outcomeUnknown: boolean;
  constructor(message: string, options: { retry?: boolean; outcomeUnknown?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DeliveryError";
    this.retry = options.retry ?? true;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
}

/** The configuration of one channel, or a retryable error naming the variables to set. */
export function configured<C extends keyof ChannelConfig>(config: ChannelConfig, channel: C): NonNullable<ChannelConfig[C]> {
  const section = config[channel];
  if (!section) throw new DeliveryError(`channel ${channel} is not configured: set ${channelVariables[channel].join(" and ")}`);
  return section;
}

/** A short, stable reference of the key, printed in robot messages so a person can spot a repeat. */
export function shortReference(idempotencyKey: string): string {
  return createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 12);
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** Failures before a byte of the request left: the receiver cannot have seen it. */
const notSentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_HAS_EXPIRED",
]);

/**
 * POSTs a JSON body and reads the answer, all inside `timeoutMs`. A failure to connect is a
 * plain failure (nothing was sent); a timeout or a connection lost midway leaves the outcome
 * unknown.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  what: string,
): Promise<HttpAnswer> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", ...headers },
      body,
      signal,
      redirect: "manual",
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    if (signal.aborted)
      throw new DeliveryError(`${what}: no answer within ${timeoutMs} ms (outcome unknown: it may have arrived)`, {
        outcomeUnknown: true,
        cause: error,
      });
    const code = errorCode(error);
    const sent = code === undefined || !notSentCodes.has(code);
    throw new DeliveryError(`${what}: ${describeFetchError(error)}${sent ? " (outcome unknown: it may have arrived)" : ""}`, {
      outcomeUnknown: sent,
      cause: error,
    });
  }
}

/** A bounded excerpt of a receiver's answer for last_error. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** For a URL that may carry a token (a robot's access_token, a WeCom key): scheme, host and path only. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return "(invalid url)";
  }
}

function errorCode(error: unknown): string | undefined {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  return cause && "code" in cause && typeof cause.code === "string" ? cause.code : undefined;
}

function describeFetchError(error: unknown): string {
  const code = errorCode(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  if (code) return `${code}${cause?.message && cause.message !== code ? ` (${cause.message})` : ""}`;
  return error instanceof Error ? error.message : String(error);
}
