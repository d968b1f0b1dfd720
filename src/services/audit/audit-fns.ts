// The hash chain of the audit log (DESIGN.md, Security): hash = sha256(prev_hash ‖ JCS(event)).
import { jcs, sha256hex } from "../../domain/canonical/jcs";

/** prev_hash of the first event. */
export const GENESIS_HASH = "0".repeat(64);

/** Who did it: a signed-in user, the local operator of the CLI, or the service itself. */
export type Actor =
  | { kind: "user"; userId: string; name: string; role: string }
  | { kind: "cli"; osUser: string; via: "cli" }
  | { kind: "system"; via: "worker" | "server" };

export interface AuditEvent {
  seq: number;
  at: string;
  orgId: string | null;
  actor: Actor;
  action: string;
  subject: string;
  payload: unknown;
}

export function chainHash(prevHash: string, event: AuditEvent): string {
  return sha256hex(prevHash + jcs(event));
}
