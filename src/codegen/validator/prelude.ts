// The helpers every generated validators.ts starts with: copied into the output (after the
// `// prelude` line), so generated validators depend on nothing. Real source with its own tests.
// prelude
/** One problem found in a value: where (a JSON Pointer into the value), which rule, and what was expected. */
export interface ValidationIssue {
  path: string;
  keyword: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

/** Issues are collected into an array; `null` asks only for a verdict (the fast path for valid data). */
export type Issues = ValidationIssue[] | null;

const MAX_ISSUES = 100;

export function add(e: ValidationIssue[], path: string, keyword: string, message: string): void {
  if (e.length < MAX_ISSUES) e.push({ path, keyword, message });
}

export type Check = (v: unknown, p: string, e: Issues, c?: string) => boolean;

/**
 * No alternative (anyOf / oneOf branch) matched. When the alternatives share their other issues and
 * differ only in missing properties, report the shared issues once and which properties would do
 * ("matching "email_phone" requires email or phone"); otherwise give `summary`, then the issues of
 * the alternative that came closest (fewest issues), unless the summary says it all.
 */
export function noMatch(e: ValidationIssue[], v: unknown, p: string, keyword: string, summary: string, complete: boolean, options: Check[], c?: string): void {
  const found = options.map((check) => {
    const issues: ValidationIssue[] = [];
    check(v, p, issues, c);
    return issues;
  });
  const key = (i: ValidationIssue) => i.path + "\n" + i.keyword + "\n" + i.message;
  const shared = found[0]!.filter((i) => found.every((issues) => issues.some((j) => key(j) === key(i))));
  const sharedKeys = new Set(shared.map(key));
  const missing = found.map((issues) => {
    const own = issues.filter((i) => !sharedKeys.has(key(i)));
    const onlyMissing = own.length > 0 && own.every((i) => i.keyword === "required" && i.path.lastIndexOf("/") === p.length);
    return onlyMissing ? own.map((i) => i.path.slice(p.length + 1).replace(/~1/g, "/").replace(/~0/g, "~")).join(" and ") : undefined;
  });
  if (missing.every((m) => m !== undefined)) {
    for (const issue of shared) add(e, issue.path, issue.keyword, issue.message);
    add(e, p, "required", (c === undefined ? "required: " : c + " requires ") + missing.join(" or "));
    return;
  }
  add(e, p, keyword, summary);
  if (complete) return;
  let best: ValidationIssue[] | undefined;
  for (const issues of found) if (best === undefined || issues.length < best.length) best = issues;
  for (const issue of best ?? []) add(e, issue.path, issue.keyword, issue.message);
}

export function ptr(path: string, key: string): string {
  if (key.indexOf("~") === -1 && key.indexOf("/") === -1) return path + "/" + key;
  return path + "/" + key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** An own property only: a name such as "constructor" or "__proto__" never reaches the prototype. */
export function own(v: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(v, name) ? v[name] : undefined;
}

/** An own property holding a value (not undefined, not null): what x-each-item-requires' itemPropertyNamedBy asks of an item. */
export function hasValue(v: Record<string, unknown>, name: string): boolean {
  const x = own(v, name);
  return x !== undefined && x !== null;
}

/**
 * A plain object (a literal, JSON.parse's result, or null-prototype): what JSON.stringify sends is
 * then exactly what is read here. Instances and Object.create(proto) are not: their inherited
 * fields would be read but never sent.
 */
export function isObj(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v); // an array's is Array.prototype: not a plain object either
  return proto === OBJECT_PROTOTYPE || proto === null;
}

const OBJECT_PROTOTYPE = Object.prototype;

/** A found value, short enough for a message. */
export function show(v: unknown): string {
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return `an array (${v.length} item${v.length === 1 ? "" : "s"})`;
  if (isObj(v)) return "an object";
  if (typeof v === "object" && v !== null) return `an instance of ${(v as object).constructor?.name || "a class"} (send a plain object)`;
  const text = JSON.stringify(v);
  return text.length > 60 ? text.slice(0, 57) + "…\"" : text;
}

/** Length in Unicode code points, as JSON Schema counts it. */
export function len(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else {
      const d = s.charCodeAt(i + 1);
      n++;
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

/** JSON equality: same type, same primitives, same keys and items, recursively. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** The index pair of the first two equal items, or undefined when all are distinct. */
export function duplicate(items: readonly unknown[]): [number, number] | undefined {
  for (let i = 1; i < items.length; i++) for (let j = 0; j < i; j++) if (equal(items[i], items[j])) return [j, i];
  return undefined;
}

// Patterns live at module level: a regular expression literal inside a function is a new object per call.
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[zZ]|([+-])(\d{2}):(\d{2}))$/;
const DATE_TIME_SEPARATOR = /[tT ]/;
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_CHARS = /^[0-9a-fA-F:.]+$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const URI = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s\x00-\x1f\x7f"<>\\^`{|}]*$/;
const BAD_ESCAPE = /%(?![0-9a-fA-F]{2})/;
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/** RFC 3339 full-date: YYYY-MM-DD with a day that exists in that month. */
export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && leap ? 29 : DAYS[mo]!);
}

/** RFC 3339 full-time with its offset; a leap second only where it is 23:59:60 in UTC. */
export function isTime(s: string): boolean {
  const m = TIME.exec(s);
  if (!m) return false;
  const h = +m[1]!, mi = +m[2]!, sec = +m[3]!;
  const sign = m[4] === "-" ? -1 : 1, oh = +(m[5] ?? 0), om = +(m[6] ?? 0);
  if (oh > 23 || om > 59) return false;
  if (h <= 23 && mi <= 59 && sec <= 59) return true;
  if (sec !== 60 || mi > 59 || h > 23) return false;
  const utcMinute = mi - om * sign;
  const utcHour = h - oh * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1);
}

/** RFC 3339 date-time: full-date, "T" (or "t" or a space, as RFC 3339 section 5.6 allows), full-time. */
export function isDateTime(s: string): boolean {
  const parts = s.split(DATE_TIME_SEPARATOR);
  return parts.length === 2 && isDate(parts[0]!) && isTime(parts[1]!);
}

/** An e-mail address: a dot-atom local part (RFC 5322) at a domain of letter/digit/hyphen labels. */
export function isEmail(s: string): boolean {
  return EMAIL.test(s);
}

/** Dotted-quad IPv4 with no leading zeros. */
export function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

/** RFC 4291 text form: eight hex groups, one "::" for a run of zero groups, an IPv4 tail allowed. */
export function isIpv6(s: string): boolean {
  if (!IPV6_CHARS.test(s)) return false;
  let groups = 8;
  let body = s;
  const lastColon = s.lastIndexOf(":");
  if (s.includes(".")) {
    if (!isIpv4(s.slice(lastColon + 1))) return false;
    body = s.slice(0, lastColon + 1) + "0";
    groups = 7;
  }
  const halves = body.split("::");
  if (halves.length > 2) return false;
  const hex = (part: string) => (part === "" ? [] : part.split(":"));
  const head = hex(halves[0]!);
  const tail = halves.length === 2 ? hex(halves[1]!) : [];
  if (![...head, ...tail].every((g) => HEX_GROUP.test(g))) return false;
  const count = head.length + tail.length;
  return halves.length === 2 ? count < groups : count === groups;
}

/** An absolute URI (RFC 3986): a scheme, then no spaces or controls, and only well-formed %-escapes. */
export function isUri(s: string): boolean {
  return URI.test(s) && !BAD_ESCAPE.test(s);
}

/** RFC 4122 text form, optionally with the urn:uuid: prefix. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}
