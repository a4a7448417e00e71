import { ProfilekitError } from "./profilekit-error.js";

/** A value that cannot be written as the vendor's XML. `path` is a JSON Pointer into the value. */
export class XmlEncodeError extends ProfilekitError {
  override name = "XmlEncodeError";
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Cannot write ${path || "the body"} as XML: ${reason}.`);
  }
}
