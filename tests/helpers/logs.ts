// Loggers for tests: silent for in-process runtimes, producers and queue events; captured
// where a test reads what the process logged.
import { pino, type Logger } from "pino";

export const silentLogger: Logger = pino({ level: "silent" });

/** A logger that keeps its lines (pino JSON, parsed) for a test to read. */
export function capturedLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const kept: Record<string, unknown>[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void kept.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines: () => [...kept] };
}
