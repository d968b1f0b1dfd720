// When a target department may learn of its inspection (DESIGN.md, Confidentiality).
import type { Notice } from "./round-types";

/** Messages go out at 09:00 Asia/Shanghai (UTC+8, no daylight saving). */
const NINE_SHANGHAI_UTC = "01:00:00.000Z";

/**
 * The instant as ISO text: at the draw, N days before the window's first day at 09:00
 * Shanghai (never before the draw), or — unannounced — the window's first day at 09:00, when
 * the team arrives. Null when there is no window to count from.
 */
export function shanghaiNoticeTime(notice: Notice, drawnAt: string, windowStart: string | null): string | null {
  if (notice.mode === "at-draw") return drawnAt;
  if (!windowStart) return notice.mode === "before-inspection" ? drawnAt : null;
  const days = notice.mode === "before-inspection" ? notice.days : 0;
  const day = new Date(`${windowStart}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() - days);
  const at = `${day.toISOString().slice(0, 10)}T${NINE_SHANGHAI_UTC}`;
  return at < drawnAt ? drawnAt : at;
}
