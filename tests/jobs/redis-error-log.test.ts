// How Redis and BullMQ errors become log lines (jobs/redis.ts): one line per cause, counted
// while it repeats, one line when Redis is back, one line per vanished job however often
// BullMQ reports it. No Redis needed: the errors are made here as ioredis and BullMQ make them.
import { describe, expect, it } from "vitest";
import { classifyRedisError, createRedisErrorLog } from "../../jobs/redis";
import { capturedLogger } from "../helpers/logs";

function refused(port = 6390): Error {
  return Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), { code: "ECONNREFUSED", errno: -111, syscall: "connect" });
}

/** BullMQ's finishedErrors: the job's hash is gone (code -1). */
function missingKey(jobId: string, command: string): Error {
  return Object.assign(new Error(`Missing key for job ${jobId}. ${command}`), { code: -1 });
}

function world(windowMs = 60_000) {
  let clock = 0;
  const log = capturedLogger();
  const errors = createRedisErrorLog(log.logger, { windowMs, now: () => clock });
  return {
    errors,
    lines: log.lines,
    advance: (ms: number) => void (clock += ms),
  };
}

describe("classifyRedisError", () => {
  it("tells a connection failure, a running job that lost its keys or its lock, and anything else apart", () => {
    expect(classifyRedisError(refused())).toMatchObject({ kind: "connection", fields: { code: "ECONNREFUSED" } });
    expect(classifyRedisError(new Error("Connection is closed."))).toMatchObject({ kind: "connection" });
    expect(classifyRedisError(missingKey("notify-1", "moveToFinished"))).toMatchObject({
      kind: "job-lost",
      fields: { jobId: "notify-1" },
    });
    expect(classifyRedisError(new Error("could not renew lock for job repeat:deadline-sweep:1796587562963"))).toMatchObject({
      kind: "job-lost",
      fields: { jobId: "repeat:deadline-sweep:1796587562963" },
    });
    expect(classifyRedisError(Object.assign(new Error("Missing lock for job draw-1. moveToFinished"), { code: -2 }))).toMatchObject({
      kind: "job-lost",
      fields: { jobId: "draw-1" },
    });
    expect(classifyRedisError(new Error("NOSCRIPT No matching script"))).toMatchObject({ kind: "other" });
  });
});

describe("RedisErrorLog", () => {
  it("writes one line for a thousand failed reconnects, their count once a window, and one line when Redis is back", () => {
    const { errors, lines, advance } = world();
    for (let i = 0; i < 1000; i++) {
      errors.error(i % 2 ? "queue notifications" : "redis producer", refused());
      advance(10);
    }
    expect(lines()).toEqual([
      expect.objectContaining({ level: 40, source: "redis producer", cause: "connect ECONNREFUSED 127.0.0.1:6390", code: "ECONNREFUSED" }),
    ]);
    errors.flush(); // what the window's timer does after 60 s
    expect(lines()[1]).toMatchObject({ level: 40, code: "ECONNREFUSED", repeats: 999 });
    errors.ready("redis producer");
    expect(lines()[2]).toMatchObject({ level: 30, msg: "Redis connection is back", errors: 1000, downMs: 10_000 });
    expect(lines()).toHaveLength(3);
    // the next outage starts with a line of its own
    errors.error("redis producer", refused());
    expect(lines()).toHaveLength(4);
  });

  it("writes a cause again after a quiet window, and never more than one line per window while it repeats", () => {
    const { errors, lines, advance } = world(1_000);
    errors.error("redis probe", refused());
    advance(5_000);
    errors.error("redis probe", refused()); // quiet for longer than the window: a new first line
    expect(lines()).toHaveLength(2);
    errors.error("redis probe", refused());
    errors.error("redis probe", refused());
    expect(lines()).toHaveLength(2);
    errors.flush();
    expect(lines()[2]).toMatchObject({ repeats: 2 });
  });

  it("reports a vanished job once, although BullMQ reports its completion, its failure and each lock renewal", () => {
    const { errors, lines } = world();
    errors.error("worker notifications", new Error("could not renew lock for job notify-a"));
    errors.error("worker notifications", missingKey("notify-a", "moveToFinished"));
    errors.error("worker notifications", missingKey("notify-a", "moveToDelayed"));
    errors.error("worker notifications", new Error("could not renew lock for job notify-a"));
    expect(lines()).toEqual([expect.objectContaining({ level: 40, jobId: "notify-a", source: "worker notifications" })]);
    // other jobs gone at the same time (Redis emptied under 64 deliveries): counted, one line
    for (const id of ["notify-b", "notify-c", "notify-b", "notify-d"])
      errors.error("worker notifications", missingKey(id, "moveToFinished"));
    errors.flush();
    expect(lines()).toHaveLength(2);
    expect(lines()[1]).toMatchObject({ level: 40, moreJobs: 3 });
  });
});
