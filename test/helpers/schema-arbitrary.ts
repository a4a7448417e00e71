/**
 * fast-check arbitraries for the schemas of an OpenAPI 3.1 document, within the subset of
 * docs/specs.md (plus the `x-each-item-requires` extension):
 *
 * - `validValue(doc, name)`: values meant to be valid for `#/components/schemas/<name>`;
 * - `mutatedValue(doc, name)`: a valid value with exactly one rule broken at a random place
 *   (`mutation(doc, name)` gives the same with the rule and the JSON Pointer of the place).
 *
 * How it works: a schema is first *flattened*: `$ref`s are resolved and `allOf` parts are merged
 * into one schema (union of properties, a property declared by several parts gets all their
 * schemas, a property declared by one part only also gets the other parts'
 * `additionalProperties`, union of `required`, intersection of types/enums, tightest bounds).
 * `oneOf`/`anyOf` stay as choices: a branch is picked and merged with the rest before generating.
 * Each generated value comes with its *mutants* (lazily): arbitraries of the whole value with one
 * rule broken, either at this node (a required property deleted, a value outside its enum, …) or
 * inside a child (the child's mutants, put back in place).
 *
 * Values are JSON values (what `JSON.parse` gives: no `undefined`, NaN, Infinity, Date, class
 * instances), built with own data properties so that keys such as `__proto__` are real keys.
 */
import fc from "fast-check";

type JsonType = "string" | "number" | "integer" | "boolean" | "null" | "object" | "array";
const JSON_TYPES: readonly JsonType[] = ["string", "number", "integer", "boolean", "null", "object", "array"];

/** A value with one rule broken: `rule` names the keyword, `path` is the JSON Pointer of the place. */
export interface Mutation {
  value: unknown;
  rule: string;
  path: string;
}

/** One way to break one rule of a generated value: an arbitrary of the whole broken value. */
interface Mutant {
  rule: string;
  path: string;
  /** Built only for the mutant picked: most of a value's mutants are never used. */
  make(): fc.Arbitrary<unknown>;
}

/** A generated valid value and, computed on demand, the ways to break it. */
interface Gen {
  value: unknown;
  mutants(): Mutant[];
}

interface Entry {
  key: string;
  gen: Gen;
  /** Present so that an x-each-item-requires `request` alternative holds: deleting it may break that rule. */
  forRule?: boolean;
}

interface Node {
  arb: fc.Arbitrary<Gen>;
  /** Objects that also carry the own property `key` (a value valid for it); undefined where the schema forbids it. */
  withKey?: (key: string) => fc.Arbitrary<Gen> | undefined;
  /** Arrays whose object items all carry the own property `key` (x-each-item-requires). */
  itemsWithKey?: (key: string) => fc.Arbitrary<Gen>;
}

interface Ctx {
  readonly doc: Record<string, unknown>;
  /** How many times each `$ref` was entered on the way here. */
  readonly refs: ReadonlyMap<string, number>;
  /** Past the recursion budget: generate the smallest values (no optional properties, minItems items). */
  readonly minimal: boolean;
  /** Property names declared anywhere in the document: good keys and good strings. */
  readonly names: readonly string[];
}

interface Sub {
  schema: unknown;
  ctx: Ctx;
}

interface Choice {
  kind: "oneOf" | "anyOf";
  branches: Sub[];
}

/**
 * What the generator can make of an `x-each-item-requires` rule: the `request` alternatives that are
 * a bare `required` (the object gets those properties), the `item` alternatives that are a bare
 * `required` of one property (every item gets it), and `itemPropertyNamedBy`. Alternatives with more
 * than that are left to chance (and to ajv's verdict).
 */
interface EachItemRequires {
  items: string;
  requestKeys: string[][];
  itemKeys: string[];
  propertyNamedBy?: string;
}

/** The property names of a schema that is only `{ required: [...] }`. */
function bareRequired(schema: unknown): string[] | undefined {
  if (!isObject(schema) || Object.keys(schema).some((k) => k !== "required") || !Array.isArray(schema["required"])) return undefined;
  return schema["required"].map(String);
}

/** A schema with its `$ref`s resolved and its `allOf` merged; subschemas stay unresolved until generated. */
interface Flat {
  never: boolean;
  minimal: boolean;
  /** Property names declared anywhere in the document (see Ctx). */
  names: readonly string[];
  types: ReadonlySet<JsonType> | undefined;
  enum: readonly unknown[] | undefined;
  isConst: boolean;
  minLength: number;
  maxLength: number | undefined;
  patterns: string[];
  formats: string[];
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
  multipleOf: number[];
  items: Sub[];
  minItems: number;
  maxItems: number | undefined;
  uniqueItems: boolean;
  contains: Sub[];
  properties: Map<string, Sub[]>;
  required: Set<string>;
  additional: Sub[];
  eachItemRequires: EachItemRequires[];
  choices: Choice[];
}

/** The schema cannot be satisfied (a `false` schema, disjoint enums, …): the caller tries something else. */
class Unsatisfiable extends Error {}

/** A `$ref` entered this many times on one path switches to minimal values; past MAX_REF_DEPTH, give up on the branch. */
const MINIMAL_AFTER = 2;
const MAX_REF_DEPTH = 6;
/** Arrays are kept short: at most this many items unless minItems asks for more. */
const MAX_ARRAY = 4;
/** A maxItems violation is only generated when it takes at most this many items. */
const MAX_PADDING = 50;

// ------------------------------------------------------------------ public API

/** Values meant to be valid for `#/components/schemas/<schemaName>`. */
export function validValue(doc: Record<string, unknown>, schemaName: string): fc.Arbitrary<unknown> {
  return rootNode(doc, schemaName).arb.map((g) => g.value);
}

/** A valid value with one rule broken, with the rule and where (see `mutatedValue`). */
export function mutation(doc: Record<string, unknown>, schemaName: string): fc.Arbitrary<Mutation> {
  return rootNode(doc, schemaName).arb.chain((g): fc.Arbitrary<Mutation> => {
    // First the rule, then the place: a rule that applies at a few places only (the
    // x-each-item-requires field, the contains witness) is as likely as `type`, which applies everywhere.
    const byRule = new Map<string, Mutant[]>();
    for (const m of g.mutants()) {
      const list = byRule.get(m.rule);
      if (list) list.push(m);
      else byRule.set(m.rule, [m]);
    }
    if (byRule.size === 0) return fc.constant({ value: g.value, rule: "none", path: "" });
    return fc.constantFrom(...byRule.keys()).chain((rule) => {
      const mutants = byRule.get(rule)!;
      return fc.integer({ min: 0, max: mutants.length - 1 }).chain((i) => {
        const m = mutants[i]!;
        return m.make().map((value) => ({ value, rule: m.rule, path: m.path }));
      });
    });
  });
}

