import { ProfilekitError, type RedactionOptions } from "./profilekit-error.js";

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

  constructor(method: string, url: string, status: number, body: unknown, bodyText: string, retryAfter?: string, options: RedactionOptions = {}) {
    const advice = status === 429 || status >= 500 ? "it may be retried later" : status === 401 || status === 403 ? "check the credential" : "check the request against the spec";
    super(
      `${method} ${url} answered HTTP ${status}${bodyText ? `: ${bodyText}` : ""}. ${advice[0]!.toUpperCase()}${advice.slice(1)}${retryAfter !== undefined ? ` (Retry-After: ${retryAfter})` : ""}.`,
      {
        ...options,
        fields: { method, url, status, body, retryAfter },
      },
    );
  }
}
