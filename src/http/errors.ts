// The one error body: {"error":{"code","message","details"?}}.
import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError } from "../errors";

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? "request"}${v.instancePath.replaceAll("/", ".")}`,
        message: v.message,
      }));
      const first = issues[0];
      return reply.status(400).send(errorBody("invalid_request", first ? `${first.path}: ${first.message}` : "invalid request", issues));
    }
    const status = "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, "request failed");
      return reply
        .status(500)
        .send(errorBody("internal", "internal error; the request id is in the server log", { requestId: request.id }));
    }
    const code = "code" in error && typeof error.code === "string" ? error.code.toLowerCase() : "bad_request";
    return reply.status(status).send(errorBody(code, error.message));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody("not_found", `no route ${request.method} ${request.url.split("?")[0]}`));
  });
}

export function errorBody(
  code: string,
  message: string,
  details?: unknown,
): { error: { code: string; message: string; details?: unknown } } {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
