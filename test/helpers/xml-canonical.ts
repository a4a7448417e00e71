/**
 * What a value looks like after a trip through the vendor's XML (`encodeXml` then `decodeXml`),
 * written from the rules of what XML can carry, independently of src/runtime/xml.ts:
 *
 * - undefined properties are absent; an empty array is absent (no element is written);
 * - at a `scalar` position the text is read back by the shape's type order: boolean if the text is
 *   "true"/"false", integer if it is `-?digits`, number if it is numeric, null if it is "", else
 *   the string (so "5" at an [integer, string] position comes back as 5, "-0" as -0);
 * - at an `any` position (custom fields, additionalProperties) text stays text: numbers come back
 *   as `plainNumber(n)`, booleans as "true"/"false", null as ""; an object comes back as an object
 *   of such values (one with nothing left, such as `{}`, as ""); an array as an array, however
 *   deep in the free-form value it sits (the array marker keeps a one-item array an array);
 * - an array inside an array cannot be written (XmlEncodeError).
 *
 * Also here: what XML 1.0 cannot carry at all (`xmlProblems`, `isXmlText`, `isElementName`, from
 * the XML 1.0 productions), a repair that removes those problems, and the "plain" values that
 * come back as themselves.
 */
import { inspect } from "node:util";
import { expect } from "vitest";
import { plainNumber, type XmlShape } from "../../src/runtime/xml.js";

const ANY: XmlShape = { kind: "any" };

// ------------------------------------------------------------------ XML 1.0 characters and names

/** XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Code points of a string; a lone surrogate is its own code point (0xD800–0xDFFF, never a Char). */
function codePointsOf(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** True when every character of `s` is an XML 1.0 Char (escaped or not, nothing else can be carried). */
export function isXmlText(s: string): boolean {
  return /^[\t\n\r\x20-\x7e]*$/.test(s) || codePointsOf(s).every(isXmlChar);
}

const inRanges = (cp: number, ranges: readonly (readonly [number, number])[]): boolean => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

/** XML 1.0 (5th edition) `NameStartChar`, without ":" (a colon would imply a namespace prefix). */
const NAME_START: readonly (readonly [number, number])[] = [
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
  [0xc0, 0xd6],
  [0xd8, 0xf6],
  [0xf8, 0x2ff],
  [0x370, 0x37d],
  [0x37f, 0x1fff],
  [0x200c, 0x200d],
  [0x2070, 0x218f],
  [0x2c00, 0x2fef],
  [0x3001, 0xd7ff],
  [0xf900, 0xfdcf],
  [0xfdf0, 0xfffd],
  [0x10000, 0xeffff],
];
/** XML 1.0 `NameChar` beyond `NameStartChar`. */
const NAME_MORE: readonly (readonly [number, number])[] = [
  [0x2d, 0x2e],
  [0x30, 0x39],
  [0xb7, 0xb7],
  [0x300, 0x36f],
  [0x203f, 0x2040],
];

/** Whether `name` can be an element name: an XML 1.0 (5th edition) `Name` without ":" (no namespace prefix implied). */
export function isElementName(name: string): boolean {
  if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) return true; // the common case, without the ranges
  const cps = codePointsOf(name);
  return cps.length > 0 && cps.every((cp, i) => inRanges(cp, NAME_START) || (i > 0 && inRanges(cp, NAME_MORE)));
}

/**
 * An element name that every reader takes as such: `isElementName`, and none of what the 5th
 * edition allows but readers do not agree on: characters outside the Basic Multilingual Plane
 * (earlier editions refuse them; the runtime does), U+1680 and U+FEFF (name characters for XML,
 * white space for JavaScript's `\s` and `trim()`, hence for fast-xml-parser). An encoder may
 * refuse a name that is an `isElementName` but not this; what it writes must read back as itself.
 */
export function isPortableElementName(name: string): boolean {
  if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) return true;
  return isElementName(name) && !/[\u1680\uFEFF]|[\uD800-\uDFFF]/.test(name);
}

