// RFC 8785 canonical JSON (JCS) and the SHA-256 hex digest used across the project.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export function jcs(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value has no canonical JSON form");
  return text;
}

export function sha256hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
