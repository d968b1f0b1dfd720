// exceljs, with one fix: its streaming XML reader (lib/utils/parse-sax.js) decodes every
// decompressed chunk on its own, so a Chinese character split across two chunks becomes
// U+FFFD. The replacement below decodes with a streaming TextDecoder per document. It is
// put in the module cache before exceljs loads, so every part of exceljs uses it. Import
// exceljs from here, never directly.
import { createRequire, Module } from "node:module";
import type ExcelJSModule from "exceljs";

const require = createRequire(import.meta.url);

interface SaxEvent {
  eventType: "opentag" | "text" | "closetag";
  value: unknown;
}

async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
  const { SaxesParser } = require("saxes") as {
    SaxesParser: new () => { on(event: string, f: (value: unknown) => void): void; write(text: string): void; close(): void };
  };
  const parser = new SaxesParser();
  const decoder = new TextDecoder("utf-8");
  let error: unknown;
  let events: SaxEvent[] = [];
  parser.on("error", (err) => {
    error = err;
  });
  parser.on("opentag", (value) => events.push({ eventType: "opentag", value }));
  parser.on("text", (value) => events.push({ eventType: "text", value }));
  parser.on("closetag", (value) => events.push({ eventType: "closetag", value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) parser.write(rest);
  if (error) throw error;
  if (events.length > 0) yield events;
}

const parseSaxPath = require.resolve("exceljs/lib/utils/parse-sax.js");
if (!require.cache[parseSaxPath]) {
  const fixed = new Module(parseSaxPath);
  fixed.filename = parseSaxPath;
  fixed.loaded = true;
  fixed.exports = parseSax;
  require.cache[parseSaxPath] = fixed;
}

const ExcelJS = require("exceljs") as typeof ExcelJSModule;
export default ExcelJS;
export type { CellFormulaValue, CellValue, Worksheet, Workbook } from "exceljs";
