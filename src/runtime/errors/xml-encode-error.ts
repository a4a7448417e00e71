import { ProfilekitError, type RedactionOptions } from "./profilekit-error.js";

/** A value that cannot be written as the vendor's XML. `path` is a JSON Pointer into the value. */
export class XmlEncodeError extends ProfilekitError {
  override name = "XmlEncodeError";
  declare readonly path: string;
  declare readonly reason: string;

  constructor(path: string, reason: string, options: RedactionOptions = {}) {
    super(`Cannot write ${path || "the body"} as XML: ${reason}.`, { ...options, fields: { path, reason } });
  }
}