/** A valid value for `#/components/schemas/<schemaName>` with exactly one rule broken at a random place. */
export function mutatedValue(doc: Record<string, unknown>, schemaName: string): fc.Arbitrary<unknown> {
  return mutation(doc, schemaName).map((m) => m.value);
}

const rootCache = new WeakMap<object, Map<string, Node>>();

function rootNode(doc: Record<string, unknown>, schemaName: string): Node {
  let byName = rootCache.get(doc);
  if (!byName) rootCache.set(doc, (byName = new Map()));
  let node = byName.get(schemaName);
  if (!node) {
    const ref = `#/components/schemas/${escapePointer(schemaName)}`;
    resolveRef(doc, ref); // fails early on an unknown name
    const ctx: Ctx = { doc, refs: new Map(), minimal: false, names: declaredNames(doc) };
    node = build(flatten({ $ref: ref }, ctx));
    byName.set(schemaName, node);
  }
  return node;
}

// ------------------------------------------------------------------ flattening

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function escapePointer(token: string): string {
  return token.includes("~") || token.includes("/") ? token.replace(/~/g, "~0").replace(/\//g, "~1") : token;
}

function resolveRef(doc: Record<string, unknown>, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported: ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isObject(node) && !Array.isArray(node)) throw new Error(`unresolvable $ref ${ref}`);
    node = (node as Record<string, unknown>)[token];
  }
  if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return node;
}

function declaredNames(doc: Record<string, unknown>): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObject(node)) return;
    const props = node["properties"];
    if (isObject(props)) for (const k of Object.keys(props)) names.add(k);
    Object.values(node).forEach(walk);
  };
  walk(doc["components"]);
  return [...names].sort();
}

function emptyFlat(minimal: boolean, names: readonly string[]): Flat {
  return {
    never: false,
    minimal,
    names,
    types: undefined,
    enum: undefined,
    isConst: false,
    minLength: 0,
    maxLength: undefined,
    patterns: [],
    formats: [],
    minimum: undefined,
    maximum: undefined,
    exclusiveMinimum: undefined,
    exclusiveMaximum: undefined,
    multipleOf: [],
    items: [],
    minItems: 0,
    maxItems: undefined,
    uniqueItems: false,
    contains: [],
    properties: new Map(),
    required: new Set(),
    additional: [],
    eachItemRequires: [],
    choices: [],
  };
}

function enter(ctx: Ctx, ref: string): Ctx {
  const count = (ctx.refs.get(ref) ?? 0) + 1;
  if (count > MAX_REF_DEPTH) throw new Unsatisfiable(`recursion through ${ref} too deep`);
  const refs = new Map(ctx.refs);
  refs.set(ref, count);
  return { ...ctx, refs, minimal: ctx.minimal || count > MINIMAL_AFTER };
}

/** docs/specs.md's subset: validation keywords, then annotations. */
const KNOWN_KEYWORDS = new Set([
  "type",
  "enum",
  "const",
  "required",
  "properties",
  "additionalProperties",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "contains",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "oneOf",
  "anyOf",
  "allOf",
  "discriminator",
  "$ref",
  "format",
  "title",
  "description",
  "default",
  "examples",
  "example",
  "deprecated",
  "readOnly",
  "writeOnly",
  "xml",
  "$comment",
]);

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

function flatten(schema: unknown, ctx: Ctx): Flat {
  if (schema === true || schema === undefined) return emptyFlat(ctx.minimal, ctx.names);
  if (schema === false) return { ...emptyFlat(ctx.minimal, ctx.names), never: true };
  if (!isObject(schema)) throw new Error(`not a schema: ${JSON.stringify(schema)}`);
  const s = schema;
  for (const k of Object.keys(s)) {
    if (!KNOWN_KEYWORDS.has(k) && !k.startsWith("x-")) throw new Error(`schema-arbitrary does not know the keyword ${k} (docs/specs.md's subset only)`);
  }
  const f = emptyFlat(ctx.minimal, ctx.names);
  if (typeof s["type"] === "string") f.types = new Set([s["type"] as JsonType]);
  else if (Array.isArray(s["type"])) f.types = new Set(s["type"] as JsonType[]);
  if ("const" in s) {
    f.enum = [s["const"]];
    f.isConst = true;
  }
  if (Array.isArray(s["enum"])) f.enum = f.enum ? intersectValues(f.enum, s["enum"]) : s["enum"];
  f.minLength = num(s["minLength"]) ?? 0;
  f.maxLength = num(s["maxLength"]);
  if (typeof s["pattern"] === "string") f.patterns.push(s["pattern"]);
  if (typeof s["format"] === "string") f.formats.push(s["format"]);
  f.minimum = num(s["minimum"]);
  f.maximum = num(s["maximum"]);
  f.exclusiveMinimum = num(s["exclusiveMinimum"]);
  f.exclusiveMaximum = num(s["exclusiveMaximum"]);
  if (typeof s["multipleOf"] === "number") f.multipleOf.push(s["multipleOf"]);
  if ("items" in s) f.items.push({ schema: s["items"], ctx });
  f.minItems = num(s["minItems"]) ?? 0;
  f.maxItems = num(s["maxItems"]);
  f.uniqueItems = s["uniqueItems"] === true;
  if ("contains" in s) f.contains.push({ schema: s["contains"], ctx });
  if (isObject(s["properties"])) {
    for (const [k, sub] of Object.entries(s["properties"])) f.properties.set(k, [{ schema: sub, ctx }]);
  }
  if (Array.isArray(s["required"])) for (const k of s["required"]) f.required.add(String(k));
  const ap = s["additionalProperties"];
  if (ap !== undefined && ap !== true) f.additional.push({ schema: ap, ctx });
  const each = s["x-each-item-requires"];
  if (isObject(each) && typeof each["items"] === "string" && Array.isArray(each["anyOf"])) {
    const rule: EachItemRequires = { items: each["items"], requestKeys: [], itemKeys: [] };
    for (const alt of each["anyOf"].filter(isObject)) {
      if (typeof alt["itemPropertyNamedBy"] === "string") rule.propertyNamedBy = alt["itemPropertyNamedBy"];
      const request = bareRequired(alt["request"]);
      if (request) rule.requestKeys.push(request);
      const item = bareRequired(alt["item"]);
      if (item?.length === 1) rule.itemKeys.push(item[0]!);
    }
    f.eachItemRequires.push(rule);
  }
  for (const kind of ["oneOf", "anyOf"] as const) {
    const list = s[kind];
    if (Array.isArray(list)) f.choices.push({ kind, branches: list.map((b) => ({ schema: b, ctx })) });
  }
  // `discriminator` is ignored: the branches carry their tag as `const`.
  let out = f;
  if (typeof s["$ref"] === "string") out = mergeFlat(out, flatten(resolveRef(ctx.doc, s["$ref"]), enter(ctx, s["$ref"])));
  if (Array.isArray(s["allOf"])) for (const part of s["allOf"]) out = mergeFlat(out, flatten(part, ctx));
  return out;
}

