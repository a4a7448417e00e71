import { describe, expect, test } from "vitest";
import { checkSpec } from "../../src/codegen/check.js";
import { parseSpec } from "../../src/codegen/load.js";
import { SpecError } from "../../src/codegen/spec-error.js";
import { miniSpec, toYaml } from "../helpers/mini-spec.js";

const schemas = "/components/schemas";
const op = "/paths/~1things~1{thing_id}/put";

function problemsOf(text: string) {
  try {
    checkSpec(parseSpec("mini", "specs/mini/openapi.yaml", text));
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
    "discriminator mapping to a schema that is not a branch",
    {
      given: (d) => {
        d.components.schemas.A = { type: "object", required: ["kind"], properties: { kind: { const: "a" } } };
        d.components.schemas.UpdateThingRequest = { oneOf: [{ $ref: "#/components/schemas/A" }], discriminator: { propertyName: "kind", mapping: { b: "#/components/schemas/B" } } };
      },
      want: { pointer: `${schemas}/UpdateThingRequest/discriminator/mapping/b`, message: /expected one of the oneOf branches/ },
    },
  ],
  ["operationId not camelCase", { given: (d) => (d.paths["/things/{thing_id}"].put.operationId = "update_thing"), want: { pointer: `${op}/operationId`, message: /camelCase operationId/ } }],
  [
    "query parameter",
    {
      given: (d) => d.paths["/things/{thing_id}"].put.parameters.push({ name: "q", in: "query", schema: { type: "string" } }),
      want: { pointer: `${op}/parameters/1`, message: /only path parameters/ },
    },
  ],
  ["undeclared path parameter", { given: (d) => (d.paths["/things/{thing_id}"].put.parameters = []), want: { pointer: op, message: /"\{thing_id\}" is not declared/ } }],
  [
    "inline body schema",
    {
      given: (d) => (d.paths["/things/{thing_id}"].put.requestBody.content["application/json"].schema = { type: "object" }),
      want: { pointer: `${op}/requestBody/content/application~1json/schema`, message: /\$ref/ },
    },
  ],
  [
    "unsupported media type",
    {
      given: (d) => (d.paths["/things/{thing_id}"].put.requestBody.content["text/csv"] = { schema: { $ref: "#/components/schemas/UpdateThingRequest" } }),
      want: { pointer: `${op}/requestBody/content/text~1csv`, message: /unsupported media type/ },
    },
  ],
  ["no credential", { given: (d) => (d.security = []), want: { pointer: "/security", message: /exactly one security requirement/ } }],
  [
    "http scheme without template",
    {
      given: (d) => (d.components.securitySchemes.keyAuth = { type: "http", scheme: "Token" }),
      want: { pointer: "/components/securitySchemes/keyAuth/x-authorization-template", message: /\{credential\}/ },
    },
  ],
  ...(["delete", "then", "constructor", "toString"] as const).map((id): (typeof cases)[number] => [
    `operationId ${id}`,
    {
      given: (d) => (d.paths["/things/{thing_id}"].put.operationId = id),
      want: { pointer: `${op}/operationId`, message: new RegExp(`operationId "${id}" cannot name a client method: .*; choose another operationId`) },
    },
  ]),
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
  ["optional security without a body credential", { given: (d) => d.security.push({}), want: { pointer: "/security", message: /needs x-body-credential/ } }],
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
  ["OpenAPI 3.0", { given: (d) => (d.openapi = "3.0.3"), want: { pointer: "/openapi", message: /OpenAPI 3\.1/ } }],
];

describe("checkSpec", () => {
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
    expect(() => checkSpec(parseSpec("mini", "specs/mini/openapi.yaml", toYaml(doc)))).toThrow(
      /^specs\/mini\/openapi\.yaml:\d+:\d+ \/components\/schemas\/UpdateThingRequest\/minLength: expected a non-negative integer, found "2"/,
    );
  });
});
