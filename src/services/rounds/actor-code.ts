import type { Principal } from "../scope";

/** The code a record names its operator by (`drawnBy`): the user name, or the CLI's OS user. */
export function actorCode(principal: Principal): string {
  const actor = principal.actor;
  const raw = actor.kind === "user" ? actor.name : actor.kind === "cli" ? actor.osUser : `system-${actor.via}`;
  return raw.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 64) || "unknown";
}
