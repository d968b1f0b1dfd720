// Typed failures of the draw. A constraint that cannot be met is never silently relaxed
// (DESIGN.md: ssj-draw/1 step 3); bad input is refused before anything is drawn.

export type ConstraintRule =
  /** A `count` stratum has fewer eligible departments than its count. */
  | "stratum-count"
  /** A required role's pool ran out of eligible inspectors before `min` was reached. */
  | "role-min"
  /** The required roles need more seats than the team has. */
  | "role-seats"
  /** All inspectors were walked and the team is still short of `size`. */
  | "team-size"
  /** No eligible inspector holds the roles the supplementary seat needs. */
  | "supplement-seat";

export class DrawConstraintError extends Error {
  constructor(
    readonly rule: ConstraintRule,
    readonly subject: { departmentId?: string; stratum?: string; role?: string },
    message: string,
  ) {
    super(message);
    this.name = "DrawConstraintError";
  }
}

/** Params, snapshot, seed or a request that breaks the spec; `issues` lists each problem. */
export class DrawInputError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
    this.name = "DrawInputError";
  }
}
