// RFC 8785 canonical JSON (JCS) and SHA-256 hex, as the whole project uses them; one
// implementation, the draw engine's (src/domain/draw), so the audit chain and the draw
// records hash alike.
export { jcs } from "../draw/canonical-json";
export { sha256hex } from "../draw/sha256";
