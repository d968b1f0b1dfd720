// A decline is a record of its own (DESIGN.md: "Declines and supplements are records too").

export type PassedOverReason =
  | "seated"
  | "declined"
  | "unavailable"
  | "lacks-role"
  | "not-active"
  | "home-department"
  | "conflict"
  | "recusal"
  | "cap";

export interface DeclineRecord {
  kind: "decline";
  /** The resultHash of the draw whose seat is declined. */
  drawResultHash: string;
  departmentId: string;
  inspectorId: string;
  reason: string;
  /** Roles the remaining members no longer hold `min` times: the replacement must hold each. */
  neededRoles: string[];
  /** Alternates the caller marked as no longer available (e.g. on leave since the draw). */
  unavailable: string[];
  /** Published alternates passed over before the replacement, with why. */
  passedOver: { inspectorId: string; reason: PassedOverReason }[];
  /** The alternate who takes the seat; null: none qualifies, a supplementary draw is needed. */
  replacement: string | null;
  decidedAt: string;
  decidedBy: string;
  declineHash: string;
}
