import { expect, test } from "vitest";
import { validateUpdateProfileResponse, validateUpdateProfilesBatchResponse } from "../../generated/altcraft/validators.js";
import { compileValidator } from "../helpers/compile-validator.js";

// The object test is written at each site, with a probe (`"" in v`) that lets V8 fold the prototype
// lookup once it knows the value's map: these pin that the fold never lets a non-plain object pass,
// after the validators have run hot on plain ones (optimized code, feedback of a single shape).

const answer = { error: 0, error_text: "Successful operation", profile_id: "abc" };
const batch = { error: 0, error_text: "Successful operation", result: [answer, { ...answer, profile_id: "def" }] };

class Answer {
  error = 0;
  error_text = "Successful operation";
}

const nonPlain: [string, () => unknown, string][] = [
  ["a class instance", () => new Answer(), "an instance of Answer (send a plain object)"],
  ["Object.create of a plain object", () => Object.assign(Object.create({ extra: 1 }) as object, answer), "an instance of Object (send a plain object)"],
  ["a Date", () => new Date(0), "an instance of Date (send a plain object)"],
  ["an array", () => [answer], "an array (1 item)"],
];

test("hot on plain objects, the answers still refuse every other object, at the root and in items", () => {
  let passed = 0;
  for (let i = 0; i < 50_000; i++) if (validateUpdateProfileResponse(answer).ok && validateUpdateProfilesBatchResponse(batch).ok) passed++;
  expect(passed).toBe(50_000);
  for (const [, make, found] of nonPlain) {
    expect(validateUpdateProfileResponse(make())).toEqual({ ok: false, errors: [{ path: "", keyword: "type", message: `expected an object, found ${found}` }] });
    expect(validateUpdateProfilesBatchResponse({ ...batch, result: [answer, make()] })).toEqual({
      ok: false,
      errors: [{ path: "/result/1", keyword: "type", message: `expected an object, found ${found}` }],
    });
  }
  // A null-prototype object is plain (what JSON.parse makes with a reviver may be one).
  expect(validateUpdateProfileResponse(Object.assign(Object.create(null) as object, answer)).ok).toBe(true);
});

test("a pointer written at compile time escapes ~ and / as ptr does at run time", async () => {
  const validate = await compileValidator({
    Root: {
      type: "object",
      properties: { "a/b": { type: "object", properties: { "~c": { type: "array", prefixItems: [{ type: "object", properties: { "d~/e": { type: "string" } } }] } } } },
    },
  });
  expect(validate({ "a/b": { "~c": [{ "d~/e": 1 }] } })).toEqual({ ok: false, errors: [{ path: "/a~1b/~0c/0/d~0~1e", keyword: "type", message: "expected a string, found 1" }] });
});
