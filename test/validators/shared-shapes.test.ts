import { expect, test } from "vitest";
import { compileValidators, type SpecProblem } from "../../src/codegen/index.js";
import { compileModule } from "../helpers/compile-validator.js";

// An inline object repeated in a document is compiled once: its first copy in place, later copies
// through one function. These pin that the sharing changes neither verdicts, issues nor warnings.

const link = { type: "object", required: ["type", "id"], properties: { type: { type: "string", enum: ["tag"] }, id: { type: "string", minLength: 1 } } };
const schemas = {
  Root: { type: "object", properties: { first: link, second: link, items: { type: "array", items: link } } },
};

test("later copies of an inline object call one function, with every issue at its own pointer", async () => {
  const js = compileValidators(schemas, { dialect: "openapi-3.1" });
  expect(js.match(/required property \\"id\\" is missing/g)).toHaveLength(2); // in place once, then the shared function
  const validate = (await compileModule(schemas, { dialect: "openapi-3.1" }))["Root"]!;
  const good = { type: "tag", id: "1" };
  expect(validate({ first: good, second: good, items: [good, good] }).ok).toBe(true);
  expect(validate({ first: { type: "tag" }, second: { id: "" }, items: [good, { type: "x", id: "2" }] })).toEqual({
    ok: false,
    errors: [
      { path: "/first/id", keyword: "required", message: 'required property "id" is missing' },
      { path: "/second/type", keyword: "required", message: 'required property "type" is missing' },
      { path: "/second/id", keyword: "minLength", message: "expected at least 1 character, found 0" },
      { path: "/items/1/type", keyword: "enum", message: 'expected one of "tag", found "x"' },
    ],
  });
});

test("a copy whose checks warn is compiled where it is: each copy's warning is reported", () => {
  const warned = { ...link, properties: { ...link.properties, note: { nullable: true } } };
  const warnings: SpecProblem[] = [];
  compileValidators({ Root: { type: "object", properties: { a: warned, b: warned, c: warned } } }, { dialect: "openapi-3.0", onWarning: (w) => warnings.push(w) });
  expect(warnings.map((w) => w.pointer)).toEqual([
    "/components/schemas/Root/properties/a/properties/note/nullable",
    "/components/schemas/Root/properties/b/properties/note/nullable",
    "/components/schemas/Root/properties/c/properties/note/nullable",
  ]);
});