function flattenAll(subs: readonly Sub[], like: Flat): Flat {
  let f = emptyFlat(like.minimal, like.names);
  for (const sub of subs) f = mergeFlat(f, flatten(sub.schema, sub.ctx));
  return f;
}

function intersectTypes(a: ReadonlySet<JsonType> | undefined, b: ReadonlySet<JsonType> | undefined): ReadonlySet<JsonType> | undefined {
  if (!a) return b;
  if (!b) return a;
  const out = new Set<JsonType>();
  for (const t of a) {
    if (b.has(t)) out.add(t);
    else if (t === "number" && b.has("integer")) out.add("integer");
    else if (t === "integer" && b.has("number")) out.add("integer");
  }
  return out;
}

function intersectValues(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  const keys = new Set(b.map(canonical));
  return a.filter((v) => keys.has(canonical(v)));
}

const maxOf = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
const minOf = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

function mergeFlat(a: Flat, b: Flat): Flat {
  const properties = new Map<string, Sub[]>();
  for (const k of new Set([...a.properties.keys(), ...b.properties.keys()])) {
    // A property one part does not declare is still subject to that part's additionalProperties.
    properties.set(k, [...(a.properties.get(k) ?? a.additional), ...(b.properties.get(k) ?? b.additional)]);
  }
  const types = intersectTypes(a.types, b.types);
  const en = a.enum && b.enum ? intersectValues(a.enum, b.enum) : (a.enum ?? b.enum);
  return {
    never: a.never || b.never || (types !== undefined && types.size === 0) || (en !== undefined && en.length === 0),
    minimal: a.minimal || b.minimal,
    names: a.names,
    types,
    enum: en,
    isConst: a.isConst || b.isConst,
    minLength: Math.max(a.minLength, b.minLength),
    maxLength: minOf(a.maxLength, b.maxLength),
    patterns: [...a.patterns, ...b.patterns],
    formats: [...new Set([...a.formats, ...b.formats])],
    minimum: maxOf(a.minimum, b.minimum),
    maximum: minOf(a.maximum, b.maximum),
    exclusiveMinimum: maxOf(a.exclusiveMinimum, b.exclusiveMinimum),
    exclusiveMaximum: minOf(a.exclusiveMaximum, b.exclusiveMaximum),
    multipleOf: [...a.multipleOf, ...b.multipleOf],
    items: [...a.items, ...b.items],
    minItems: Math.max(a.minItems, b.minItems),
    maxItems: minOf(a.maxItems, b.maxItems),
    uniqueItems: a.uniqueItems || b.uniqueItems,
    contains: [...a.contains, ...b.contains],
    properties,
    required: new Set([...a.required, ...b.required]),
    additional: [...a.additional, ...b.additional],
    eachItemRequires: [...a.eachItemRequires, ...b.eachItemRequires],
    choices: [...a.choices, ...b.choices],
  };
}

// ------------------------------------------------------------------ values

/** Sorted-keys JSON: equal for deep-equal JSON values (used for enums and uniqueItems). */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "undefined";
}

function defineOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  // An assignment to `__proto__` would set the prototype instead of making a key.
  if (key === "__proto__") Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

function makeObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) defineOwn(o, k, v);
  return o;
}

/** A copy of `obj` with `key` set to `value` (in place if present, else last). */
function withProperty(obj: unknown, key: string, value: unknown): Record<string, unknown> {
  const src = isObject(obj) ? obj : {};
  const entries: [string, unknown][] = Object.keys(src).map((k) => [k, k === key ? value : src[k]]);
  if (!Object.prototype.hasOwnProperty.call(src, key)) entries.push([key, value]);
  return makeObject(entries);
}

function withoutProperty(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  return makeObject(
    Object.keys(obj)
      .filter((k) => k !== key)
      .map((k) => [k, obj[k]]),
  );
}

/** A deep copy (own data properties only, so `__proto__` keys survive). */
export function deepClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepClone) as T;
  if (isObject(v)) return makeObject(Object.keys(v).map((k) => [k, deepClone(v[k])])) as T;
  return v;
}

function jsonTypeOf(v: unknown): JsonType {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v as JsonType;
}

function typeAllowed(types: ReadonlySet<JsonType> | undefined, v: unknown): boolean {
  if (!types) return true;
  const t = jsonTypeOf(v);
  return types.has(t) || (t === "integer" && types.has("number"));
}

function leaf(value: unknown, mutants: () => Mutant[]): Gen {
  return { value, mutants };
}

const ptr = (key: string | number): string => `/${escapePointer(String(key))}`;

const codePoints = (s: string): number => [...s].length;

// ------------------------------------------------------------------ wrong types

const WRONG_TYPE_SAMPLES: readonly unknown[] = ["", "x", "1", "true", 0, 7, -1, 1.5, -0.25, true, false, null, {}, { a: 1 }, [], [1]];

const wrongTypeCache = new Map<string, Mutant[]>();

function wrongTypeMutants(types: ReadonlySet<JsonType> | undefined): Mutant[] {
  if (!types) return [];
  const key = [...types].sort().join(",");
  let cached = wrongTypeCache.get(key);
  if (!cached) {
    const candidates = WRONG_TYPE_SAMPLES.filter((v) => !typeAllowed(types, v));
    cached = candidates.length === 0 ? [] : [{ rule: "type", path: "", make: () => fc.constantFrom(...candidates).map(deepClone) }];
    wrongTypeCache.set(key, cached);
  }
  return cached;
}

// ------------------------------------------------------------------ strings

const AWKWARD_KEYS = ["constructor", "toString", "hasOwnProperty", "valueOf", "__proto__", "", " ", "a/b", "~1", "0", "length", "é", "😀"];

function nameLike(names: readonly string[]): fc.Arbitrary<string> {
  return fc.constantFrom(...names, ...AWKWARD_KEYS);
}

const plainStrings = new WeakMap<readonly string[], fc.Arbitrary<string>>();

function plainString(names: readonly string[]): fc.Arbitrary<string> {
  let arb = plainStrings.get(names);
  if (!arb) plainStrings.set(names, (arb = plainStringUncached(names)));
  return arb;
}

function plainStringUncached(names: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 12 }), weight: 6 },
    { arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }), weight: 2 },
    { arbitrary: fc.string({ unit: "binary", maxLength: 6 }), weight: 1 },
    { arbitrary: nameLike(names), weight: 1 },
    { arbitrary: fc.constantFrom("\ud800", "a\udc00b", "\u0000", "line\nbreak", "  ", "\u200b"), weight: 1 },
  );
}

const anyKey: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 10 }), weight: 6 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 4 }), weight: 1 },
  { arbitrary: fc.constantFrom(...AWKWARD_KEYS), weight: 1 },
);

