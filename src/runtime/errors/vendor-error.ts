import { ProfilekitError, type RedactionOptions } from "./profilekit-error.js";

/** A 2xx answer that reports a failure in its body (Altcraft: HTTP 200 with `error ≠ 0`). Redacted as every ProfilekitError. */
export class VendorError extends ProfilekitError {
  override name = "VendorError";
  declare readonly method: string;
  declare readonly url: string;
  /** The vendor's error code (Altcraft: 400 bad request, 401 token required, 402 tariff limit, 403 forbidden). */
  declare readonly code: unknown;
  declare readonly vendorMessage: string;
  declare readonly body: unknown;

  constructor(method: string, url: string, code: unknown, vendorMessage: string, body: unknown, options: RedactionOptions = {}) {
    super(`${method} ${url} answered with vendor error ${JSON.stringify(code)}: ${vendorMessage || "(no message)"}.`, {
      ...options,
      fields: { method, url, code, vendorMessage, body },
    });
  }
}
