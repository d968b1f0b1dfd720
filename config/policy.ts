// The deadline and escalation policy a deployment may change (config/policy.json, or the
// file SSJ_POLICY_FILE names), validated once.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const channel = z.enum(["log", "webhook", "dingtalk", "wecom", "email"]);
const recipient = z.enum(["department-contact", "department-head", "team-leader", "supervisors", "leadership", "discipline"]);
const level = z.object({ workingDaysAfterDue: z.number().int().min(0).max(365), recipients: z.array(recipient).min(1) });

export const policySchema = z.object({
  rectifyWorkingDays: z.object({
    general: z.number().int().min(1).max(365),
    serious: z.number().int().min(1).max(365),
    urgent: z.number().int().min(1).max(365),
  }),
  /** Local time (Asia/Shanghai) at which reminders and escalations go out. */
  messageTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  reminders: z.object({ workingDaysBefore: z.array(z.number().int().min(1).max(60)), onDueDay: z.boolean() }),
  escalation: z.object({ L1: level, L2: level, L3: level }),
  reminderRecipients: z.array(recipient).min(1),
  reviewerRecipients: z.array(recipient).min(1),
  channels: z.object({ reminder: z.array(channel).min(1), escalation: z.array(channel).min(1), notice: z.array(channel).min(1) }),
  delivery: z.object({
    attempts: z.number().int().min(1).max(50),
    backoffMs: z.number().int().min(10),
    timeoutMs: z.number().int().min(100),
  }),
});
export type Policy = z.infer<typeof policySchema>;
export type RecipientKind = z.infer<typeof recipient>;
export type ChannelName = z.infer<typeof channel>;

export const defaultPolicyFile = path.resolve(import.meta.dirname, "policy.json");

/** Reads and validates a policy file; a problem throws a PolicyError naming the file and the field. */
export function loadPolicy(file: string = defaultPolicyFile): Policy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new PolicyError(`cannot read the policy file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PolicyError(`invalid policy file ${file}: ${issue?.path.join(".") || "(top level)"}: ${issue?.message}`);
  }
  return parsed.data;
}

export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyError";
  }
}
