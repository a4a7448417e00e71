import { ProfilekitError, type RedactionOptions } from "./profilekit-error.js";

/**
 * The request got no answer (connection refused, reset, DNS). Safe to retry only for idempotent updates.
 * `cause` is what fetch threw, reduced to its redacted `{ name, message, code?, cause? }`.
 */
export class NetworkError extends ProfilekitError {
  override name = "NetworkError";
  declare readonly method: string;
  declare readonly url: string;

  constructor(method: string, url: string, cause: unknown, causeText: string, options: RedactionOptions = {}) {
    super(`${method} ${url} got no answer: ${causeText}. Check the base URL and the network; retrying is safe for idempotent updates.`, {
      ...options,
      cause,
      fields: { method, url },
    });
  }
}
