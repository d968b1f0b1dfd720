// What a deployment configures that the services read besides the environment: the deadline,
// reminder, escalation and delivery policy (config/policy.json) and the calendar overrides
// (config/calendar-overrides.json). Loaded and validated once, at start, by the composition
// root (src/cli/composition.ts), and handed to the services that need them; nothing below
// reads a configuration file.
import type { Policy } from "../../config/policy";
import type { YearArrangement } from "../domain/calendar";

export interface DeploymentConfig {
  policy: Policy;
  /** The deployment's changes to the working-day calendar, the last layer of every calendar load. */
  calendarOverrides: readonly YearArrangement[];
}