function keyArb(exclude: ReadonlySet<string>): fc.Arbitrary<string> {
  return anyKey.filter((k) => !exclude.has(k));
}

function pad(n: number): (v: number) => string {
  return (v) => String(v).padStart(n, "0");
}

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysIn = (y: number, m: number): number => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

const dateArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.oneof(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 9999 })), fc.integer({ min: 1, max: 12 }))
      .chain(([y, m]) => fc.integer({ min: 1, max: daysIn(y, m) }).map((d) => `${pad(4)(y)}-${pad(2)(m)}-${pad(2)(d)}`)),
  },
  // Leap days (1600 and 2000 are leap years, year 0 too by the Gregorian rule), and the edges.
  { weight: 2, arbitrary: fc.constantFrom("2000-02-29", "2024-02-29", "1600-02-29", "0000-02-29", "1999-12-31", "0001-01-01", "9999-12-31", "2023-04-30") },
);

const timeZoneArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constant("Z") },
  { weight: 1, arbitrary: fc.constant("z") },
  { weight: 1, arbitrary: fc.constantFrom("+00:00", "-00:00", "+23:59", "-12:00", "+05:30") },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([s, h, m]) => `${s}${pad(2)(h)}:${pad(2)(m)}`) },
);

const dateTimeArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(
        dateArb,
        // RFC 3339 5.6: "T" (any case); its note allows a space, which ajv-formats accepts too.
        fc.oneof({ weight: 8, arbitrary: fc.constant("T") }, { weight: 1, arbitrary: fc.constant("t") }, { weight: 1, arbitrary: fc.constant(" ") }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.oneof({ weight: 3, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.stringMatching(/^\.[0-9]{1,9}$/) }),
        timeZoneArb,
      )
      .map(([d, t, h, m, s, frac, tz]) => `${d}${t}${pad(2)(h)}:${pad(2)(m)}:${pad(2)(s)}${frac}${tz}`),
  },
  // Leap seconds (23:59:60 UTC, also written in another offset) and leap days.
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "1990-12-31T23:59:60Z",
      "2016-12-31T23:59:60.5Z",
      "1998-12-31T15:59:60-08:00",
      "2017-01-01T00:59:60+01:00",
      "2016-12-31t23:59:60z",
      "2000-02-29T00:00:00Z",
      "1990-02-22T21:00:00.000000001+00:00",
    ),
  },
);

// Random `xn--` labels are not drawn (fast-check's addresses may carry them, and a generated label
// may spell one): whether one is a valid A-label is IDNA2008's tables, tested in
// test/codegen/formats.test.ts and pinned in the differential test.
const emailArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.emailAddress().filter((e) => !/(^|[.@])xn--/i.test(e)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.stringMatching(/^[a-z0-9]{1,8}([.+_-][a-z0-9]{1,5})?$/), fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/), fc.constantFrom("com", "ru", "io", "co.uk", "xn--p1ai"))
      .filter(([, d]) => !/^xn--/i.test(d)) // "xn--0" would be a broken A-label; the one A-label drawn is the TLD рф
      .map(([l, d, t]) => `${l}@${d}.${t}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "a@b.co",
      "first.last+tag@sub.example.co.uk",
      "UPPER@EXAMPLE.COM",
      "o'brien@example.ie",
      "x@1.2",
      "_@example.com",
      "a!#$%&'*+/=?^_`{|}~-@example.org",
      '"quoted"@example.com', // RFC 5321: a quoted local part
      "a@[127.0.0.1]", // RFC 5321: an address literal
    ),
  },
);

