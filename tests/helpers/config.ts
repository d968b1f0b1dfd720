// The deployment configuration tests hand to services and jobs, as the composition root
// (src/cli/composition.ts) loads it for a process: config/policy.json and the calendar overrides.
import { defaultCalendarOverridesFile, loadCalendarOverrides } from "../../config/calendar-overrides";
import { defaultPolicyFile, loadPolicy, type Policy } from "../../config/policy";
import type { DeploymentConfig } from "../../src/services/deployment";

export const testConfig: DeploymentConfig = {
  policy: loadPolicy(defaultPolicyFile),
  calendarOverrides: loadCalendarOverrides(defaultCalendarOverridesFile),
};

/** The test configuration with another policy. */
export function withPolicy(policy: Policy): DeploymentConfig {
  return { ...testConfig, policy };
}
