import { ProfilekitError } from "./profilekit-error.js";

/** The server answered with a non-2xx status. `body` is the parsed answer, secrets redacted from the message. */
export class HttpError extends ProfilekitError {
  override name = "HttpError";
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
    bodyText: string,
    /** The answer's Retry-After header (seconds or an HTTP date), when it has one (429, 503). */
    readonly retryAfter?: string,
  ) {
    super(`${method} ${url} answered HTTP ${status}${bodyText ? `: ${bodyText}` : ""}. Check the request against the spec; 5xx and 429 may be retried later.`);
  }
}
