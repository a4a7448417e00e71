import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, test } from "vitest";
import { parseSpec } from "../../src/codegen/load.js";
import { redoclyWouldAct } from "../../src/codegen/types/redocly-would-act.js";
import { typesAst } from "../../src/codegen/types/types-ast.js";

// typesAst skips openapi-typescript's Redocly lint and bundle when they would do nothing: its output must be
// openapiTS's, byte for byte, on every document (and the same error where openapiTS throws).

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const documents = [
  ...["altcraft", "edna", "pushtech"].map((api) => `specs/${api}/openapi.yaml`),
  ...readdirSync(path.join(repo, "test/features"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `test/features/${d.name}/openapi.yaml`),
];
const OPTION_SETS = [{ alphabetize: true, silent: true, defaultNonNullable: false, readWriteMarkers: true }, { silent: true }];

const load = (file: string) => parseSpec("x", file, readFileSync(path.join(repo, file), "utf8")).document;
const printed = async (f: () => Promise<unknown>) => {
  try {
    return astToString((await f()) as Parameters<typeof astToString>[0]);
  } catch (e) {
    return `throws ${(e as Error).message}`;
  }
};

const minimal = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {
    "/a": {
      get: {
        operationId: "getA",
        responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/A" } } } } },
      },
    },
  },
  components: { schemas: { A: { type: "object", properties: { id: { type: "string" } } } } },
  ...extra,
});

describe("typesAst prints what openapiTS prints", () => {
  test.each(documents)("%s", async (file) => {
    for (const options of OPTION_SETS) {
      const theirs = await printed(() => openapiTS(load(file) as never, options));
      const ours = await printed(() => typesAst(load(file), options));
      expect(ours).toBe(theirs);
    }
  });

  test("a document without components, and one openapi-typescript refuses", async () => {
    const bare = { openapi: "3.0.3", info: { title: "t", version: "1" }, paths: { "/a": { get: { responses: { "204": { description: "none" } } } } } };
    expect(redoclyWouldAct(structuredClone(bare))).toBeUndefined();
    expect(await printed(() => typesAst(structuredClone(bare), { silent: true }))).toBe(await printed(() => openapiTS(structuredClone(bare) as never, { silent: true })));
    const twice = minimal();
    (twice["paths"] as Record<string, unknown>)["/b"] = structuredClone((twice["paths"] as Record<string, unknown>)["/a"]);
    const theirs = await printed(() => openapiTS(structuredClone(twice) as never, { silent: true }));
    expect(theirs).toMatch(/^throws Every operation must have a unique `operationId`/);
    expect(await printed(() => typesAst(structuredClone(twice), { silent: true }))).toBe(theirs);
  });
});

describe("redoclyWouldAct: what openapi-typescript's lint or bundle might do", () => {
  test("nothing, on a bundled document with plain local references", () => {
    expect(redoclyWouldAct(minimal())).toBeUndefined();
  });

  type Doc = Record<string, unknown>;
  const at = (d: Doc, ...keys: string[]): Doc => keys.reduce((node, k) => node[k] as Doc, d);
  test.each<[string, (d: Doc) => void, RegExp]>([
    ["a repeated operationId", (d) => (at(d, "paths")["/b"] = structuredClone(at(d, "paths", "/a"))), /operationId "getA" twice/],
    ["a $ref to nothing", (d) => (at(d, "components", "schemas")["B"] = { $ref: "#/components/schemas/Nope" }), /not a plain local reference/],
    ["a $ref to another file", (d) => (at(d, "components", "schemas")["B"] = { $ref: "./b.yaml" }), /not a plain local reference/],
    ["a $ref where a value is expected (the bundle would inline it)", (d) => (at(d, "info")["description"] = { $ref: "#/info/title" }), /under "description"/],
    ["an example's externalValue (the bundle would read it)", (d) => (at(d, "components")["examples"] = { e: { externalValue: "./e.json" } }), /externalValue/],
    [
      "a discriminator mapping by bare name (the bundle would resolve it as a file)",
      (d) => (at(d, "components", "schemas")["U"] = { oneOf: [{ $ref: "#/components/schemas/A" }], discriminator: { propertyName: "id", mapping: { a: "A" } } }),
      /discriminator mapping "A"/,
    ],
  ])("%s", (_name, change, reason) => {
    const doc = minimal();
    change(doc);
    expect(redoclyWouldAct(doc)).toMatch(reason);
  });

  test("a Link naming an operation is not a second operation with its id", () => {
    const doc = minimal();
    at(doc, "paths", "/a", "get", "responses", "200")["links"] = { self: { operationId: "getA" }, again: { operationId: "getA" } };
    expect(redoclyWouldAct(doc)).toBeUndefined();
  });
});
