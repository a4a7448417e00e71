import { ProfilekitError } from "./profilekit-error.js";

/** A 2xx answer that reports a failure in its body (Altcraft: HTTP 200 with `error ≠ 0`). */
export class VendorError extends ProfilekitError {
  override name = "VendorError";
  constructor(
    readonly method: string,
    readonly url: string,
    /** The vendor's error code (Altcraft: 400 bad request, 401 token required, 402 tariff limit, 403 forbidden). */
    readonly code: unknown,
    readonly vendorMessage: string,
    readonly body: unknown,
  ) {
    super(`${method} ${url} answered with vendor error ${JSON.stringify(code)}: ${vendorMessage || "(no message)"}.`);
  }
}
