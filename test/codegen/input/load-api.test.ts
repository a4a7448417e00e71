import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { stringify } from "yaml";
import { loadApi } from "../../../src/codegen/input/load-api.js";
import { findSources, type ApiSource } from "../../../src/codegen/input/sources.js";
import { SpecError } from "../../../src/codegen/spec-error.js";

const FIXTURES = path.resolve("test/fixtures/input");
const sources = (await findSources({ cwd: FIXTURES })).sources;
const source = (api: string): ApiSource => sources.find((s) => s.api === api)!;

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "profilekit-load-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Writes `files` into the temporary folder and loads `openapi.yaml` there as API "t"; the SpecError's problems, or [] when it loads. */
async function problemsOf(files: Record<string, unknown>, overlays: string[] = []) {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), typeof content === "string" ? content : stringify(content));
  }
  try {
    await loadApi({ api: "t", input: path.join(dir, "openapi.yaml"), overlays: overlays.map((o) => path.join(dir, o)) }, dir);
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.problems.map((p) => ({ file: e.file, pointer: p.pointer, message: p.message }));
  }
}

/** Every `$ref` outside examples (where a `$ref` is data). */
function refsOf(node: unknown, key?: string): string[] {
  if (node === null || typeof node !== "object") return [];
  if (Array.isArray(node)) return node.flatMap((v) => refsOf(v));
  return Object.entries(node).flatMap(([k, v]) => {
    if ((k === "example" || k === "examples") && key !== "properties") return [];
    return k === "$ref" && typeof v === "string" ? [v] : refsOf(v, k);
  });
}

const ok = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {} };