// ------------------------------------------------------------------ JSON Pointers

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export const pointerToken = (key: string | number): string => String(key).replace(/~/g, "~0").replace(/\//g, "~1");

export function pointerTokens(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`not a JSON Pointer: ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The parent of what `pointer` designates, the last token, and whether the parent owns it. */
export function resolvePointer(root: unknown, pointer: string): { parent: unknown; key: string; found: boolean; value: unknown } {
  const tokens = pointerTokens(pointer);
  if (tokens.length === 0) return { parent: undefined, key: "", found: true, value: root };
  let node: unknown = root;
  for (const t of tokens.slice(0, -1)) {
    if (typeof node !== "object" || node === null || !own(node, t)) return { parent: undefined, key: "", found: false, value: undefined };
    node = (node as Record<string, unknown>)[t];
  }
  const key = tokens[tokens.length - 1]!;
  const found = typeof node === "object" && node !== null && own(node, key);
  return { parent: node, key, found, value: found ? (node as Record<string, unknown>)[key] : undefined };
}

// ------------------------------------------------------------------ what cannot be written

export type XmlProblemKind = "text" | "name" | "nested-array" | "not-finite";

export interface XmlProblem {
  /** JSON Pointer of the string, the property (for a name), or the inner array. */
  path: string;
  kind: XmlProblemKind;
  /** An XML name that is not an `isPortableElementName`: the encoder may refuse it, or write it (then it must read back). */
  optional?: true;
}

const shapeOf = (shape: XmlShape, key: string): { declared: boolean; shape: XmlShape } => {
  if (shape.kind === "object" && own(shape.properties, key)) return { declared: true, shape: shape.properties[key]!.shape };
  return { declared: false, shape: shape.kind === "object" ? (shape.additional ?? ANY) : ANY };
};

const itemsOf = (shape: XmlShape): XmlShape => (shape.kind === "array" ? shape.items : ANY);

/**
 * Every place of `value` that XML cannot carry, in document order: a string holding a character
 * that is not an XML 1.0 Char, a key (not declared by the shape) that cannot be an element name
 * (not an `isElementName`; `optional` when it is one but not an `isPortableElementName`), an array
 * directly inside an array, a number that is not finite. `encodeXml` must succeed when there is
 * none but optional ones, and refuse a value at its first problem that is not optional.
 */
export function xmlProblems(value: unknown, shape: XmlShape, path = ""): XmlProblem[] {
  const out: XmlProblem[] = [];
  const walk = (v: unknown, s: XmlShape, at: string, inArray: boolean): void => {
    if (v === undefined || v === null || typeof v === "boolean") return;
    if (typeof v === "string") {
      if (!isXmlText(v)) out.push({ path: at, kind: "text" });
      return;
    }
    if (typeof v === "number") {
      if (!Number.isFinite(v)) out.push({ path: at, kind: "not-finite" });
      return;
    }
    if (Array.isArray(v)) {
      if (inArray) {
        out.push({ path: at, kind: "nested-array" });
        return;
      }
      v.forEach((item, i) => walk(item, itemsOf(s), `${at}/${i}`, true));
      return;
    }
    if (isRecord(v)) {
      for (const key of Object.keys(v)) {
        if (v[key] === undefined) continue;
        const { declared, shape: sub } = shapeOf(s, key);
        const kat = `${at}/${pointerToken(key)}`;
        if (!declared && !isPortableElementName(key)) out.push(isElementName(key) ? { path: kat, kind: "name", optional: true } : { path: kat, kind: "name" });
        walk(v[key], sub, kat, false);
      }
    }
  };
  walk(value, shape, path, false);
  return out;
}

/** The problems `pointer` designates in `value`, checked on the value itself (not on the shape): a key and its value may both be at fault. */
export function problemsAt(value: unknown, pointer: string): XmlProblemKind[] {
  const { parent, key, found, value: at } = resolvePointer(value, pointer);
  if (!found) return [];
  const out: XmlProblemKind[] = [];
  if (isRecord(parent) && !isPortableElementName(key)) out.push("name");
  if (typeof at === "string" && !isXmlText(at)) out.push("text");
  if (typeof at === "number" && !Number.isFinite(at)) out.push("not-finite");
  if (Array.isArray(at) && Array.isArray(parent)) out.push("nested-array");
  return out;
}

// ------------------------------------------------------------------ canonical values

/** How a value was changed on its way to its canonical form (counted for the report). */
export interface CanonicalNotes {
  /** A number, boolean or null at an `any` position, read back as text. */
  anyScalar: number;
  /** An object at an `any` position with nothing left in it, read back as "". */
  anyEmptyObject: number;
  /** An array of one item inside a free-form value (below an `any` position's first level). */
  nestedOneItemArray: number;
  /** A string at a scalar position read back as another type ("5" at [integer, string]). */
  unionString: number;
  /** …whose text the runtime writes differently once read ("007" → 7 → "7"). */
  unionTextChanged: number;
  /** An empty array at a declared array position, left out. */
  emptyArray: number;
  /** An empty array at a free-form position, left out (a custom field holding [] disappears). */
  anyEmptyArray: number;
}

/** The keys whose empty array was left out (a `field_name` naming one of them no longer finds it). */
export type DroppedKeys = Set<string>;

export const noNotes = (): CanonicalNotes => ({ anyScalar: 0, anyEmptyObject: 0, anyEmptyArray: 0, nestedOneItemArray: 0, unionString: 0, unionTextChanged: 0, emptyArray: 0 });

/** The text XML holds for a scalar: strings as they are, numbers in plain decimal, null as "". */
function textOf(v: string | number | boolean | null, path: string): string {
  if (v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return plainNumber(v, path);
  return v ? "true" : "false";
}

/** The type order of a scalar position: the first type the text can be read as. */
export function readScalarText(text: string, types: readonly string[]): unknown {
  for (const t of types) {
    if (t === "boolean" && (text === "true" || text === "false")) return text === "true";
    if (t === "integer" && /^-?[0-9]+$/.test(text)) return Number(text);
    if (t === "number" && /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(text)) return Number(text);
    if (t === "null" && text === "") return null;
    if (t === "string") return text;
  }
  return text;
}

const ABSENT = Symbol("absent");

function define(o: Record<string, unknown>, key: string, value: unknown): void {
  // An own property even for "__proto__", as the decoder makes it (an assignment would set the prototype).
  if (key === "__proto__") Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

const isScalar = (v: unknown): v is string | number | boolean | null => v === null || ["string", "number", "boolean"].includes(typeof v);

/**
 * The value `decodeXml(encodeXml(value, body), body)` must give, by the rules above, with what was
 * changed counted in `notes`. Throws (a plain Error) where encodeXml must throw: call
 * `xmlProblems` first.
 */
export function xmlCanonical(value: unknown, shape: XmlShape, notes: CanonicalNotes = noNotes(), dropped: DroppedKeys = new Set()): unknown {
  /** `depth`: 0 outside free-form values, 1 at an `any` position, 2+ inside a free-form value. */
  const canon = (v: unknown, s: XmlShape, path: string, depth: number): unknown => {
    if (v === undefined) return ABSENT;
    if (Array.isArray(v)) {
      if (v.length === 0) {
        if (s.kind === "any") notes.anyEmptyArray++;
        else notes.emptyArray++;
        return ABSENT;
      }
      if (depth >= 2 && v.length === 1) notes.nestedOneItemArray++;
      const items = itemsOf(s);
      return v.map((item, i) => {
        if (Array.isArray(item)) throw new Error(`an array inside an array at ${path}/${i}: encodeXml must throw`);
        return one(item, items, `${path}/${i}`, items.kind === "any" ? Math.max(depth, 1) : depth);
      });
    }
    return one(v, s, path, s.kind === "any" ? Math.max(depth, 1) : depth);
  };

  const one = (v: unknown, s: XmlShape, path: string, depth: number): unknown => {
    if (isScalar(v)) {
      const text = textOf(v, path);
      if (s.kind === "scalar") {
        const back = readScalarText(text, s.types);
        if (typeof v === "string" && typeof back !== "string") {
          notes.unionString++;
          if (textOf(back as string | number | boolean | null, path) !== text) notes.unionTextChanged++;
        }
        return back;
      }
      if (typeof v !== "string") notes.anyScalar++;
      return text;
    }
    if (isRecord(v)) {
      const out: Record<string, unknown> = {};
      const inner = s.kind === "any" ? depth + 1 : depth;
      for (const key of Object.keys(v)) {
        const sub = s.kind === "any" ? ANY : shapeOf(s, key).shape;
        const c = canon(v[key], sub, `${path}/${pointerToken(key)}`, sub.kind === "any" ? Math.max(inner, 1) : inner);
        if (c !== ABSENT) define(out, key, c);
        else if (Array.isArray(v[key])) dropped.add(key);
      }
      if (s.kind === "any" && Object.keys(out).length === 0) {
        notes.anyEmptyObject++;
        return "";
      }
      return out;
    }
    throw new Error(`${path}: ${typeof v} is not a JSON value`);
  };

  const c = canon(value, shape, "", 0);
  return c === ABSENT ? undefined : c;
}

// ------------------------------------------------------------------ repairs and plain values

/** A name for a key that cannot be an element name: "_k" and its code points in hex (always a name). */
export const renameKey = (key: string): string =>
  isPortableElementName(key)
    ? key
    : `_k${codePointsOf(key)
        .map((c) => c.toString(16))
        .join("_")}`;

/** `s` with every character XML cannot carry replaced by U+FFFD (same length in code points). */
export const repairText = (s: string): string =>
  codePointsOf(s)
    .map((cp) => (isXmlChar(cp) ? String.fromCodePoint(cp) : "\uFFFD"))
    .join("");

/**
 * `value` with what XML cannot carry made carriable: strings repaired (`repairText`), undeclared
 * keys renamed (`renameKey`; a string property named `field_name` is renamed alike, since it names
 * a key of every `data` item), an array inside an array replaced by its JSON text.
 */
export function repairForXml(value: unknown, shape: XmlShape): unknown {
  const walk = (v: unknown, s: XmlShape, inArray: boolean): unknown => {
    if (typeof v === "string") return repairText(v);
    if (Array.isArray(v)) {
      if (inArray) return repairText(JSON.stringify(v));
      return v.map((item) => walk(item, itemsOf(s), true));
    }
    if (isRecord(v)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        const { declared, shape: sub } = shapeOf(s, key);
        const item = v[key];
        const repaired = key === "field_name" && declared && typeof item === "string" ? repairText(renameKey(item)) : walk(item, sub, false);
        define(out, declared ? key : renameKey(key), repaired);
      }
      return out;
    }
    return v;
  };
  return walk(value, shape, false);
}

/**
 * A value that comes back from XML as itself: every `any` position holds text (numbers, booleans
 * and null replaced by their text; an empty array, or an object with nothing left in it, by "":
 * a custom field that field_name names stays present), empty arrays at declared array positions
 * left out, and a string at a scalar position that would be read back as another type ("5" at
 * [integer, string]) given a trailing "_" so that it stays a string. Apply to a value without
 * XML problems (`repairForXml`).
 */
export function plainForXml(value: unknown, shape: XmlShape): unknown {
  const walk = (v: unknown, s: XmlShape): unknown => {
    if (v === undefined) return ABSENT;
    if (Array.isArray(v)) return v.length > 0 ? v.map((item) => walk(item, itemsOf(s))) : s.kind === "any" ? "" : ABSENT;
    if (isRecord(v)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        const p = walk(v[key], s.kind === "any" ? ANY : shapeOf(s, key).shape);
        if (p !== ABSENT) define(out, key, p);
      }
      return s.kind === "any" && Object.keys(out).length === 0 ? "" : out;
    }
    if (s.kind === "scalar") return typeof v === "string" && typeof readScalarText(v, s.types) !== "string" ? `${v}_` : v;
    if (isScalar(v)) return textOf(v, "");
    return v;
  };
  const p = walk(value, shape);
  return p === ABSENT ? undefined : p;
}

// ------------------------------------------------------------------ comparing

/**
 * Deep equality of JSON-like values as the XML runtime makes them: numbers by `Object.is` (-0 is
 * not 0), arrays item by item, objects with `Object.prototype` as prototype and the same own
 * enumerable keys ("__proto__" and "constructor" included, in any order). Vitest's
 * `toStrictEqual` reads `.constructor`, which an own "constructor" key shadows.
 */
export function deepSame(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepSame(x, b[i]));
  }
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => own(b, k) && deepSame((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

/** Asserts `deepSame(actual, expected)`, with vitest's diff when there is one to show. */
export function expectSame(actual: unknown, expected: unknown, message = "decoded value"): void {
  if (deepSame(actual, expected)) return;
  expect(actual, message).toEqual(expected);
  expect.fail(`${message}: ${inspect(actual, { depth: null })} is not the same as ${inspect(expected, { depth: null })} (-0, a prototype or an undefined property)`);
}
