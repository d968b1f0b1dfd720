// The process environment, validated once. A bad variable stops the process with one
// line naming it (see loadEnv).
import path from "node:path";
import { z } from "zod";

const defaultPolicyFile = path.join(import.meta.dirname, "policy.json");
const defaultCalendarOverridesFile = path.join(import.meta.dirname, "calendar-overrides.json");

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const envSchema = z.object({
  /** PostgreSQL URL. Unset: the all-in-one process runs on embedded PGlite under DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(logLevels).default("info"),
  /** Where the embedded database and other local state live. */
  DATA_DIR: z.string().min(1).default("./var"),
  /** Prefix of every BullMQ key, so deployments (and tests) can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/)
    .default("ssj"),
  /** Lifetime of a new bearer token. */
  TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** BullMQ lock duration (ms): a killed worker's job is taken over after about this long. */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /** How often the deadline sweep runs (ms); the default suits production, benchmarks set it shorter. */
  SWEEP_EVERY_MS: z.coerce.number().int().min(100).default(60_000),
  /** At most this many notify jobs wait in Redis at once (bounds Redis memory in a burst). */
  NOTIFY_AHEAD: z.coerce.number().int().min(100).default(10_000),
  /** How long `ssj round draw` waits for a worker before giving up. */
  DRAW_WAIT_SECONDS: z.coerce.number().int().min(1).default(60),
  /** config/policy.json or another policy file (docs/deadlines.md). */
  SSJ_POLICY_FILE: z.string().min(1).default(defaultPolicyFile),
  /** The deployment's working-day calendar overrides (docs/calendar.md); a missing file means none. */
  SSJ_CALENDAR_OVERRIDES_FILE: z.string().min(1).default(defaultCalendarOverridesFile),
  /** PostgreSQL connections per process (the pool of `ssj start`, `serve`, `worker`). */
  PG_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /**
   * TESTS ONLY: shifts the business clock by this many milliseconds (src/services/clock.ts), on
   * every database connection and for offline commands. `SSJ_TEST_TODAY=… npm test` sets it
   * for every process of the run. Never set it in a deployment.
   */
  SSJ_TEST_CLOCK_OFFSET_MS: z.coerce
    .number()
    .int()
    .refine((ms) => Math.abs(ms) <= 100 * 366 * 86_400_000, "must be within a hundred years")
    .optional(),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const input = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    throw new EnvError(
      `invalid environment variable ${name}: ${issue?.message ?? "invalid"} (got ${JSON.stringify(withoutPassword(source[name]))})`,
    );
  }
  return result.data;
}

/** The value as it may be printed: a URL's password masked, even when the URL does not parse. */
function withoutPassword(value: string | undefined): string | undefined {
  return value?.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/@:]*):.*@/, "$1:***@");
}

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

let cached: Env | undefined;

/** The validated environment of this process. */
export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
