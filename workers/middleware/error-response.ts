import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isDomainError, type ErrorCode } from "../../shared/kernel/errors";

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  BAD_USER_INPUT: 400,
  UNKNOWN_CHANNEL: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/**
 * Errors raised before GraphQL runs (channel, token) are answered in the GraphQL error shape so
 * clients handle one format. Anything unexpected becomes INTERNAL with no details.
 */
export function errorResponse(c: Context, err: unknown) {
  const requestId = (c.get("requestId") as string | undefined) ?? null;
  if (isDomainError(err)) {
    return c.json(
      { errors: [{ message: err.message, extensions: { code: err.code, ...(err.details.field ? { field: err.details.field } : {}), ...(typeof err.details.reason === "string" ? { reason: err.details.reason } : {}), requestId } }] },
      STATUS[err.code],
    );
  }
  console.error(`[${requestId}] unhandled error`, err instanceof Error ? err.stack : err);
  return c.json({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL", requestId } }] }, 500);
}
