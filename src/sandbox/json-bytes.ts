/**
 * The UTF-8 length of `JSON.stringify(value)`, counted without writing the text: the store counts
 * every changed record against its byte cap, and serializing a profile of Cyrillic text to measure
 * it cost more than the rest of the update (and left the text as garbage).
 *
 * Exact for JSON values, and for what JSON.stringify skips (`undefined`, functions, symbols: left out
 * of objects, `null` in arrays). A value with `toJSON`, or anything not plain data, is measured by
 * serializing it.
 */
export function jsonBytes(value: unknown): number {
  switch (typeof value) {
    case "string":
      return stringBytes(value);
    case "number":
      return Number.isFinite(value) ? String(value).length : 4;
    case "boolean":
      return value ? 4 : 5;
    case "object":
      if (value === null) return 4;
      if (Array.isArray(value)) return arrayBytes(value);
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return serializedBytes(value);
      return objectBytes(value as Record<string, unknown>);
    case "bigint":
      return serializedBytes(value); // throws as JSON.stringify does
    default:
      return 0; // undefined, a function or a symbol: no text
  }
}

// Characters JSON.stringify writes escaped: a quote, a backslash, controls, lone surrogates (a pair is written as is).
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

function stringBytes(s: string): number {
  return ESCAPED.test(s) ? serializedBytes(s) : Buffer.byteLength(s, "utf8") + 2;
}

const skipped = (v: unknown): boolean => v === undefined || typeof v === "function" || typeof v === "symbol";

function arrayBytes(a: readonly unknown[]): number {
  let n = a.length > 0 ? a.length + 1 : 2; // brackets and commas
  for (const x of a) n += skipped(x) ? 4 : jsonBytes(x);
  return n;
}

function objectBytes(o: Record<string, unknown>): number {
  let n = 2;
  let members = 0;
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (skipped(x)) continue;
    n += stringBytes(k) + 1 + jsonBytes(x); // "key": value
    members++;
  }
  return members > 0 ? n + members - 1 : n;
}

function serializedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
}
