#!/usr/bin/env node
// The `ssj` command. Sources are TypeScript, loaded through tsx so a fresh `npm ci` needs no build step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
