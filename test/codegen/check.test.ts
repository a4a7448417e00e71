import { describe, expect, test } from "vitest";
import { checkSpec } from "../../src/codegen/check.js";
import { emitValidators } from "../../src/codegen/emit-validators.js";
import { parseSpec } from "../../src/codegen/load.js";
import { SpecError, type SpecProblem } from "../../src/codegen/spec-error.js";
import { miniSpec, toYaml } from "../helpers/mini-spec.js";

const schemas = "/components/schemas";
const op = "/paths/~1things~1{thing_id}/put";

/** What stops generation: the checker's refusals, then the validator compiler's (schemas the operations use). */
function problemsOf(text: string, warnings: SpecProblem[] = []) {
  try {
    const spec = parseSpec("mini", "specs/mini/openapi.yaml", text);
    const plan = checkSpec(spec, { onWarning: (w) => warnings.push(w) });
    emitValidators(spec, plan, (w) => warnings.push(w));
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.problems.map((p) => ({ pointer: p.pointer, message: p.message, line: p.line }));
  }
}

const cases: [string, { given: (d: Record<string, any>) => void; want: { pointer: string; message: RegExp } }][] = [
  [
    "a keyword with a value of the wrong kind",
    {
      given: (d) => (d.components.schemas.UpdateThingRequest.minProperties = -1),
      want: { pointer: `${schemas}/UpdateThingRequest/minProperties`, message: /expected a non-negative integer, found -1/ },
    },
  ],
  [
    "deep inside",
    {
      given: (d) => (d.components.schemas.UpdateThingRequest.properties.name.patternProperties = { "([": {} }),
      want: { pointer: `${schemas}/UpdateThingRequest/properties/name/patternProperties`, message: /expected an ECMA-262 regular expression/ },
    },
  ],
  [
    "a format that is not a name",
    {
      given: (d) => (d.components.schemas.UpdateThingRequest.properties.name.format = 5),
      want: { pointer: `${schemas}/UpdateThingRequest/properties/name/format`, message: /expected a format name/ },
    },
  ],
  [
    "bad type",
    {
      given: (d) => (d.components.schemas.UpdateThingRequest.properties.size.type = "int"),
      want: { pointer: `${schemas}/UpdateThingRequest/properties/size/type`, message: /expected a JSON Schema type.*"int"/ },
    },
  ],
  [
    "dangling $ref",
    {
      given: (d) => (d.components.schemas.UpdateThingRequest.properties.name = { $ref: "#/components/schemas/Nope" }),
      want: { pointer: `${schemas}/UpdateThingRequest/properties/name/$ref`, message: /points to nothing/ },
    },
  ],
  [
    "remote $ref",
    {
      given: (d) => (d.components.schemas.UpdateThingRequest.properties.name = { $ref: "other.yaml#/Name" }),
      want: { pointer: `${schemas}/UpdateThingRequest/properties/name/$ref`, message: /points to nothing: no schema has the URI .*other\.yaml/ },
    },
  ],
  [
    "bad pattern",
    {
      given: (d) => (d.components.schemas.UpdateThingRequest.properties.name.pattern = "(["),
      want: { pointer: `${schemas}/UpdateThingRequest/properties/name/pattern`, message: /expected an ECMA-262 regular expression/ },
    },
  ],
  [
    "x-batch items that the body does not have",
    {
      given: (d) => {
        d.components.schemas.UpdateThingResponse.properties.results = { type: "array", items: { type: "object" } };
        d.paths["/things/{thing_id}"].put["x-batch"] = { items: "/dta", results: "/results", maxItems: 10, maxBytes: 1000 };
      },
      want: { pointer: `${op}/x-batch/items`, message: /"\/dta" points to nothing in the request body: the body has no property "dta"/ },
    },
  ],
  [
    "x-batch items that are not an array",
    {
      given: (d) => {
        d.components.schemas.UpdateThingResponse.properties.results = { type: "array", items: { type: "object" } };
        d.paths["/things/{thing_id}"].put["x-batch"] = { items: "/name", results: "/results", maxItems: 10, maxBytes: 1000 };
      },
      want: { pointer: `${op}/x-batch/items`, message: /"\/name" must be an array of the request body, found "string"/ },
    },
  ],
  [
    "x-batch results the answer does not have",
    {
      given: (d) => (d.paths["/things/{thing_id}"].put["x-batch"] = { items: "/name", results: "/results", maxItems: 10, maxBytes: 1000 }),
      want: { pointer: `${op}/x-batch/results`, message: /points to nothing in the answer/ },
    },
  ],
  [
    "x-xml-array-marker with a number for attribute",
    {
      given: (d) => (d["x-xml-array-marker"] = { attribute: 5, value: "true" }),
      want: { pointer: "/x-xml-array-marker", message: /expected \{ attribute: <an XML attribute name>, value: <a string> \}/ },
    },
  ],
  [
    "x-xml-array-marker on a schema without a value",
    {
      given: (d) => (d.components.schemas.UpdateThingRequest.properties.tags = { type: "array", items: { type: "string" }, "x-xml-array-marker": { attribute: "array" } }),
      want: { pointer: `${schemas}/UpdateThingRequest/properties/tags/x-xml-array-marker`, message: /expected \{ attribute/ },
    },
  ],
  ["bad x-batch", { given: (d) => (d.paths["/things/{thing_id}"].put["x-batch"] = { items: "data", maxItems: 0 }), want: { pointer: `${op}/x-batch`, message: /maxItems/ } }],
  [
    "x-batch on an operation without a JSON body",
    {
      given: (d) => {
        delete d.paths["/things/{thing_id}"].put.requestBody;
        d.paths["/things/{thing_id}"].put["x-batch"] = { items: "/data", maxItems: 10, maxBytes: 1000 };
      },
      want: { pointer: `${op}/x-batch`, message: /needs a JSON request body/ },
    },
  ],
  [
    "a parameter without a location",
    {
      given: (d) => d.paths["/things/{thing_id}"].put.parameters.push({ name: "q", in: "body" }),
      want: { pointer: `${op}/parameters/1/in`, message: /expected one of path, query, header, cookie, found "body"/ },
    },
  ],
  [
    "a $ref to nothing",
    {
      given: (d) => d.paths["/things/{thing_id}"].put.parameters.push({ $ref: "#/components/parameters/Nope" }),
      want: { pointer: `${op}/parameters/1/$ref`, message: /names nothing in the document/ },
    },
  ],
  ["a vendor error without pointers", { given: (d) => (d["x-vendor-error"] = { code: "error" }), want: { pointer: "/x-vendor-error", message: /expected \{ code: <JSON Pointer>/ } }],
  [
    "x-each-item-requires without alternatives",
    {
      given: (d) => (d.components.schemas.UpdateThingRequest["x-each-item-requires"] = { items: "data", description: "an id" }),
      want: { pointer: `${schemas}/UpdateThingRequest/x-each-item-requires/anyOf`, message: /non-empty list of alternatives/ },
    },
  ],
  [
    "x-each-item-requires with an unknown alternative",
    {
      given: (d) => (d.components.schemas.UpdateThingRequest["x-each-item-requires"] = { items: "data", description: "an id", anyOf: [{ propertyNamedBy: "x" }] }),
      want: { pointer: `${schemas}/UpdateThingRequest/x-each-item-requires/anyOf/0`, message: /itemPropertyNamedBy/ },
    },
  ],
  [
    "x-each-item-requires with an unsupported keyword inside",
    {
      given: (d) => (d.components.schemas.UpdateThingRequest["x-each-item-requires"] = { items: "data", description: "an id", anyOf: [{ item: { required: ["id"], type: "thing" } }] }),
      want: { pointer: `${schemas}/UpdateThingRequest/x-each-item-requires/anyOf/0/item/type`, message: /expected a JSON Schema type/ },
    },
  ],
  ["OpenAPI 2.0 left unconverted", { given: (d) => (d.openapi = "2.0"), want: { pointer: "/openapi", message: /expected an OpenAPI 3\.0\.x or 3\.1\.x document/ } }],
];

/** Defects of real specs: a warning at the pointer, and a deterministic outcome read from the plan. */
const warnings: [string, { given: (d: Record<string, any>) => void; want: { pointer: string; message: RegExp }; plan?: (p: ReturnType<typeof checkSpec>) => unknown; is?: unknown }][] = [
  [
    "operationId not camelCase",
    {
      given: (d) => (d.paths["/things/{thing_id}"].put.operationId = "things/update-one"),
      want: { pointer: `${op}/operationId`, message: /not a camelCase identifier: the method is named "thingsUpdateOne"/ },
      plan: (p) => p.operations[0]!.methodName,
      is: "thingsUpdateOne",
    },
  ],
  [
    "no operationId",
    {
      given: (d) => delete d.paths["/things/{thing_id}"].put.operationId,
      want: { pointer: op, message: /no operationId: the method is named "putThingsByThingId"/ },
      plan: (p) => p.operations[0]!.methodName,
      is: "putThingsByThingId",
    },
  ],
  ...(["delete", "then", "constructor", "toString"] as const).map((id): (typeof warnings)[number] => [
    `operationId ${id}`,
    {
      given: (d) => (d.paths["/things/{thing_id}"].put.operationId = id),
      want: { pointer: `${op}/operationId`, message: new RegExp(`"${id}" cannot name a client method \\(.*\\): the method is named "${id}Operation"`) },
      plan: (p) => p.operations[0]!.methodName,
      is: `${id}Operation`,
    },
  ]),
  [
    "duplicate operationId",
    {
      given: (d) => (d.paths["/things/{thing_id}"].get = { operationId: "updateThing", responses: { "204": { description: "none" } } }),
      want: { pointer: `${op}/operationId`, message: /"updateThing" is already taken by another operation: this one is named "updateThing2"/ },
      plan: (p) => p.operations.map((o) => `${o.method} ${o.methodName}`),
      is: ["get updateThing", "put updateThing2"],
    },
  ],
  [
    "x-profilekit-name that is not a name",
    {
      given: (d) => (d.paths["/things/{thing_id}"].put["x-profilekit-name"] = "two words"),
      want: { pointer: `${op}/x-profilekit-name`, message: /expected a method name .*: "updateThing" is used/ },
      plan: (p) => p.operations[0]!.methodName,
      is: "updateThing",
    },
  ],
  [
    "undeclared path parameter",
    {
      given: (d) => (d.paths["/things/{thing_id}"].put.parameters = []),
      want: { pointer: op, message: /"\{thing_id\}" is not declared in parameters: it is generated as a required string/ },
      plan: (p) => p.operations[0]!.parameters.map((x) => [x.name, x.in, x.required]),
      is: [["thing_id", "path", true]],
    },
  ],
  [
    "an http scheme without a template",
    {
      given: (d) => (d.components.securitySchemes.keyAuth = { type: "http", scheme: "Token" }),
      want: { pointer: "/components/securitySchemes/keyAuth/scheme", message: /no x-authorization-template: "Token \{credential\}" is sent/ },
      plan: (p) => p.securitySchemes[0]!.template,
      is: "Token {credential}",
    },
  ],
  [
    "a requirement naming an undefined scheme",
    {
      given: (d) => d.security.push({ nope: [] }),
      want: { pointer: "/security/1", message: /"nope" is not usable .*this alternative is dropped/ },
      plan: (p) => p.security,
      is: [["keyAuth"]],
    },
  ],
  [
    "a header parameter OpenAPI ignores",
    {
      given: (d) => d.paths["/things/{thing_id}"].put.parameters.push({ name: "Content-Type", in: "header", schema: { type: "string" } }),
      want: { pointer: `${op}/parameters/1`, message: /a header parameter named Content-Type is ignored/ },
      plan: (p) => p.operations[0]!.parameters.length,
      is: 1,
    },
  ],
];

describe("checkSpec", () => {
  test.each(warnings)("warning: %s", (_name, { given, want, plan, is }) => {
    const doc = miniSpec();
    given(doc);
    const seen: SpecProblem[] = [];
    expect(problemsOf(toYaml(doc), seen)).toEqual([]);
    expect(seen).toContainEqual(expect.objectContaining({ pointer: want.pointer, message: expect.stringMatching(want.message) }));
    for (const w of seen) expect(w.line).toBeGreaterThan(0);
    if (plan) expect(plan(checkSpec(parseSpec("mini", "specs/mini/openapi.yaml", toYaml(doc))))).toEqual(is);
  });

  test("the mini spec is supported", () => {
    expect(problemsOf(toYaml(miniSpec()))).toEqual([]);
  });

  test.each(cases)("%s", (_name, { given, want }) => {
    const doc = miniSpec();
    given(doc);
    const problems = problemsOf(toYaml(doc));
    expect(problems).toContainEqual(expect.objectContaining({ pointer: want.pointer, message: expect.stringMatching(want.message) }));
    // every problem is located in the file
    for (const p of problems) expect(p.line).toBeGreaterThan(0);
  });

  test("reports every problem, not only the first", () => {
    const doc = miniSpec();
    doc.components.schemas.UpdateThingRequest.minLength = "2";
    doc.components.schemas.UpdateThingResponse.type = "record";
    expect(problemsOf(toYaml(doc)).map((p) => p.pointer)).toEqual([`${schemas}/UpdateThingRequest/minLength`, `${schemas}/UpdateThingResponse/type`]);
  });

  test("a YAML error names the line", () => {
    expect(() => parseSpec("mini", "specs/mini/openapi.yaml", "openapi: 3.1.0\ninfo: [\n")).toThrow(/specs\/mini\/openapi\.yaml:\d+:\d+ \(document\): YAML:/);
  });

  test("the message carries file, line and pointer", () => {
    const doc = miniSpec();
    doc.components.schemas.UpdateThingRequest.minLength = "2";
    expect(() => problemsOf(toYaml(doc), [])).not.toThrow();
    const spec = parseSpec("mini", "specs/mini/openapi.yaml", toYaml(doc));
    expect(() => emitValidators(spec, checkSpec(spec))).toThrow(/^specs\/mini\/openapi\.yaml:\d+:\d+ \/components\/schemas\/UpdateThingRequest\/minLength: expected a non-negative integer, found "2"/);
  });
});