const ipv4Arb = fc.oneof({ weight: 5, arbitrary: fc.ipV4() }, { weight: 1, arbitrary: fc.constantFrom("0.0.0.0", "255.255.255.255", "127.0.0.1", "10.0.0.1", "94.231.119.122") });
const ipv6Arb = fc.oneof(
  { weight: 5, arbitrary: fc.ipV6() },
  { weight: 1, arbitrary: fc.constantFrom("::", "::1", "FE80::1", "2001:DB8::", "::ffff:192.168.0.1", "1:2:3:4:5:6:7:8", "64:ff9b::1.2.3.4", "1::", "fe80:0:0:0:0:0:0:1") },
);
const uriArb = fc.oneof(
  { weight: 5, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  { weight: 1, arbitrary: fc.constantFrom("urn:isbn:0451450523", "mailto:a@example.com", "http://[::1]:8080/", "file:///etc/hosts", "HTTP://EXAMPLE.COM", "https://example.com/a%20b?q=1#frag") },
);
const uuidArb = fc.oneof(
  { weight: 4, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
  { weight: 1, arbitrary: fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff") },
);

const FORMAT_VALID: Record<string, fc.Arbitrary<string>> = {
  email: emailArb,
  date: dateArb,
  "date-time": dateTimeArb,
  ipv4: ipv4Arb,
  ipv6: ipv6Arb,
  uri: uriArb,
  uuid: uuidArb,
};

/**
 * Broken values per format. Most are invalid for RFC and ajv-formats alike; a few (marked) are
 * where implementations differ (ajv-formats "full" accepts them, a strict RFC reading may not):
 * the differential wants to see those too.
 */
const FORMAT_INVALID: Record<string, readonly string[]> = {
  email: [
    "not-an-email",
    "a@",
    "@example.com",
    "a@b",
    "a..b@example.com",
    ".a@example.com",
    "a.@example.com",
    "a@-example.com",
    "a@example-.com",
    "a b@example.com",
    "a@example.com.",
    "a@@example.com",
    "",
    "a@[127.0.0.300]",
    "ü@example.com",
    "a@exämple.com",
    "a@example.com\n",
    " a@example.com",
  ],
  date: [
    "1999-02-30",
    "2023-02-29",
    "1900-02-29",
    "2021-13-01",
    "2021-00-10",
    "2021-01-00",
    "2021-04-31",
    "2021-01-32",
    "2021-1-01",
    "20210101",
    "21-01-01",
    "2021/01/01",
    "",
    "2021-01-01 ",
    "+2021-01-01",
    "2021-01-01T00:00:00Z",
    "１９９９-01-01",
  ],
  "date-time": [
    "1990-02-22",
    "1990-02-22T21:00:00",
    "1990-02-22T25:00:00Z",
    "1990-02-22T24:00:00Z",
    "1990-02-22T21:60:00Z",
    "1990-02-22T21:00:60Z",
    "1990-02-30T21:00:00Z",
    "1990-02-22T21:00Z",
    "1990-02-22T21:00:00+24:00",
    "1990-02-22T21:00:00+05:60",
    "1990-02-22TT21:00:00Z",
    "1990-02-22T21:00:00.Z",
    "not a date",
    "",
    "2016-12-31T23:59:60+01:00",
    "1990-02-22T21:00:00ZZ",
    "1990-2-22T21:00:00Z",
    // ajv-formats accepts these (separator /t|\s/i, offset "+hh", "+hhmm"); RFC 3339 does not.
    "1990-02-22\t21:00:00Z",
    "1990-02-22\n21:00:00Z",
    "1990-02-22T21:00:00+0530",
    "1990-02-22T21:00:00+05",
  ],
  ipv4: ["300.1.1.1", "256.0.0.0", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "1.2.3.4 ", " 1.2.3.4", "1.2.3.-1", "a.b.c.d", "", "::1", "1.2.3.4/24", "0x1.2.3.4", "1..2.3"],
  ipv6: ["1:2:3:4:5:6:7:8:9", "::g", "1::2::3", "fe80::1%eth0", "12345::", ":::", "1:2:3:4:5:6:7", "1.2.3.4", "", "[::1]", "::ffff:300.1.1.1", " ::1", "02001:db8::1"],
  uri: ["no-scheme", "http://a b", "//example.com", "1http://x", "", "/relative/path", "http://[::1", "http://exa mple.com"],
  uuid: [
    "not-a-uuid",
    "00000000-0000-0000-0000-00000000000",
    "00000000000000000000000000000000",
    "g0000000-0000-0000-0000-000000000000",
    "{00000000-0000-0000-0000-000000000000}",
    // ajv-formats accepts the urn: prefix.
    "urn:uuid:00000000-0000-0000-0000-000000000000",
  ],
};

/** The characters a random edit of a format's string draws from: near misses of the grammar. */
const FORMAT_ALPHABET: Record<string, string> = {
  email: 'a9.@-_+!"[] Zé',
  date: "0123456789-T: /",
  "date-time": "0123456789-Tt:Zz.+ \t",
  ipv4: "0123456789.: x",
  ipv6: "0123456789abcdefgABCDEF:.% ",
  uri: "a:/?#[]@% \\{",
  uuid: "0123456789abcdefgABCDEF-{} :",
};

/** One random character inserted, deleted or replaced somewhere in a string of `base`. */
function charEdit(base: fc.Arbitrary<string>, alphabet: string): fc.Arbitrary<string> {
  return fc.tuple(base, fc.nat(), fc.constantFrom(...alphabet), fc.constantFrom("insert", "delete", "replace")).map(([s, at, ch, op]) => {
    const cps = [...s];
    const i = at % (cps.length + (op === "insert" ? 1 : 0) || 1);
    if (op === "insert") cps.splice(i, 0, ch);
    else if (op === "delete") cps.splice(i, 1);
    else cps.splice(i, 1, ch);
    return cps.join("");
  });
}

const PATTERN_BREAKERS = ["", " ", "x", "-", "+", "12a", "1.2.3", "١٢٣", "A1", "--1", "1e5", "0x1f", "abc", "+-1", "1 2"];

function stringNode(flat: Flat): Node {
  if (flat.formats.length > 1) throw new Unsatisfiable(`formats ${flat.formats.join(", ")} at once`);
  const format = flat.formats[0];
  const patterns = flat.patterns.map((p) => new RegExp(p, "u"));
  let base: fc.Arbitrary<string>;
  if (format !== undefined) {
    const arb = FORMAT_VALID[format];
    if (!arb) throw new Error(`unsupported format ${format}`);
    base = arb;
  } else if (patterns.length > 0) {
    base = fc.stringMatching(patterns[0]!);
  } else if (flat.minLength > 0 || flat.maxLength !== undefined) {
    const max = Math.max(flat.minLength, Math.min(flat.maxLength ?? flat.minLength + 12, flat.minLength + 12));
    base = fc.oneof(plainString(flat.names), fc.string({ unit: "grapheme-ascii", minLength: flat.minLength, maxLength: max }));
  } else {
    base = plainString(flat.names);
  }
  const arb = base.filter((s) => {
    const n = codePoints(s);
    return n >= flat.minLength && (flat.maxLength === undefined || n <= flat.maxLength) && patterns.every((p) => p.test(s));
  });
  // The mutants that do not depend on the value are built once.
  const fixed: Mutant[] = [];
  for (const p of patterns) {
    // Known near misses, the value with a newline or a space around it, or one random edit of a matching string.
    const breakers = PATTERN_BREAKERS.filter((b) => !p.test(b));
    const edits = charEdit(fc.stringMatching(p), "0123456789+-. aZ\n");
    const around = fc.stringMatching(p).chain((m) => fc.constantFrom(`${m}\n`, ` ${m}`, `${m}!`));
    fixed.push({ rule: "pattern", path: "", make: () => fc.oneof(...(breakers.length > 0 ? [fc.constantFrom(...breakers)] : []), edits, around) });
  }
  if (format !== undefined) {
    // Known-bad strings, or one random edit of a valid one (often invalid, sometimes not).
    const bad = FORMAT_INVALID[format] ?? [];
    const edits = charEdit(FORMAT_VALID[format]!, FORMAT_ALPHABET[format] ?? "x");
    fixed.push({ rule: "format", path: "", make: () => (bad.length > 0 ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...bad) }, { weight: 1, arbitrary: edits }) : edits) });
  }
  fixed.push(...wrongTypeMutants(flat.types));
  const mutants = (s: string): Mutant[] => {
    const out: Mutant[] = [];
    if (flat.minLength > 0) out.push({ rule: "minLength", path: "", make: () => fc.constant([...s].slice(0, flat.minLength - 1).join("")) });
    const maxLength = flat.maxLength;
    if (maxLength !== undefined && maxLength < 10_000) {
      out.push({ rule: "maxLength", path: "", make: () => fc.constant(s + "x".repeat(Math.max(1, maxLength + 1 - codePoints(s)))) });
    }
    out.push(...fixed);
    return out;
  };
  return { arb: arb.map((s) => leaf(s, () => mutants(s))) };
}

// ------------------------------------------------------------------ numbers

