import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as altcraft from "../../generated/altcraft/validators.js";
import * as edna from "../../generated/edna/validators.js";
import * as pushtech from "../../generated/pushtech/validators.js";

// Arbitrary input, hostile shapes: the validators never throw, never recurse without bound, never read inherited properties.
type Validate = (v: unknown) => { ok: true; value: unknown } | { ok: false; errors: { path: string; keyword: string; message: string }[] };
const all: [string, Validate][] = Object.entries({ altcraft, edna, pushtech }).flatMap(([api, m]) =>
  Object.entries({ ...m.requestValidators, ...Object.fromEntries(Object.entries(m.responseValidators).map(([k, v]) => [`${k} response`, v])) }).map(
    ([op, fn]) => [`${api} ${op}`, fn as Validate] as [string, Validate],
  ),
);

const deep = (depth: number, leaf: unknown, wrap: (inner: unknown) => unknown) => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
};

describe.each(all)("%s", (_name, validate) => {
  test("any value: a verdict, never an exception, issues well-formed", () => {
    fc.assert(
      fc.property(
        fc.anything({
          withObjectString: true,
          withNullPrototype: true,
          withBoxedValues: true,
          withSparseArray: true,
          maxDepth: 6,
          key: fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "toString", "prototype", "data", "matching", "addresses")),
        }),
        (value) => {
          const result = validate(value);
          if (!result.ok) {
            expect(result.errors.length).toBeGreaterThan(0);
            expect(result.errors.length).toBeLessThanOrEqual(100);
            for (const issue of result.errors) expect(issue.path === "" || issue.path.startsWith("/")).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  test("100,000-deep nesting is judged, not a stack overflow", () => {
    const arrays = deep(100_000, 1, (x) => [x]);
    const objects = deep(100_000, 1, (x) => ({ a: x }));
    for (const v of [arrays, objects, { data: arrays }, { data: { custom: objects } }, { db_id: 1, email: "a@b.example", data: { custom: arrays } }]) {
      expect(() => validate(v)).not.toThrow();
    }
  });
});

test("inherited properties are never read as the value's own", () => {
  const inherited = Object.assign(Object.create({ db_id: 1, email: "a@b.example", data: {} }) as object, {});
  expect(altcraft.validateUpdateProfileRequest(inherited).ok).toBe(false);
  const withOwnProto = JSON.parse('{"db_id": 1, "email": "a@b.example", "data": {"__proto__": {"polluted": true}, "constructor": "x"}}');
  expect(altcraft.validateUpdateProfileRequest(withOwnProto).ok).toBe(true);
  // A field named by field_name that only the prototype has is missing.
  const batch = { db_id: 1, matching: "custom", field_name: "toString", data: [{}] };
  expect(altcraft.validateUpdateProfilesBatchRequest(batch)).toMatchObject({ ok: false, errors: [{ keyword: "x-each-item-requires", path: "/data/0" }] });
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
});
