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

/** Notes an issue; false, the verdict of a value that has one (`ok = add(…)`). */
export function add(e: ValidationIssue[], path: string, keyword: string, message: string): false {
  if (e.length < MAX_ISSUES) e.push({ path, keyword, message });
  return false;
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
    return onlyMissing
      ? own
          .map((i) =>
            i.path
              .slice(p.length + 1)
              .replace(/~1/g, "/")
              .replace(/~0/g, "~"),
          )
          .join(" and ")
      : undefined;
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

/** A check that takes the dynamic scope; one that also records annotations (see compile.ts). */
export type DsCheck = (v: unknown, p: string, e: Issues, c?: string, ds?: Ds) => boolean;
export type EvCheck = (v: unknown, p: string, e: Issues, c: string | undefined, ds: Ds, ev: Ev) => boolean;

/** The schema resources entered on the way to a value, innermost first: what $dynamicRef searches. */
export type Ds = { r: number; up: Ds } | undefined;

/** The function the outermost resource in the dynamic scope gives for a $dynamicAnchor, if any. */
export function dynamicTarget<F>(ds: Ds, table: Map<number, F>): F | undefined {
  let found: F | undefined;
  for (let d = ds; d !== undefined; d = d.up) found = table.get(d.r) ?? found;
  return found;
}

/** What a schema evaluated, for unevaluatedProperties/Items: keys (true: all), a prefix of items, items contains matched. */
export interface Ev {
  p: Set<string> | true;
  i: number;
  c: Set<number> | null;
}

export function newEv(): Ev {
  return { p: new Set(), i: 0, c: null };
}

export function mergeEv(into: Ev, from: Ev): void {
  if (from.p === true) into.p = true;
  else if (into.p !== true) for (const k of from.p) into.p.add(k);
  if (from.i > into.i) into.i = from.i;
  if (from.c !== null) for (const i of from.c) evContains(into, i);
}

export function evKey(ev: Ev, k: string): void {
  if (ev.p !== true) ev.p.add(k);
}

export function evAll(ev: Ev): void {
  ev.p = true;
}

export function evItems(ev: Ev, n: number): void {
  if (n > ev.i) ev.i = n;
}

export function evContains(ev: Ev, i: number): void {
  (ev.c ??= new Set()).add(i);
}

export function evHasKey(ev: Ev, k: string): boolean {
  return ev.p === true || ev.p.has(k);
}

export function evHasItem(ev: Ev, i: number): boolean {
  return i < ev.i || (ev.c !== null && ev.c.has(i));
}

/**
 * `v` is a multiple of `m`. With an integer `m` the remainder is exact (IEEE fmod); a fractional `m`
 * is rarely exact in binary (0.0001), so the quotient may miss an integer by rounding:
 * 0.0075 / 0.0001 is 74.99999999999999.
 */
export function multipleOf(v: number, m: number): boolean {
  if (Number.isInteger(m)) return v % m === 0;
  const q = v / m;
  if (Number.isInteger(q)) return true;
  if (!Number.isFinite(q)) return false;
  return Math.abs(q - Math.round(q)) <= Math.abs(q) * 4 * Number.EPSILON;
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
  return typeof v === "object" && v !== null && plain(v, true);
}

/**
 * An object (not null) is plain: its prototype is Object.prototype or null. `_probed` is unused: the
 * generated code passes `"" in v`, evaluated at its own site (see objectTest in keywords/type.ts).
 */
export function plain(v: object, _probed: boolean): v is Record<string, unknown> {
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
  return text.length > 60 ? text.slice(0, 57) + '…"' : text;
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