function numberNode(flat: Flat, integer: boolean): Node {
  const lo = maxOf(flat.minimum, flat.exclusiveMinimum);
  const hi = minOf(flat.maximum, flat.exclusiveMaximum);
  const ok = (v: number): boolean =>
    Number.isFinite(v) &&
    !Object.is(v, -0) &&
    (!integer || Number.isInteger(v)) &&
    (flat.minimum === undefined || v >= flat.minimum) &&
    (flat.maximum === undefined || v <= flat.maximum) &&
    (flat.exclusiveMinimum === undefined || v > flat.exclusiveMinimum) &&
    (flat.exclusiveMaximum === undefined || v < flat.exclusiveMaximum) &&
    flat.multipleOf.every((m) => Number.isInteger(v / m));
  const intLo = lo === undefined ? undefined : Math.max(Math.ceil(lo), Number.MIN_SAFE_INTEGER);
  const intHi = hi === undefined ? undefined : Math.min(Math.floor(hi), Number.MAX_SAFE_INTEGER);
  const candidates: fc.Arbitrary<number>[] = [];
  const edges = [lo, hi, intLo, intHi, intLo === undefined ? undefined : intLo + 1, intHi === undefined ? undefined : intHi - 1, 0, 1, -1].filter((v): v is number => v !== undefined && ok(v));
  if (intLo === undefined || intHi === undefined || intLo <= intHi) {
    candidates.push(fc.integer({ min: Math.max(intLo ?? -100, -100), max: Math.min(intHi ?? 100, Math.max(intLo ?? -100, -100) + 200) }));
    candidates.push(fc.maxSafeInteger());
    candidates.push(fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e21, -1e21, 1e300));
  }
  if (flat.multipleOf.length > 0) {
    const m = flat.multipleOf[0]!;
    candidates.push(fc.integer({ min: -1000, max: 1000 }).map((k) => k * m));
  }
  if (!integer) {
    candidates.push(fc.double({ noNaN: true, noDefaultInfinity: true, ...(lo !== undefined ? { min: lo } : {}), ...(hi !== undefined ? { max: hi } : {}) }));
    candidates.push(fc.integer({ min: -180_000_000, max: 180_000_000 }).map((k) => k / 1e6));
    candidates.push(fc.constantFrom(0.1, 0.5, 2.5, -3.5, 1e-7, 5e-324, 1.7976931348623157e308));
  }
  if (edges.length > 0) candidates.push(fc.constantFrom(...edges));
  const arb = fc.oneof(...candidates).filter(ok);
  const mutants = (v: number): Mutant[] => {
    const out: Mutant[] = [];
    const step = integer ? 1 : 0.5;
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = flat;
    if (minimum !== undefined) out.push({ rule: "minimum", path: "", make: () => fc.constant(minimum - step) });
    if (maximum !== undefined) out.push({ rule: "maximum", path: "", make: () => fc.constant(maximum + step) });
    if (exclusiveMinimum !== undefined) out.push({ rule: "exclusiveMinimum", path: "", make: () => fc.constant(exclusiveMinimum) });
    if (exclusiveMaximum !== undefined) out.push({ rule: "exclusiveMaximum", path: "", make: () => fc.constant(exclusiveMaximum) });
    for (const m of flat.multipleOf) out.push({ rule: "multipleOf", path: "", make: () => fc.constant(v + m / 2) });
    out.push(...wrongTypeMutants(flat.types));
    return out;
  };
  return { arb: arb.map((v) => leaf(v, () => mutants(v))) };
}

// ------------------------------------------------------------------ any JSON

const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2, depthSize: "xsmall" });
const anyNode: Node = { arb: anyJson.map((v) => leaf(v, () => [])) };

// ------------------------------------------------------------------ enums and constants

function enumNode(flat: Flat): Node {
  const values = (flat.enum ?? []).filter((v) => typeAllowed(flat.types, v));
  if (values.length === 0) throw new Unsatisfiable("no enum value of an allowed type");
  const rule = flat.isConst ? "const" : "enum";
  const keys = new Set(values.map(canonical));
  const mutants = (v: unknown): Mutant[] => {
    const near: unknown[] = [];
    if (typeof v === "string") near.push(v.toUpperCase(), v.toLowerCase(), `${v}_`, v.slice(1), ` ${v}`, `${v} `, "", `${v}\u0000`);
    if (typeof v === "number") near.push(v + 1, v - 1, v + 0.5, -v);
    if (typeof v === "boolean") near.push(!v);
    for (const other of WRONG_TYPE_SAMPLES) if (jsonTypeOf(other) === jsonTypeOf(v)) near.push(other);
    const outside = near.filter((x) => !keys.has(canonical(x)) && typeAllowed(flat.types, x));
    const out: Mutant[] = [];
    if (outside.length > 0) out.push({ rule, path: "", make: () => fc.constantFrom(...outside).map(deepClone) });
    out.push(...wrongTypeMutants(flat.types));
    return out;
  };
  return { arb: fc.constantFrom(...values).map((v) => leaf(deepClone(v), () => mutants(v))) };
}

// ------------------------------------------------------------------ arrays

/** A cheap "does this item look like a `contains` witness": its constant-valued properties agree. */
function looksLike(flat: Flat, v: unknown): boolean {
  if (flat.enum) return flat.enum.some((e) => canonical(e) === canonical(v));
  if (!isObject(v)) return !flat.types || typeAllowed(flat.types, v);
  for (const [k, subs] of flat.properties) {
    const values = finiteValues(subs, flat);
    const present = Object.prototype.hasOwnProperty.call(v, k);
    if (!present && flat.required.has(k)) return false;
    if (present && values && !values.some((e) => canonical(e) === canonical(v[k]))) return false;
  }
  return true;
}

function finiteValues(subs: readonly Sub[], like: Flat): readonly unknown[] | undefined {
  try {
    return flattenAll(subs, like).enum;
  } catch (e) {
    if (e instanceof Unsatisfiable) return undefined;
    throw e;
  }
}

