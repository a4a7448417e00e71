import { ProfilekitError, type RedactionOptions } from "./profilekit-error.js";

export interface ValidationIssue {
  /** JSON Pointer into the value. */
  path: string;
  keyword: string;
  message: string;
}

export interface ValidationErrorOptions extends RedactionOptions {
  /**
   * What broke the spec: the request body (the default; pointers into it), or the parameters
   * (pointers `/path/<name>`, `/query/<name>`, `/header/<name>`, `/cookie/<name>`: a required one
   * missing), which `validate: false` does not skip.
   */
  part?: "body" | "parameters";
}

/** A request broke the spec: nothing was sent. `issues` lists every problem found (at most 100), redacted. */
export class ValidationError extends ProfilekitError {
  override name = "ValidationError";
  declare readonly operation: string;
  declare readonly issues: readonly ValidationIssue[];

  constructor(operation: string, issues: readonly ValidationIssue[], options: ValidationErrorOptions = {}) {
    const { part = "body", ...redaction } = options;
    const lines = issues.map((i) => `  ${i.path || "(the body)"}: ${i.message}`);
    const count = `${issues.length} issue${issues.length === 1 ? "" : "s"}`;
    super(
      part === "parameters"
        ? `${operation}: the request's parameters do not match the spec, nothing was sent (${count}):\n${lines.join("\n")}\nGive the parameters above.`
        : `${operation}: the request body does not match the spec, nothing was sent (${count}):\n${lines.join("\n")}\n` + "Fix the fields above, or pass { validate: false } to send it anyway.",
      { ...redaction, fields: { operation, issues } },
    );
  }
}
