// DESIGN.md: "Declines and supplements" — the seat goes to the first published alternate
// still eligible who, if the decliner was needed for a role, holds that role.
import { jcs } from "./canonical-json";
import { isCode } from "./codes";
import type { DeclineRecord, PassedOverReason } from "./decline-record";
import { DrawInputError } from "./errors";
import { InspectorPool } from "./inspector-pool";
import { neededRoles } from "./needed-roles";
import { parseParams } from "./params";
import { DRAWN_AT_PATTERN } from "./record-fields";
import { roundSeating, type RoundEvent } from "./round-seating";
import { sha256hex } from "./sha256";
import { checkedPoolSnapshot, type PoolSnapshot } from "./snapshot-check";
import type { DrawRecord } from "./types";

export interface DeclineSeatInput {
  record: DrawRecord;
  /** Required when the record's snapshot is in files. */
  snapshot?: PoolSnapshot;
  /** Earlier declines and supplements of this draw, in the order they happened. */
  priorEvents?: readonly RoundEvent[];
  departmentId: string;
  inspectorId: string;
  reason: string;
  unavailable?: readonly string[];
  decidedAt: string;
  decidedBy: string;
}

export function declineSeat(input: DeclineSeatInput): DeclineRecord {
  const { record, departmentId, inspectorId } = input;
  if (input.reason.trim() === "") throw new DrawInputError("a decline needs a reason");
  if (!DRAWN_AT_PATTERN.test(input.decidedAt)) throw new DrawInputError("decidedAt must be an ISO instant");
  if (!isCode(input.decidedBy)) throw new DrawInputError("decidedBy must be a user code");
  const params = parseParams(record.params);
  const people = checkedPoolSnapshot(record.snapshot, input.snapshot);
  const pool = new InspectorPool(params, people.inspectors, people.history);
  const seating = roundSeating(record.result, input.priorEvents ?? []);
  const team = seating.teams.get(departmentId);
  if (team === undefined) throw new DrawInputError(`department ${departmentId} has no team in this draw`);
  if (!team.members.includes(inspectorId)) throw new DrawInputError(`${inspectorId} holds no seat on ${departmentId}'s team`);

  const remaining = team.members.filter((id) => id !== inspectorId);
  const needed = neededRoles(params, pool, remaining);
  for (const [id, seats] of seating.seats) {
    const i = pool.indexOf(id);
    if (i >= 0) pool.seats[i] = id === inspectorId ? seats - 1 : seats;
  }
  const unavailable = new Set(input.unavailable ?? []);
  const remainingIdx = remaining.map((id) => pool.indexOf(id));
  const passedOver: DeclineRecord["passedOver"] = [];
  let replacement: string | null = null;
  for (const alternate of team.alternates) {
    const why = passOverReason(alternate);
    if (why === null) {
      replacement = alternate;
      break;
    }
    passedOver.push({ inspectorId: alternate, reason: why });
  }

  const unsigned: Omit<DeclineRecord, "declineHash"> = {
    kind: "decline",
    drawResultHash: record.resultHash,
    departmentId,
    inspectorId,
    reason: input.reason,
    neededRoles: needed,
    unavailable: [...unavailable].sort(),
    passedOver,
    replacement,
    decidedAt: input.decidedAt,
    decidedBy: input.decidedBy,
  };
  return { ...unsigned, declineHash: sha256hex(jcs(unsigned)) };

  function passOverReason(alternate: string): PassedOverReason | null {
    if (alternate === inspectorId || team?.declined.includes(alternate)) return "declined";
    if (remaining.includes(alternate)) return "seated";
    if (unavailable.has(alternate)) return "unavailable";
    const i = pool.indexOf(alternate);
    if (i < 0) return "not-active";
    const reason = pool.reasonAgainst(i, departmentId, remainingIdx);
    if (reason !== null) return reason;
    if (!needed.every((tag) => pool.holds(i, tag))) return "lacks-role";
    return null;
  }
}
