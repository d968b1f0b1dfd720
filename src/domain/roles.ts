// The roles a user holds (DESIGN.md, Who uses it). The users table checks its `role` column
// against this list; the API's route guards and the services' principals name them.
export const roles = ["admin", "supervisor", "inspector", "department", "discipline", "viewer"] as const;
export type Role = (typeof roles)[number];
