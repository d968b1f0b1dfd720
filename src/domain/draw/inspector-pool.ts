// Inspectors as the team step reads them (DESIGN.md: ssj-draw/1 step 2): role pools in id
// order, seats held in this round (for the cap), and O(1) eligibility per candidate.
import { minusDays } from "./dates";
import type { HistoryEntry, Inspector, InspectorSkipReason, Params } from "./types";

export class InspectorPool {
  /** Per required role (params order): indices of inspectors holding its tag, in id order. */
  readonly rolePools: readonly Int32Array[];
  /** Seats each inspector holds in this round so far. */
  readonly seats: Int32Array;
  private readonly recused = new Set<string>();
  private indexById: Map<string, number> | null = null;

  constructor(
    private readonly params: Params,
    readonly list: readonly Inspector[],
    history: readonly HistoryEntry[],
  ) {
    this.rolePools = params.team.roles.map((role) => {
      const members: number[] = [];
      list.forEach((inspector, i) => {
        if (inspector.tags.includes(role.tag)) members.push(i);
      });
      return Int32Array.from(members);
    });
    this.seats = new Int32Array(list.length);
    // DESIGN.md: recusal — the same inspector inspected the same department within the
    // last recusalDays days before asOf; older rows in the snapshot change nothing.
    const cutoff = minusDays(params.asOf, params.team.recusalDays);
    for (const h of history) {
      if (h.inspectedOn > cutoff) this.recused.add(recusalKey(h.inspectorId, h.departmentId));
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
    const inspector = this.inspector(i);
    if (inspector.status !== "active") return "not-active";
    if (inspector.homeDepartmentId === departmentId) return "home-department";
    if (inspector.conflicts.length > 0 && inspector.conflicts.includes(departmentId)) return "conflict";
    if (this.recused.size > 0 && this.recused.has(recusalKey(inspector.id, departmentId))) return "recusal";
    const cap = this.params.team.capPerInspector;
    if (cap !== null && (this.seats[i] as number) >= cap) return "cap";
    if (seated.includes(i)) return "seated";
    return null;
  }

  holds(i: number, tag: string): boolean {
    return this.inspector(i).tags.includes(tag);
  }
}

// "\n" cannot occur in a code, so the key is unambiguous.
function recusalKey(inspectorId: string, departmentId: string): string {
  return inspectorId + "\n" + departmentId;
}
