import { ProfilekitError, type RedactionOptions } from "./profilekit-error.js";
import type { ValidationIssue } from "./validation-error.js";

export interface HttpErrorOptions extends RedactionOptions {
  /** The operation called (the client method's name). */
  operation?: string;
  /** Where the answer's body breaks the spec's schema for its status (or `default`): none when it matches or there is none. */
  bodyIssues?: readonly ValidationIssue[];
}

/**
 * The server answered with a non-2xx status. `body` is the parsed answer. With the client's secrets
 * (the runtime passes them), every field, the message and the stack are redacted.
 */
export class HttpError extends ProfilekitError {
  override name = "HttpError";
  declare readonly method: string;
  declare readonly url: string;
  declare readonly status: number;
  declare readonly body: unknown;
  /** The answer's Retry-After header (seconds or an HTTP date), when it has one (429, 503). */
  declare readonly retryAfter?: string;
  /** The operation called (the client method's name), when the client knows it. */
  declare readonly operation?: string;
  /** How the body breaks the spec's schema of this status's answer (or `default`'s); undefined when it matches or the spec has none. Redacted. */
  declare readonly bodyIssues?: readonly ValidationIssue[];

  constructor(method: string, url: string, status: number, body: unknown, bodyText: string, retryAfter?: string, options: HttpErrorOptions = {}) {
    const { operation, bodyIssues, ...redaction } = options;
    const advice = status === 429 || status >= 500 ? "it may be retried later" : status === 401 || status === 403 ? "check the credential" : "check the request against the spec";
    super(
      `${method} ${url} answered HTTP ${status}${bodyText ? `: ${bodyText}` : ""}. ${advice[0]!.toUpperCase()}${advice.slice(1)}${retryAfter !== undefined ? ` (Retry-After: ${retryAfter})` : ""}.`,
      {
        ...redaction,
        fields: { method, url, status, body, retryAfter, operation, bodyIssues },
      },
    );
  }
}
