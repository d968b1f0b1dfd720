import { describe, expect, it } from "vitest";
import { consistentSample, ticketOf, uniformTicket } from "../../src/domain/sampler";
import { parseIds } from "../../src/cli/commands/sample";
import { CliExit } from "../../src/errors";
import { existsSync, readFileSync } from "node:fs";
import { readJson, sharedVectorsPath, vectorsCopyPath, vectorsPath } from "./fixtures";

interface Vectors {
  uniform: { input: string; ticket: string }[];
  firstTicket: { id: string; seed: string; ticket: string }[];
  samples: { ids: string[]; seed: string; take: number; expect: string[]; tickets?: Record<string, string> }[];
}
const vectors = readJson<Vectors>(vectorsPath);

describe("sha256-ticket/1", () => {
  it.runIf(existsSync(sharedVectorsPath))("keeps its copy of the public vectors identical to ../shared/vectors", () => {
    expect(readFileSync(vectorsCopyPath, "utf8")).toBe(readFileSync(sharedVectorsPath, "utf8"));
  });

  it.each(vectors.uniform)("turns $input into the published uniform ticket", ({ input, ticket }) => {
    expect(uniformTicket(input)).toBe(ticket);
  });

  it.each(vectors.firstTicket)("gives $id under seed $seed its published first ticket", ({ id, seed, ticket }) => {
    expect(ticketOf(seed, id)).toBe(ticket);
  });

  it.each(vectors.samples)("samples $ids with seed $seed in the published order", ({ ids, seed, take, expect: expected, tickets }) => {
    const sample = consistentSample(seed, ids, take);
    expect(sample.map((t) => t.id)).toEqual(expected);
    for (const t of sample) if (tickets) expect(t.ticket).toBe(tickets[t.id]);
  });

  it("is consistent: a sample of k is the first k of a larger sample", () => {
    const ids = Array.from({ length: 50 }, (_, n) => `E-${n}`);
    const ten = consistentSample("2718", ids, 10).map((t) => t.id);
    expect(consistentSample("2718", ids, 4).map((t) => t.id)).toEqual(ten.slice(0, 4));
  });

  it("reads ids one a line, ignoring blank lines and a trailing \\r, refusing a duplicate", () => {
    expect(parseIds("a\r\n\nb\n\n")).toEqual(["a", "b"]);
    expect(() => parseIds("a\nb\na\r\n")).toThrow(CliExit);
  });
});
