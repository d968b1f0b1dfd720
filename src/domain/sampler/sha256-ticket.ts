// DESIGN.md: `sha256-ticket/1` — Rivest's consistent sampler, as in risk-limiting audits:
// ticket(id) = "0." + the reversed decimal digits of int(sha256(sha256hex(seed) + id)),
// and the sample is the ids in ascending ticket order.
import { createHash } from "node:crypto";

export const SAMPLER_ALGORITHM = "sha256-ticket/1";

export interface Ticket {
  id: string;
  ticket: string;
}

/** The uniform fraction Rivest's `sha256_uniform` makes of any text. */
export function uniformTicket(text: string): string {
  const digest = createHash("sha256").update(text, "utf8").digest("hex");
  const digits = BigInt("0x" + digest).toString(10);
  return "0." + [...digits].reverse().join("");
}

export function ticketOf(seed: string, id: string): string {
  return uniformTicket(seedHash(seed) + id);
}

/** The first `take` ids by ascending ticket (all of them if fewer). Ids must be unique. */
export function consistentSample(seed: string, ids: readonly string[], take: number): Ticket[] {
  const hashedSeed = seedHash(seed);
  const tickets = ids.map((id) => ({ id, ticket: uniformTicket(hashedSeed + id) }));
  tickets.sort(compareTickets);
  return tickets.slice(0, Math.max(0, take));
}

/**
 * Tickets are decimal fractions "0.d1d2…": comparing the digit strings character by
 * character is comparing the numbers, a shorter prefix being the smaller. Equal tickets
 * (never seen for distinct ids) fall back to the id.
 */
export function compareTickets(a: Ticket, b: Ticket): number {
  if (a.ticket !== b.ticket) return a.ticket < b.ticket ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function seedHash(seed: string): string {
  return createHash("sha256").update(seed, "utf8").digest("hex");
}
