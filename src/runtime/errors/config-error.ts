import { ProfilekitError, type RedactionOptions } from "./profilekit-error.js";

/** A client was created with options it cannot work with. `field` is a JSON Pointer into the options. */
export class ConfigError extends ProfilekitError {
  override name = "ConfigError";
  declare readonly field: string;
  declare readonly expected: string;

  constructor(field: string, expected: string, factory: string, options: RedactionOptions = {}) {
    super(`${factory}: options${field} — expected ${expected}.`, { ...options, fields: { field, expected } });
  }
}