function arrayNode(flat: Flat): Node {
  const itemsFlat = flattenAll(flat.items, flat);
  const itemNode = flat.items.length > 0 ? build(itemsFlat) : anyNode;
  const containsFlat = flat.contains.length > 0 ? flattenAll(flat.contains, flat) : undefined;
  const witnessNode = containsFlat ? build(mergeFlat(itemsFlat, containsFlat)) : undefined;
  const lo = flat.minItems;
  const hi = flat.minimal ? lo : Math.max(lo, Math.min(flat.maxItems ?? Infinity, MAX_ARRAY));
  if (flat.maxItems !== undefined && flat.maxItems < lo) throw new Unsatisfiable("maxItems < minItems");
  if (witnessNode && hi < 1) throw new Unsatisfiable("contains with maxItems 0");
  const unique = (vs: readonly unknown[]): boolean => new Set(vs.map(canonical)).size === vs.length;

  const make = (item: fc.Arbitrary<Gen>, witness: fc.Arbitrary<Gen> | undefined): fc.Arbitrary<Gen> => {
    const min = witness ? Math.max(0, lo - 1) : lo;
    const max = witness ? hi - 1 : hi;
    const list = flat.uniqueItems ? fc.uniqueArray(item, { selector: (g) => canonical(g.value), minLength: min, maxLength: max }) : fc.array(item, { minLength: min, maxLength: max });
    if (!witness) return list.map((gs) => arrayGen(gs, -1));
    return fc
      .tuple(list, witness, fc.nat())
      .map(([gs, w, at]) => {
        const i = at % (gs.length + 1);
        return { gs: [...gs.slice(0, i), w, ...gs.slice(i)], i };
      })
      .filter(({ gs }) => !flat.uniqueItems || unique(gs.map((g) => g.value)))
      .map(({ gs, i }) => arrayGen(gs, i));
  };

  const arrayGen = (gs: readonly Gen[], witnessAt: number): Gen => {
    const value = gs.map((g) => g.value);
    return {
      value,
      mutants: () => {
        const out: Mutant[] = [];
        if (lo > 0) {
          // Drop items (not the contains witness if possible) down to minItems - 1.
          const keep = gs
            .map((_, i) => i)
            .sort((a, b) => (a === witnessAt ? -1 : b === witnessAt ? 1 : 0))
            .slice(0, lo - 1)
            .sort((a, b) => a - b);
          out.push({ rule: "minItems", path: "", make: () => fc.constant(keep.map((i) => value[i])) });
        }
        if (flat.maxItems !== undefined && flat.maxItems + 1 - value.length <= MAX_PADDING) {
          const need = flat.maxItems + 1 - value.length;
          out.push({ rule: "maxItems", path: "", make: () => fc.array(itemNode.arb, { minLength: need, maxLength: need }).map((more) => [...value, ...more.map((g) => g.value)]) });
        }
        if (flat.uniqueItems && value.length > 0) {
          out.push({
            rule: "uniqueItems",
            path: "",
            make: () =>
              fc.tuple(fc.nat(value.length - 1), fc.nat(value.length)).map(([from, to]) => {
                const copy = [...value];
                copy.splice(to, 0, deepClone(value[from]));
                return copy;
              }),
          });
        }
        if (containsFlat) {
          out.push({ rule: "contains", path: "", make: () => fc.constant(value.filter((v, i) => i !== witnessAt && !looksLike(containsFlat, v))) });
        }
        out.push(...wrongTypeMutants(flat.types));
        gs.forEach((g, i) => {
          for (const m of g.mutants()) {
            out.push({ rule: m.rule, path: ptr(i) + m.path, make: () => m.make().map((v) => value.map((x, j) => (j === i ? v : x))) });
          }
        });
        return out;
      },
    };
  };

  return {
    arb: make(itemNode.arb, witnessNode?.arb),
    itemsWithKey: (key) => make(itemNode.withKey?.(key) ?? itemNode.arb, witnessNode ? (witnessNode.withKey?.(key) ?? witnessNode.arb) : undefined),
  };
}

// ------------------------------------------------------------------ objects

function objectNode(flat: Flat): Node {
  const properties = new Map(flat.properties);
  // A required property that is not declared is still generated, from additionalProperties.
  for (const k of flat.required) if (!properties.has(k)) properties.set(k, flat.additional);
  const declared = new Set(properties.keys());
  const propNodes = new Map<string, Node | undefined>();
  for (const [k, subs] of properties) {
    const pf = flattenAll(subs, flat);
    if (pf.never) {
      if (flat.required.has(k)) throw new Unsatisfiable(`required property ${k} is forbidden`);
      propNodes.set(k, undefined);
    } else if (flat.minimal && !flat.required.has(k)) {
      propNodes.set(k, undefined);
    } else {
      propNodes.set(k, subs.length > 0 ? build(pf) : anyNode);
    }
  }
  const additionalFlat = flattenAll(flat.additional, flat);
  const closed = additionalFlat.never;
  const additionalNode = closed ? undefined : flat.additional.length > 0 ? build(additionalFlat) : anyNode;

  const entriesArb = (forced: string | undefined): fc.Arbitrary<Entry[]> | undefined => {
    let forcedArb: fc.Arbitrary<Entry> | undefined;
    if (forced !== undefined) {
      const node = declared.has(forced) ? propNodes.get(forced) : additionalNode;
      if (!node) return undefined;
      forcedArb = node.arb.map((gen) => ({ key: forced, gen }));
    }
    const parts: fc.Arbitrary<Entry | null>[] = [];
    for (const [k, node] of propNodes) {
      if (k === forced) parts.push(forcedArb!);
      else if (!node) continue;
      else {
        const e = node.arb.map((gen): Entry => ({ key: k, gen }));
        parts.push(flat.required.has(k) ? e : fc.option(e, { nil: null, freq: 2 }));
      }
    }
    let extras: fc.Arbitrary<Entry[]> = fc.constant([]);
    if (additionalNode && !flat.minimal) {
      const node = additionalNode;
      const exclude = new Set([...declared, ...(forced !== undefined ? [forced] : [])]);
      extras = fc.oneof(
        { weight: 2, arbitrary: fc.constant<Entry[]>([]) },
        {
          weight: 1,
          arbitrary: fc.uniqueArray(keyArb(exclude), { minLength: 1, maxLength: 3 }).chain((keys) => fc.tuple(...keys.map((k) => node.arb.map((gen): Entry => ({ key: k, gen }))))),
        },
      );
    }
    if (forcedArb && !declared.has(forced!)) parts.push(forcedArb);
    let arb: fc.Arbitrary<Entry[]> = fc.tuple(fc.tuple(...parts), extras).map(([es, xs]) => [...es.filter((e): e is Entry => e !== null), ...xs]);
    for (const rule of flat.eachItemRequires) {
      const itemsNode = propNodes.get(rule.items);
      // One way to satisfy the rule, picked at random: the object's own properties, or every item's.
      type Way = { request: string[] } | { itemKey: string } | { named: string };
      const ways: Way[] = [...rule.requestKeys.map((request) => ({ request })), ...(itemsNode?.itemsWithKey ? rule.itemKeys.map((itemKey) => ({ itemKey })) : [])];
      if (rule.propertyNamedBy !== undefined && itemsNode?.itemsWithKey) ways.push({ named: rule.propertyNamedBy });
      if (ways.length === 0) continue;
      arb = arb.chain((entries) =>
        fc.constantFrom(...ways).chain((way): fc.Arbitrary<Entry[]> => {
          const at = entries.findIndex((e) => e.key === rule.items);
          if ("request" in way) {
            const nodes = way.request.map((k) => [k, declared.has(k) ? propNodes.get(k) : additionalNode] as const);
            if (at < 0 || nodes.some(([, n]) => !n)) return fc.constant(entries);
            const marked = entries.map((e) => (way.request.includes(e.key) ? { ...e, forRule: true } : e));
            const missing = nodes.filter(([k]) => !entries.some((e) => e.key === k));
            return fc.tuple(...missing.map(([k, n]) => n!.arb.map((gen): Entry => ({ key: k, gen, forRule: true })))).map((added) => [...marked, ...added]);
          }
          const key = "itemKey" in way ? way.itemKey : entries.find((e) => e.key === way.named)?.gen.value;
          if (typeof key !== "string" || at < 0) return fc.constant(entries);
          // itemPropertyNamedBy wants a value: a null there does not count.
          const items = itemsNode!.itemsWithKey!(key).filter((gen) => !("named" in way) || !Array.isArray(gen.value) || gen.value.every((x) => !isObject(x) || x[key] !== null));
          return items.map((gen) => entries.map((e, i) => (i === at ? { key: rule.items, gen } : e)));
        }),
      );
    }
    return arb;
  };

  const objectGen = (entries: readonly Entry[], forced: string | undefined): Gen => {
    const value = makeObject(entries.map((e) => [e.key, e.gen.value]));
    return {
      value,
      mutants: () => {
        const out: Mutant[] = [];
        for (const e of entries) {
          if (e.key === forced || e.forRule) out.push({ rule: "x-each-item-requires", path: ptr(e.key), make: () => fc.constant(withoutProperty(value, e.key)) });
          else if (flat.required.has(e.key)) out.push({ rule: "required", path: ptr(e.key), make: () => fc.constant(withoutProperty(value, e.key)) });
        }
        const present = new Set(entries.map((e) => e.key));
        if (closed) {
          out.push({
            rule: "additionalProperties",
            path: "",
            make: () => fc.tuple(keyArb(new Set([...declared, ...present])), anyJson).map(([k, v]) => withProperty(value, k, v)),
          });
        } else if (additionalFlat.types && flat.additional.length > 0) {
          const wrong = wrongTypeMutants(additionalFlat.types)[0];
          if (wrong) {
            out.push({
              rule: "additionalProperties",
              path: "",
              make: () => fc.tuple(keyArb(new Set([...declared, ...present])), wrong.make()).map(([k, v]) => withProperty(value, k, v)),
            });
          }
        }
        out.push(...wrongTypeMutants(flat.types));
        for (const e of entries) {
          for (const m of e.gen.mutants()) {
            out.push({ rule: m.rule, path: ptr(e.key) + m.path, make: () => m.make().map((v) => withProperty(value, e.key, v)) });
          }
        }
        return out;
      },
    };
  };

  return {
    arb: entriesArb(undefined)!.map((es) => objectGen(es, undefined)),
    withKey: (key) => entriesArb(key)?.map((es) => objectGen(es, key)),
  };
}

