// Every `ssj` sub-command, in the order `ssj --help` lists them. A module exports one
// `register(program)`; add a line here to add a command.
import type { Command } from "commander";
import { register as registerAudit } from "./audit";
import { register as registerCalendar } from "./calendar";
import { register as registerDemo } from "./demo";
import { register as registerFinding } from "./finding";
import { register as registerDraw } from "./draw";
import { register as registerImport } from "./import";
import { register as registerInspection } from "./inspection";
import { register as registerOrg } from "./org";
import { register as registerOutbox } from "./outbox";
import { register as registerPlan } from "./plan";
import { register as registerProcesses } from "./processes";
import { register as registerRegistries } from "./registries";
import { register as registerReport } from "./report";
import { register as registerRound } from "./round";
import { register as registerSample } from "./sample";
import { register as registerUser } from "./user";

export function registerCommands(program: Command): void {
  registerProcesses(program);
  registerOrg(program);
  registerRegistries(program);
  registerImport(program);
  registerUser(program);
  registerAudit(program);
  registerDemo(program);
  registerDraw(program);
  registerSample(program);
  registerRound(program);
  registerFinding(program);
  registerInspection(program);
  registerCalendar(program);
  registerPlan(program);
  registerOutbox(program);
  // after round and import: adds `round publish` and `import findings` to them
  registerReport(program);
}
