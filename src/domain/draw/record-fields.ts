// Shapes of the record's own fields (docs/draw-algorithm.md §9).

export const ENGINE_VERSION = "shuangsuiji 0.1.0";

/** An instant in UTC, as Date.prototype.toISOString writes it (milliseconds optional). */
export const DRAWN_AT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
