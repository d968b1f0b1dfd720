// Where notifications go besides the log (docs/notifications.md): the webhook, DingTalk and
// WeCom group robots, and SMTP, each from its environment variables, validated once. Nothing
// here is required: `log` needs no configuration, and a channel that config/policy.json names
// but the environment does not configure fails its deliveries naming the missing variable.
import { z } from "zod";
import { EnvError } from "./env";

const httpUrl = z.url({ protocol: /^https?$/ });

const channelEnvSchema = z.object({
  /** Our own webhook: a JSON POST signed with SSJ_WEBHOOK_SECRET. */
  SSJ_WEBHOOK_URL: httpUrl.optional(),
  SSJ_WEBHOOK_SECRET: z.string().min(16, "use a secret of at least 16 characters").optional(),
  /** A DingTalk custom robot's webhook (…/robot/send?access_token=…). */
  SSJ_DINGTALK_WEBHOOK: httpUrl.optional(),
  /** The robot's 加签 secret (SEC…), when its security setting is signing. */
  SSJ_DINGTALK_SECRET: z.string().min(1).optional(),
  /** A WeCom group robot's webhook (…/cgi-bin/webhook/send?key=…). */
  SSJ_WECOM_WEBHOOK: httpUrl.optional(),
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The From of every mail, e.g. `编办监督检查股 <ssj@example.gov.cn>`. */
  SMTP_FROM: z.string().min(3).optional(),
});

export type ChannelEnv = z.infer<typeof channelEnvSchema>;

export interface ChannelConfig {
  webhook?: { url: string; secret: string };
  dingtalk?: { url: string; secret?: string };
  wecom?: { url: string };
  email?: { url: string; from: string };
}

/** The variables each channel needs, in the order an error names them. */
export const channelVariables = {
  log: [],
  webhook: ["SSJ_WEBHOOK_URL", "SSJ_WEBHOOK_SECRET"],
  dingtalk: ["SSJ_DINGTALK_WEBHOOK"],
  wecom: ["SSJ_WECOM_WEBHOOK"],
  email: ["SMTP_URL", "SMTP_FROM"],
} as const satisfies Record<string, readonly (keyof ChannelEnv)[]>;

/**
 * Reads the channel variables of `source`. A malformed value throws an EnvError naming the
 * variable; a channel half configured (a URL without its secret) is refused too, since it
 * could only ever fail.
 */
export function parseChannels(source: Record<string, string | undefined>): ChannelConfig {
  const input = Object.fromEntries(
    Object.entries(source).filter(([name, value]) => name in channelEnvSchema.shape && value !== undefined && value !== ""),
  );
  const result = channelEnvSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    const shown = /SECRET|SMTP_URL/.test(name) ? "(hidden)" : JSON.stringify(source[name]);
    throw new EnvError(`invalid environment variable ${name}: ${issue?.message ?? "invalid"} (got ${shown})`);
  }
  const env = result.data;
  const pairs: [keyof ChannelEnv, keyof ChannelEnv][] = [
    ["SSJ_WEBHOOK_URL", "SSJ_WEBHOOK_SECRET"],
    ["SSJ_WEBHOOK_SECRET", "SSJ_WEBHOOK_URL"],
    ["SSJ_DINGTALK_SECRET", "SSJ_DINGTALK_WEBHOOK"],
    ["SMTP_URL", "SMTP_FROM"],
    ["SMTP_FROM", "SMTP_URL"],
  ];
  for (const [given, needed] of pairs) {
    if (env[given] !== undefined && env[needed] === undefined)
      throw new EnvError(`invalid environment variable ${needed}: required when ${given} is set`);
  }
  return {
    ...(env.SSJ_WEBHOOK_URL && env.SSJ_WEBHOOK_SECRET ? { webhook: { url: env.SSJ_WEBHOOK_URL, secret: env.SSJ_WEBHOOK_SECRET } } : {}),
    ...(env.SSJ_DINGTALK_WEBHOOK
      ? { dingtalk: { url: env.SSJ_DINGTALK_WEBHOOK, ...(env.SSJ_DINGTALK_SECRET ? { secret: env.SSJ_DINGTALK_SECRET } : {}) } }
      : {}),
    ...(env.SSJ_WECOM_WEBHOOK ? { wecom: { url: env.SSJ_WECOM_WEBHOOK } } : {}),
    ...(env.SMTP_URL && env.SMTP_FROM ? { email: { url: env.SMTP_URL, from: env.SMTP_FROM } } : {}),
  };
}

let cached: ChannelConfig | undefined;

/** The channel configuration of this process. */
export function loadChannels(): ChannelConfig {
  cached ??= parseChannels(process.env);
  return cached;
}
