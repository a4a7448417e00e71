import { ProfilekitError } from "./profilekit-error.js";

/** A client was created with options it cannot work with. `field` is a JSON Pointer into the options. */
export class ConfigError extends ProfilekitError {
  override name = "ConfigError";
  constructor(
    readonly field: string,
    readonly expected: string,
    factory: string,
  ) {
    super(`${factory}: options${field} — expected ${expected}.`);
  }
}
