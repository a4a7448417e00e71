import fc from "fast-check";
import { expect, test } from "vitest";
import { jsonBytes } from "../../src/sandbox/json-bytes.js";

// The sandbox's byte cap counts records with jsonBytes instead of serializing them: it must agree with
// the serialized text byte for byte, on every kind of string (escapes, controls, lone surrogates, pairs).
const serialized = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? "", "utf8");
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom("a", '"', "\\", "\n", "\u0001", "\u007f", "é", "Ж", "€", "😀", "\ud800", "\udfff", "\u2028"),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  ),
  maxLength: 40,
});

test("jsonBytes is the UTF-8 length of JSON.stringify for JSON values", () => {
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), tie("array"), tie("object")),
    array: fc.array(tie("value"), { maxLength: 5 }),
    object: fc.dictionary(text, tie("value"), { maxKeys: 5 }),
  })).value;
  fc.assert(
    fc.property(json, (v) => {
      expect(jsonBytes(v)).toBe(serialized(v));
    }),
    { numRuns: 2000 },
  );
});

test("what JSON.stringify leaves out or writes as null is counted the same way", () => {
  const odd = [undefined, () => 1, Symbol("s"), NaN, -0, Infinity, 1e21, 5e-324];
  for (const v of odd) {
    expect(jsonBytes(v)).toBe(serialized(v));
    expect(jsonBytes([v, 1])).toBe(serialized([v, 1]));
    expect(jsonBytes({ a: v, b: 1 })).toBe(serialized({ a: v, b: 1 }));
    expect(jsonBytes({ a: v })).toBe(serialized({ a: v }));
  }
  const withToJson = { toJSON: () => ({ é: "Ж" }) };
  expect(jsonBytes({ x: withToJson, d: new Date(0) })).toBe(serialized({ x: withToJson, d: new Date(0) }));
  expect(jsonBytes(Object.defineProperty({}, "__proto__", { value: "p", enumerable: true }))).toBe(serialized(Object.defineProperty({}, "__proto__", { value: "p", enumerable: true })));
  expect(() => jsonBytes({ n: 1n })).toThrow(TypeError);
});
