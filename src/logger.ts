// The one logger. Child loggers carry context (reqId, roundId, jobId).
import { pino, type Logger } from "pino";
import { loadEnv } from "../config/env";

export type { Logger };

let root: Logger | undefined;

export function logger(): Logger {
  root ??= pino({ level: loadEnv().LOG_LEVEL, base: { service: "shuangsuiji" } });
  return root;
}