describe("one document from several files", () => {
  test("relative $refs are bundled: every reference is local, components keep the entry file's names", async () => {
    const spec = await loadApi(source("multi"), FIXTURES);
    expect(spec.file).toBe("specs/multi/openapi.yaml");
    expect(spec.notes).toEqual([]);
    expect(refsOf(spec.document).every((r) => r.startsWith("#/"))).toBe(true);
    const schemas = (spec.document.components as { schemas: Record<string, { properties?: Record<string, unknown> }> }).schemas;
    expect(Object.keys(schemas)).toEqual(["Pet", "tag"]);
    expect(schemas.Pet?.properties?.tag).toEqual({ $ref: "#/components/schemas/tag" });
    const get = (spec.document.paths as Record<string, Record<string, any>>)["/pets/{pet_id}"]!.get;
    expect(get.responses["200"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Pet" });
  });

  test("a $ref inside example or examples is data: kept as written, never read", async () => {
    const spec = await loadApi(source("multi"), FIXTURES);
    const media = (spec.document.paths as Record<string, Record<string, any>>)["/pets/{pet_id}"]!.get.responses["200"].content["application/json"];
    expect(media.example).toEqual({ $ref: "./nope.yaml" });
    expect(media.examples.looksLikeRef.value).toEqual({ $ref: "./nope.yaml" });
  });

  test("the same files give the same document, key for key", async () => {
    const a = await loadApi(source("multi"), FIXTURES);
    const b = await loadApi(source("multi"), FIXTURES);
    expect(JSON.stringify(b.document)).toBe(JSON.stringify(a.document));
  });

  test("locate reads the entry file: a pointer into a bundled part gives the line of the $ref that brought it in", async () => {
    const spec = await loadApi(source("multi"), FIXTURES);
    expect(spec.locate("/paths/~1pets~1{pet_id}/get/responses")).toEqual({ line: 9, column: 5 });
    expect(spec.locate("/info/title")).toEqual({ line: 3, column: 10 });
  });

  test.each([
    [
      "a $ref to a URL is refused, nothing is fetched",
      { "openapi.yaml": { ...ok, components: { schemas: { Pet: { $ref: "https://schemas.example/pet.yaml" } } } } },
      { file: "openapi.yaml", pointer: "/components/schemas/Pet", message: /^\$ref "https:\/\/schemas\.example\/pet\.yaml" is a URL: profilekit never fetches anything/ },
    ],
    [
      "a $ref to a URL in another file names that file",
      { "openapi.yaml": { ...ok, components: { schemas: { Pet: { $ref: "./pet.yaml" } } } }, "pet.yaml": { type: "object", properties: { owner: { $ref: "http://schemas.example/owner.json" } } } },
      { file: "pet.yaml", pointer: "/properties/owner", message: /^\$ref "http:\/\/schemas\.example\/owner\.json" is a URL/ },
    ],
    [
      "a $ref to a file that does not exist",
      { "openapi.yaml": { ...ok, components: { schemas: { Pet: { $ref: "./schemas/gone.yaml" } } } } },
      { file: "openapi.yaml", pointer: "/components/schemas/Pet", message: /^\$ref "\.\/schemas\/gone\.yaml" points to no file: schemas\/gone\.yaml does not exist/ },
    ],
  ])("%s", async (_name, files, want) => {
    const problems = await problemsOf(files);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe(want.file);
    expect(problems[0]!.pointer).toBe(want.pointer);
    expect(problems[0]!.message).toMatch(want.message);
  });

  test("an example's externalValue URL is a link: left as written", async () => {
    const doc = {
      ...ok,
      paths: { "/x": { get: { responses: { "200": { description: "ok", content: { "application/json": { examples: { a: { externalValue: "https://example.com/a.json" } } } } } } } } },
      components: { schemas: { Pet: { $ref: "./pet.yaml" } } },
    };
    expect(await problemsOf({ "openapi.yaml": doc, "pet.yaml": { type: "string" } })).toEqual([]);
  });
});

describe("Swagger 2.0", () => {
  test("is converted to OpenAPI 3.0 first, with a note", async () => {
    const spec = await loadApi(source("legacy"), FIXTURES);
    expect(spec.notes).toEqual([expect.stringMatching(/^converted from Swagger 2\.0 by swagger2openapi \d+\.\d+\.\d+$/)]);
    const d = spec.document as Record<string, any>;
    expect(d.openapi).toMatch(/^3\.0\./);
    expect(d.swagger).toBeUndefined();
    expect(d.servers).toEqual([{ url: "https://legacy.example/v1" }]);
    expect(d.components.securitySchemes).toEqual({ "api-key": { type: "apiKey", in: "header", name: "api-key" } });
    expect(d.components.schemas.StoredFile.properties.size).toEqual({ type: "integer", nullable: true });
    expect(d.definitions).toBeUndefined();
    expect(refsOf(d).every((r) => r.startsWith("#/components/"))).toBe(true);
    // formData → a multipart body, the file as binary, required because a field is
    const post = d.paths["/files"].post;
    expect(post.operationId).toBeUndefined();
    expect(post.parameters).toBeUndefined();
    expect(post.requestBody).toEqual({
      required: true,
      content: { "multipart/form-data": { schema: { type: "object", properties: { file: { type: "string", format: "binary" }, note: { type: "string" } }, required: ["file"] } } },
    });
    expect(post.responses["201"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/StoredFile" });
    // collectionFormat: multi → explode: true
    expect(d.paths["/files"].get.parameters).toEqual([{ name: "tags", in: "query", explode: true, schema: { type: "array", items: { type: "string" } } }]);
  });

  test("locate finds the Swagger file's lines for the converted pointers", async () => {
    const spec = await loadApi(source("legacy"), FIXTURES);
    expect(spec.locate("/components/schemas/StoredFile/properties/size")?.line).toBe(59); // the value of size: (line 58)
    expect(spec.locate("/components/securitySchemes/api-key")?.line).toBe(12); // securityDefinitions.api-key
  });

  test("response examples keyed by something else than a media type are dropped, with a note", async () => {
    const swagger = {
      swagger: "2.0",
      info: { title: "t", version: "1" },
      produces: ["application/json"],
      paths: { "/x": { get: { responses: { "400": { description: "bad", examples: { response: { value: { message: "no" } }, "application/json": { message: "no" } } } } } } },
    };
    await writeFile(path.join(dir, "openapi.yaml"), stringify(swagger));
    const spec = await loadApi({ api: "t", input: path.join(dir, "openapi.yaml"), overlays: [] }, dir);
    const bad = (spec.document.paths as Record<string, any>)["/x"].get.responses["400"];
    expect(Object.keys(bad.content)).toEqual(["application/json"]);
    expect(spec.notes[1]).toMatch(/dropped 1 response example\(s\) whose key is not a media type .* \/paths\/~1x\/get\/responses\/400\/examples\/response/);
  });
});

describe("versions", () => {
  test.each([
    ["OpenAPI 3.2", { openapi: "3.2.0" }, "/openapi", /^OpenAPI 3\.2\.0 is not supported; supported: openapi 3\.0\.x and 3\.1\.x, and swagger "2\.0"/],
    ["OpenAPI 4", { openapi: "4.0.0" }, "/openapi", /^OpenAPI 4\.0\.0 is not supported/],
    ["a number", { openapi: 3.1 }, "/openapi", /^OpenAPI 3\.1 is not supported/],
    ["Swagger 1.2", { swagger: "1.2" }, "/swagger", /^Swagger "1\.2" is not supported/],
    ["neither", { info: { title: "t", version: "1" } }, "", /^not an OpenAPI document: no "openapi" \(or "swagger"\) field/],
  ])("%s is an error at its field", async (_name, doc, pointer, message) => {
    const problems = await problemsOf({ "openapi.yaml": { info: { title: "t", version: "1" }, paths: {}, ...doc } });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.pointer).toBe(pointer);
    expect(problems[0]!.message).toMatch(message);
  });

  test.each(["3.0.0", "3.0.3", "3.1.0", "3.1.1"])("OpenAPI %s loads as written", async (openapi) => {
    expect(await problemsOf({ "openapi.yaml": { ...ok, openapi } })).toEqual([]);
  });

  test("the error has the line", async () => {
    await writeFile(path.join(dir, "openapi.yaml"), "info: { title: t, version: '1' }\nopenapi: 3.2.0\npaths: {}\n");
    await expect(loadApi({ api: "t", input: path.join(dir, "openapi.yaml"), overlays: [] }, dir)).rejects.toThrow(/^openapi\.yaml:2:10 \/openapi: OpenAPI 3\.2\.0 is not supported/);
  });
});

describe("overlays", () => {
  test("are applied before generation: x-batch added to an operation", async () => {
    const spec = await loadApi(source("tiny"), FIXTURES);
    const post = (spec.document.paths as Record<string, any>)["/things/batch"].post;
    expect(post["x-batch"]).toEqual({ items: "/items", maxItems: 100, maxBytes: 1000000 });
    expect(post.summary).toBe("Update things"); // the translations (ru.yaml, pt-BR.json) are not applied
    expect(spec.file).toBe("specs/tiny/openapi.json");
  });

  test("apply after conversion, in order", async () => {
    const a = { overlay: "1.0.0", info: { title: "a", version: "1" }, actions: [{ target: "$.components.schemas.StoredFile", update: { description: "first" } }] };
    const b = { overlay: "1.0.0", info: { title: "b", version: "1" }, actions: [{ target: "$.components.schemas.StoredFile", update: { description: "second" } }] };
    await writeFile(path.join(dir, "a.yaml"), stringify(a));
    await writeFile(path.join(dir, "b.yaml"), stringify(b));
    const spec = await loadApi({ ...source("legacy"), overlays: [path.join(dir, "a.yaml"), path.join(dir, "b.yaml")] }, FIXTURES);
    expect((spec.document.components as any).schemas.StoredFile.description).toBe("second");
  });

  const action = (target: string) => ({ target, update: { "x-batch": { items: "/items" } } });
  test.each([
    [
      "a target that matches nothing",
      { overlay: "1.0.0", info: { title: "o", version: "1" }, actions: [action("$.paths['/x'].get"), action("$.paths['/gone'].post"), action("$.info")] },
      [{ pointer: "/actions/1/target", message: /^\$\.paths\['\/gone'\]\.post matches nothing in the spec/ }],
    ],
    [
      "not Overlay 1.0",
      { overlay: "2.0.0", info: { title: "o", version: "1" }, actions: [action("$.info")] },
      [{ pointer: "/overlay", message: /^expected 1\.0\.x \(OpenAPI Overlay 1\.0\), found "2\.0\.0"/ }],
    ],
    [
      "an action without update or remove",
      { overlay: "1.0.0", info: { title: "o", version: "1" }, actions: [action("$.info"), { target: "$.info" }] },
      [{ pointer: "/actions/1", message: /needs "update" or "remove: true"/ }],
    ],
    [
      "a target that is not a JSONPath",
      { overlay: "1.0.0", info: { title: "o", version: "1" }, actions: [{ target: "paths./x", update: {} }] },
      [{ pointer: "/actions/0/target", message: /expected a JSONPath starting with \$, found "paths\.\/x"/ }],
    ],
    ["no actions", { overlay: "1.0.0", info: { title: "o", version: "1" }, actions: [] }, [{ pointer: "/actions", message: /expected a non-empty list of actions/ }]],
  ])("%s is an error in the overlay file at its pointer", async (_name, overlay, want) => {
    const doc = { ...ok, paths: { "/x": { get: { responses: { "200": { description: "ok" } } } } } };
    const problems = await problemsOf({ "openapi.yaml": doc, "overlays/o.yaml": overlay }, ["overlays/o.yaml"]);
    expect(problems.map((p) => p.file)).toEqual(want.map(() => "overlays/o.yaml"));
    expect(problems.map((p) => p.pointer)).toEqual(want.map((w) => w.pointer));
    problems.forEach((p, i) => expect(p.message).toMatch(want[i]!.message));
  });

  test("the message has the overlay's line", async () => {
    await writeFile(path.join(dir, "openapi.yaml"), stringify(ok));
    await writeFile(path.join(dir, "o.yaml"), stringify({ overlay: "1.0.0", info: { title: "o", version: "1" }, actions: [action("$.paths['/gone']")] }));
    await expect(loadApi({ api: "t", input: path.join(dir, "openapi.yaml"), overlays: [path.join(dir, "o.yaml")] }, dir)).rejects.toThrow(
      /^o\.yaml:6:13 \/actions\/0\/target: \$\.paths\['\/gone'\] matches nothing in the spec/,
    );
  });
});
