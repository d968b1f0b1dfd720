export * from "./organizations";
export * from "./departments";
export * from "./inspectors";
export * from "./inspection-items";
export * from "./users";
export * from "./audit-events";
