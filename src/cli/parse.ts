// Validates CLI input with the same zod schemas the API uses; the first problem becomes the message.
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { BadRequestError } from "../errors";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`);
  throw new BadRequestError(issues[0] ?? "invalid input", issues.slice(1));
}

/** "a,b;c" → ["a","b","c"] */
export function listOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(/[,;，、\s]+/).filter(Boolean);
}

/** A JSON file given on the command line (a round file, a plan file). */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new BadRequestError(`cannot read ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
