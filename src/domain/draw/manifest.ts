// DESIGN.md: manifestHash — what a lock publishes before the seed exists.
import { jcs } from "./canonical-json";
import { sha256hex } from "./sha256";
import { DRAW_ALGORITHM, type Fingerprints, type Params } from "./types";

export function manifestHash(params: Params, fingerprints: Fingerprints, seedCommitment: string | null): string {
  return sha256hex(
    jcs({
      algorithm: DRAW_ALGORITHM,
      params,
      departmentsHash: fingerprints.departmentsHash,
      inspectorsHash: fingerprints.inspectorsHash,
      historyHash: fingerprints.historyHash,
      seedCommitment,
    }),
  );
}
