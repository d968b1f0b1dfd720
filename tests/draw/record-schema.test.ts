// docs/schemas/draw-record.schema.json describes every record the engine writes. Ajv is
// the validator fastify already brings (the project has no schema library of its own).
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { countyDraw, fixturesDir, readJson, repoRoot, seedNo } from "./fixtures";

const schema = readJson<object>(resolve(repoRoot, "docs/schemas/draw-record.schema.json"));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

describe("the record's JSON Schema", () => {
  const golden = resolve(fixturesDir, "golden");
  const files = readdirSync(golden)
    .filter((name) => name.endsWith(".record.json"))
    .map((name) => resolve(golden, name))
    .concat(
      readdirSync(golden)
        .filter((name) => !name.includes("."))
        .map((name) => resolve(golden, name, "record.json")),
    );

  it.each(files)("accepts golden record %s", (file) => {
    expect(validate(readJson(file)), JSON.stringify(validate.errors)).toBe(true);
  });

  it("accepts fresh records and refuses a record missing a field", () => {
    for (let n = 0; n < 10; n++) expect(validate(JSON.parse(JSON.stringify(countyDraw(seedNo(n)))))).toBe(true);
    const { recordHash: _dropped, ...partial } = countyDraw();
    void _dropped;
    expect(validate(partial)).toBe(false);
  });
});
