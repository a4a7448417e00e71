import { ProfilekitError, type RedactionOptions } from "./profilekit-error.js";

export interface ValidationIssue {
  /** JSON Pointer into the value. */
  path: string;
  keyword: string;
  message: string;
}

/** A request body broke the spec: nothing was sent. `issues` lists every problem found (at most 100), redacted. */
export class ValidationError extends ProfilekitError {
  override name = "ValidationError";
  declare readonly operation: string;
  declare readonly issues: readonly ValidationIssue[];

  constructor(operation: string, issues: readonly ValidationIssue[], options: RedactionOptions = {}) {
    const lines = issues.map((i) => `  ${i.path || "(the body)"}: ${i.message}`);
    super(
      `${operation}: the request body does not match the spec, nothing was sent (${issues.length} issue${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}\n` +
        "Fix the fields above, or pass { validate: false } to send it anyway.",
      { ...options, fields: { operation, issues } },
    );
  }
}
