// Where a member of the talent pool (人才库) stands; only `active` ones are drawn (DESIGN.md,
// ssj-draw/1 step 2). The inspectors table checks its `status` column against this list.
export const inspectorStatuses = ["active", "on-leave", "retired"] as const;
export type InspectorStatus = (typeof inspectorStatuses)[number];