// ------------------------------------------------------------------ oneOf / anyOf

function choiceNode(flat: Flat): Node {
  const [first, ...others] = flat.choices;
  const rest: Flat = { ...flat, choices: others };
  const branches: { flat: Flat; node: Node }[] = [];
  for (const b of first!.branches) {
    try {
      const merged = mergeFlat(rest, flatten(b.schema, b.ctx));
      branches.push({ flat: merged, node: build(merged) });
      if (flat.minimal) break;
    } catch (e) {
      if (!(e instanceof Unsatisfiable)) throw e;
    }
  }
  if (branches.length === 0) throw new Unsatisfiable(`no ${first!.kind} branch can be generated`);

  // Tags: properties with a finite set of values in several branches (channel, valueType, matching).
  const finite = branches.map((b) => {
    const m = new Map<string, readonly unknown[]>();
    for (const [k, subs] of b.flat.properties) {
      const values = finiteValues(subs, flat);
      if (values) m.set(k, values);
    }
    return m;
  });
  const tagMutants = (value: unknown, i: number): Mutant[] => {
    if (!isObject(value)) return [];
    const out: Mutant[] = [];
    for (const [k, own] of finite[i]!) {
      const mine = new Set(own.map(canonical));
      const elsewhere = finite.flatMap((m, j) => (j === i ? [] : [...(m.get(k) ?? [])])).filter((v) => !mine.has(canonical(v)));
      if (elsewhere.length > 0) {
        out.push({ rule: `${first!.kind} tag`, path: ptr(k), make: () => fc.constantFrom(...elsewhere).map((v) => withProperty(value, k, deepClone(v))) });
      }
    }
    return out;
  };
  const tagged = (arb: fc.Arbitrary<Gen>, i: number): fc.Arbitrary<Gen> => arb.map((g) => ({ value: g.value, mutants: () => [...g.mutants(), ...tagMutants(g.value, i)] }));

  return {
    arb: fc.oneof(...branches.map((b, i) => tagged(b.node.arb, i))),
    withKey: (key) => {
      const arbs = branches.flatMap((b, i) => {
        const a = b.node.withKey?.(key);
        return a ? [tagged(a, i)] : [];
      });
      return arbs.length > 0 ? fc.oneof(...arbs) : undefined;
    },
    itemsWithKey: (key) => fc.oneof(...branches.map((b, i) => tagged(b.node.itemsWithKey?.(key) ?? b.node.arb, i))),
  };
}

// ------------------------------------------------------------------ dispatch

function inferTypes(flat: Flat): JsonType[] | undefined {
  if (flat.properties.size > 0 || flat.required.size > 0 || flat.additional.length > 0 || flat.eachItemRequires.length > 0) return ["object"];
  if (flat.items.length > 0 || flat.contains.length > 0 || flat.minItems > 0 || flat.maxItems !== undefined || flat.uniqueItems) return ["array"];
  if (flat.patterns.length > 0 || flat.formats.length > 0 || flat.minLength > 0 || flat.maxLength !== undefined) return ["string"];
  if ([flat.minimum, flat.maximum, flat.exclusiveMinimum, flat.exclusiveMaximum].some((v) => v !== undefined) || flat.multipleOf.length > 0) return ["number"];
  return undefined;
}

function build(flat: Flat): Node {
  if (flat.never) throw new Unsatisfiable("false schema");
  if (flat.choices.length > 0) return choiceNode(flat);
  if (flat.enum) return enumNode(flat);
  const types = flat.types ? [...flat.types] : inferTypes(flat);
  if (!types) return anyNode;
  const nodes: Node[] = [];
  for (const t of types) {
    try {
      nodes.push(typeNode(t, flat));
    } catch (e) {
      if (!(e instanceof Unsatisfiable)) throw e;
    }
  }
  if (nodes.length === 0) throw new Unsatisfiable(`no type of ${types.join(", ")} can be generated`);
  if (nodes.length === 1) return nodes[0]!;
  return {
    arb: fc.oneof(...nodes.map((n) => n.arb)),
    withKey: (key) => {
      const arbs = nodes.map((n) => (n.withKey ? n.withKey(key) : n.arb)).filter((a): a is fc.Arbitrary<Gen> => a !== undefined);
      return arbs.length > 0 ? fc.oneof(...arbs) : undefined;
    },
    itemsWithKey: (key) => fc.oneof(...nodes.map((n) => n.itemsWithKey?.(key) ?? n.arb)),
  };
}

function typeNode(t: JsonType, flat: Flat): Node {
  const wrong = (): Mutant[] => wrongTypeMutants(flat.types);
  switch (t) {
    case "string":
      return stringNode(flat);
    case "integer":
      return numberNode(flat, true);
    case "number":
      return numberNode(flat, false);
    case "boolean":
      return { arb: fc.boolean().map((b) => leaf(b, wrong)) };
    case "null":
      return { arb: fc.constant(null).map((n) => leaf(n, wrong)) };
    case "array":
      return arrayNode(flat);
    case "object":
      return objectNode(flat);
    default:
      throw new Error(`unknown type ${String(t)} (expected one of ${JSON_TYPES.join(", ")})`);
  }
}
