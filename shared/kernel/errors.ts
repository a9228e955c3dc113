/**
 * Errors that cross the API boundary carry a stable code (GraphQL `extensions.code`) and a
 * message written for the caller. Anything that is not a DomainError is reported as INTERNAL
 * with a generic message, so stack traces and SQL never reach a client.
 */
export type ErrorCode =
  | "BAD_USER_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "UNKNOWN_CHANNEL"
  | "INTERNAL";

export interface ErrorDetails {
  /** the input field at fault, dotted path ("lines.3.quantity") */
  field?: string;
  [key: string]: unknown;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

export const badInput = (message: string, field?: string, extra: Record<string, unknown> = {}) =>
  new DomainError("BAD_USER_INPUT", message, { ...(field ? { field } : {}), ...extra });
export const notFound = (what: string, id?: string) =>
  new DomainError("NOT_FOUND", id ? `${what} "${id}" was not found` : `${what} was not found`);
export const forbidden = (message = "You are not allowed to do this") => new DomainError("FORBIDDEN", message);
export const unauthenticated = (message = "Authentication required") => new DomainError("UNAUTHENTICATED", message);
export const conflict = (message: string, extra: Record<string, unknown> = {}) => new DomainError("CONFLICT", message, extra);

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
