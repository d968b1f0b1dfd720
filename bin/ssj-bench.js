#!/usr/bin/env node
// `npm run bench -- SCENARIO …`: benchmarks, kept out of the test suite.
import { register } from "tsx/esm/api";

register();
await import("../bench/main.ts");
