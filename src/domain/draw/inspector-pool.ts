// Inspectors as the team step reads them (DESIGN.md: ssj-draw/1 step 2): role pools in id
// order, seats held in this round (for the cap), and an allocation-free eligibility check
// per candidate — a province draw makes a few hundred thousand of them.
import { minusDays } from "./dates";
import type { HistoryEntry, Inspector, InspectorSkipReason, Params } from "./types";

export const LEADER_TAG = "leader";

export class InspectorPool {
  /** Per required role (params order): indices of inspectors holding its tag, in id order. */
  readonly rolePools: readonly Int32Array[];
  /** Seats each inspector holds in this round so far. */
  readonly seats: Int32Array;
  /** Bit r set: the inspector holds required role r (params order). */
  private readonly roleBits: Uint32Array;
  private readonly leader: Uint8Array;
  private readonly active: Uint8Array;
  /** Departments each inspector is recused from (history inside the window), or null. */
  private readonly recusedFrom: (string[] | null)[];
  private readonly cap: number;
  private indexById: Map<string, number> | null = null;

  constructor(
    params: Params,
    readonly list: readonly Inspector[],
    history: readonly HistoryEntry[],
  ) {
    const n = list.length;
    const roles = params.team.roles;
    if (roles.length > 32) throw new RangeError("at most 32 required roles");
    this.roleBits = new Uint32Array(n);
    this.leader = new Uint8Array(n);
    this.active = new Uint8Array(n);
    const pools: number[][] = roles.map(() => []);
    for (let i = 0; i < n; i++) {
      const inspector = list[i] as Inspector;
      this.active[i] = inspector.status === "active" ? 1 : 0;
      this.leader[i] = inspector.tags.includes(LEADER_TAG) ? 1 : 0;
      roles.forEach((role, r) => {
        if (!inspector.tags.includes(role.tag)) return;
        this.roleBits[i] = ((this.roleBits[i] as number) | (1 << r)) >>> 0;
        (pools[r] as number[]).push(i);
      });
    }
    this.rolePools = pools.map((pool) => Int32Array.from(pool));
    this.seats = new Int32Array(n);
    this.cap = params.team.capPerInspector ?? Number.POSITIVE_INFINITY;

    // DESIGN.md: recusal — the same inspector inspected the same department within the
    // last recusalDays days before asOf; older rows in the snapshot change nothing.
    this.recusedFrom = new Array<string[] | null>(n).fill(null);
    const cutoff = minusDays(params.asOf, params.team.recusalDays);
    let i = 0;
    for (const h of history) {
      if (!(h.inspectedOn > cutoff)) continue;
      // History is sorted by inspectorId, as the inspectors are: one merge pass.
      while (i < n && (list[i] as Inspector).id < h.inspectorId) i++;
      if (i === n) break;
      if ((list[i] as Inspector).id !== h.inspectorId) continue;
      (this.recusedFrom[i] ??= []).push(h.departmentId);
    }
  }

  get size(): number {
    return this.list.length;
  }

  inspector(i: number): Inspector {
    const found = this.list[i];
    if (found === undefined) throw new RangeError(`no inspector at ${i}`);
    return found;
  }

  indexOf(id: string): number {
    if (this.indexById === null) this.indexById = new Map(this.list.map((inspector, i) => [inspector.id, i]));
    return this.indexById.get(id) ?? -1;
  }

  /** Why inspector `i` may not sit on `departmentId`'s team now, or null if they may. */
  reasonAgainst(i: number, departmentId: string, seated: readonly number[]): InspectorSkipReason | null {
    if (this.active[i] !== 1) return "not-active";
    const inspector = this.list[i] as Inspector;
    if (inspector.homeDepartmentId === departmentId) return "home-department";
    if (inspector.conflicts.length > 0 && inspector.conflicts.includes(departmentId)) return "conflict";
    const recused = this.recusedFrom[i];
    if (recused?.includes(departmentId)) return "recusal";
    if ((this.seats[i] as number) >= this.cap) return "cap";
    if (seated.includes(i)) return "seated";
    return null;
  }

  /** Does inspector `i` hold required role `r` (params order)? */
  holdsRole(i: number, r: number): boolean {
    return (((this.roleBits[i] as number) >>> r) & 1) === 1;
  }

  /** Does inspector `i` hold every required role whose bit is set in `mask`? */
  holdsRoles(i: number, mask: number): boolean {
    return ((this.roleBits[i] as number) & mask) >>> 0 === mask >>> 0;
  }

  /** Does inspector `i` hold `tag` (any tag, required role or not)? */
  holds(i: number, tag: string): boolean {
    return this.inspector(i).tags.includes(tag);
  }

  isLeader(i: number): boolean {
    return this.leader[i] === 1;
  }
}
