import { ProfilekitError, type RedactionOptions } from "./profilekit-error.js";

/** XML that was refused: malformed (with line and column), hostile (DOCTYPE, too deep, too large), or not the expected shape. */
export class XmlDecodeError extends ProfilekitError {
  override name = "XmlDecodeError";
  declare readonly reason: string;
  declare readonly line?: number;
  declare readonly column?: number;
  /** A JSON Pointer into the decoded value, when the problem is one element. */
  declare readonly path?: string;

  constructor(reason: string, line?: number, column?: number, path?: string, options: RedactionOptions = {}) {
    const where = line !== undefined ? ` at line ${line}, column ${column ?? 1}` : path !== undefined ? ` at ${path || "the root"}` : "";
    super(`Cannot read the XML${where}: ${reason}.`, { ...options, fields: { reason, line, column, path } });
  }
}
