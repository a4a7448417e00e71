import { redactor, type Redactor } from "../redact.js";

/** The secrets an error must never show: the client's credential, the user and password of its base URL. */
export interface RedactionOptions {
  /** Hidden from the message, the stack and every field (`[redacted]`), short ones as whole tokens. */
  secrets?: readonly string[];
}

export interface ProfilekitErrorOptions extends RedactionOptions {
  /** What went wrong underneath. Kept as `{ name, message, code?, cause? }`, redacted: never the original object. */
  cause?: unknown;
  /** The subclass's own fields, redacted before they are set (strings, and any value in depth; numbers at the top are kept). */
  fields?: Readonly<Record<string, unknown>>;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

type Inspect = (value: unknown, options?: Record<string, unknown>) => string;

/**
 * The base of every error profilekit raises: `catch (e) { if (e instanceof ProfilekitError) … }`.
 *
 * No secret leaves through one: the message, the stack (built from the redacted message), every field
 * (a server's answer in `body`, a URL, a Retry-After…) and the cause are redacted once, here, before
 * they are set, so no un-redacted copy is kept on the object. `JSON.stringify(error)` (`toJSON`) and
 * `util.inspect(error)` / `console.error(error)` show the same redacted fields.
 */
export class ProfilekitError extends Error {
  override name = "ProfilekitError";

  constructor(message: string, options: ProfilekitErrorOptions = {}) {
    const r = redactor(options.secrets);
    super(r.text(message));
    if (options.fields) setFields(this, options.fields, r);
    if ("cause" in options) setCause(this, options.cause, r);
  }

  /** The redacted plain object: name, message, the fields, the cause. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message, ...ownFields(this) };
    if ("cause" in this && this.cause !== undefined) out["cause"] = this.cause;
    return out;
  }

  /** What `util.inspect` and `console.error` print: the stack, then the redacted fields. */
  [INSPECT](depth: number, options: Record<string, unknown> = {}, inspect?: Inspect): string {
    if (depth < 0) return `[${this.name}]`;
    const fields: Record<string, unknown> = ownFields(this);
    if ("cause" in this && this.cause !== undefined) fields["cause"] = this.cause;
    const stack = this.stack ?? `${this.name}: ${this.message}`;
    if (Object.keys(fields).length === 0) return stack;
    const inner = { ...options, depth: options["depth"] === null || options["depth"] === undefined ? options["depth"] : (options["depth"] as number) - 1 };
    return `${stack} ${inspect ? inspect(fields, inner) : JSON.stringify(fields, null, 2)}`;
  }
}

/** Own enumerable fields but `name` (which the stack and toJSON show already). */
function ownFields(e: Error): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(e)) if (key !== "name") out[key] = (e as unknown as Record<string, unknown>)[key];
  return out;
}

function setFields(e: Error, fields: Readonly<Record<string, unknown>>, r: Redactor): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    // A number at the top is the error's own (a status, a line), not something a server echoed.
    const clean = typeof value === "number" ? value : r.value(value);
    Object.defineProperty(e, key, { value: clean, enumerable: true, writable: true, configurable: true });
  }
}

function setCause(e: Error, cause: unknown, r: Redactor): void {
  Object.defineProperty(e, "cause", { value: reduceCause(cause, r, 0), enumerable: false, writable: true, configurable: true });
}

/** An error underneath as a plain, redacted `{ name, message, code?, cause? }`: its other fields (a socket, a request) stay out. */
function reduceCause(cause: unknown, r: Redactor, depth: number): unknown {
  if (cause === null || typeof cause !== "object") return r.value(cause);
  if (!(cause instanceof Error) && !("message" in cause)) return r.value(cause);
  const c = cause as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  const out: Record<string, unknown> = { name: typeof c.name === "string" ? c.name : "Error", message: r.text(String(c.message ?? "")) };
  if (typeof c.code === "string" || typeof c.code === "number") out["code"] = r.value(c.code);
  if (c.cause !== undefined && c.cause !== null) out["cause"] = depth < 3 ? reduceCause(c.cause, r, depth + 1) : "…";
  return out;
}

/**
 * Redacts, in place, an error built where the secrets were not known (the XML decoder and encoder
 * know nothing of the client): the message, the stack, every field and the cause. Returns it.
 */
export function redactError<E extends ProfilekitError>(e: E, secrets: readonly string[]): E {
  const r = redactor(secrets);
  const before = e.message;
  const after = r.text(before);
  const stack = e.stack;
  e.message = after;
  if (typeof stack === "string") e.stack = before ? stack.split(before).join(after) : stack;
  const fields = ownFields(e);
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (typeof value !== "number") (e as unknown as Record<string, unknown>)[key] = r.value(value);
  }
  if ("cause" in e && e.cause !== undefined) setCause(e, e.cause, r);
  return e;
}
