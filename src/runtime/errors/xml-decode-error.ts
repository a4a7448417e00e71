import { ProfilekitError } from "./profilekit-error.js";

/** XML that was refused: malformed (with line and column), hostile (DOCTYPE, too deep, too large), or not the expected shape. */
export class XmlDecodeError extends ProfilekitError {
  override name = "XmlDecodeError";
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
    /** A JSON Pointer into the decoded value, when the problem is one element. */
    readonly path?: string,
  ) {
    const where = line !== undefined ? ` at line ${line}, column ${column ?? 1}` : path !== undefined ? ` at ${path || "the root"}` : "";
    super(`Cannot read the XML${where}: ${reason}.`);
  }
}
