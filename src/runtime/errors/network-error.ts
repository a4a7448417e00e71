import { ProfilekitError } from "./profilekit-error.js";

/** The request got no answer (connection refused, reset, DNS). Safe to retry only for idempotent updates. */
export class NetworkError extends ProfilekitError {
  override name = "NetworkError";
  constructor(
    readonly method: string,
    readonly url: string,
    cause: unknown,
    causeText: string,
  ) {
    super(`${method} ${url} got no answer: ${causeText}.`, { cause });
  }
}
