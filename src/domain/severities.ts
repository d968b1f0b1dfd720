// How serious a finding is; the rectification deadline depends on it (DESIGN.md, Deadlines
// and escalation: general 20, serious 10, urgent 5 working days by default, config/policy.json).
export const severities = ["general", "serious", "urgent"] as const;
export type Severity = (typeof severities)[number];
