// Runs in every test process before its test file: the run's clock shift (tests/global-setup.ts)
// becomes SSJ_TEST_CLOCK_OFFSET_MS, read by tests/helpers/clock.ts and the database helpers
// and inherited by every `ssj` child process.
import { inject } from "vitest";

process.env.SSJ_TEST_CLOCK_OFFSET_MS = String(inject("clockOffsetMs"));
