// Seed shapes and the master seed (DESIGN.md: ssj-draw/1 "Seed"; docs/draw-algorithm.md §6).
import { jcs } from "./canonical-json";
import { sha256hex } from "./sha256";
import type { SeedSource } from "./types";

export type SeedCheck = { ok: true; seedInput: string } | { ok: false; message: string };

/**
 * Checks a seed against its source and returns its canonical form, the one the record
 * stores and the master seed hashes: witness digits without spaces, hex in lowercase.
 */
export function checkSeed(source: SeedSource, input: string): SeedCheck {
  switch (source) {
    case "witness": {
      const digits = input.replace(/ /g, "");
      return /^[0-9]{20,}$/.test(digits)
        ? { ok: true, seedInput: digits }
        : { ok: false, message: "a witness seed is at least 20 decimal digits (spaces ignored)" };
    }
    case "beacon": {
      const hex = input.toLowerCase();
      return /^[0-9a-f]{64}$/.test(hex)
        ? { ok: true, seedInput: hex }
        : { ok: false, message: "a beacon seed is the round's 64 hex digits" };
    }
    case "server": {
      const hex = input.toLowerCase();
      return /^[0-9a-f]{32}$/.test(hex)
        ? { ok: true, seedInput: hex }
        : { ok: false, message: "a server seed is 32 hex digits from a CSPRNG" };
    }
  }
}

/** Only a server seed exists at lock, so only it is committed in the manifest. */
export function seedCommitment(source: SeedSource, seedInput: string): string | null {
  return source === "server" ? sha256hex(seedInput) : null;
}

export function masterSeedOf(manifestHash: string, seedInput: string): string {
  return sha256hex(jcs({ manifestHash, seedInput }));
}
