// The few error kinds the service raises. The HTTP layer maps them to statuses in one
// handler (src/http/errors.ts) and the CLI to a one-line message and an exit code.

export type ErrorDetails = unknown;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: ErrorDetails, code = "bad_request") {
    super(400, code, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "a valid bearer token is required") {
    super(401, "unauthorized", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "your role may not do this") {
    super(403, "forbidden", message);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, "not_found", message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: ErrorDetails, code = "conflict") {
    super(409, code, message, details);
  }
}

/** A CLI failure with a chosen exit code; the message is printed as the first line. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    readonly detailLines: string[] = [],
  ) {
    super(message);
  }
}

/** The root cause in one line: drizzle wraps the driver's error ("Failed query: …") in `cause`. */
export function rootCause(error: unknown): string {
  let root = error;
  while (root instanceof Error && root.cause !== undefined) root = root.cause;
  if (root && typeof root === "object" && "code" in root && typeof root.code === "string" && /^E[A-Z]+$/.test(root.code)) return root.code;
  return (root instanceof Error ? root.message : String(root)).split("\n")[0] ?? "unknown error";
}
