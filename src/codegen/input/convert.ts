/**
 * Which OpenAPI versions are read, and Swagger 2.0 converted to OpenAPI 3.0 before anything else reads it.
 *
 * The converter is swagger2openapi (Mermade's oas-kit, the converter most tools have long relied on).
 * Tried against @scalar/openapi-upgrader on Brevo's 233-operation Swagger 2.0 description: both turn
 * formData into multipart/form-data and x-www-form-urlencoded bodies, securityDefinitions into
 * securitySchemes and definitions into components/schemas with every $ref rewritten; but the upgrader
 * versions that run on Node 20 (0.1.x; 0.2+ need Node 22) keep only the first of an operation's
 * `produces` (application/xml was lost), leave `x-nullable` unconverted, do not mark a body required
 * when a formData field is, and drop the vendor extensions of formData fields. swagger2openapi does
 * all four right. It can fetch remote `$ref`s, so it runs with `resolve: false` and a `fetch` that
 * throws: nothing is ever fetched.
 */
import { createRequire } from "node:module";
import { joinPointer, parsePointer } from "../pointer.js";
import { SpecError } from "../spec-error.js";

export type SpecVersion = "2.0" | "3.0" | "3.1";

/**
 * The document's version, or a SpecError at `/openapi` (or `/swagger`) saying what is supported.
 * `swagger: 2.0` unquoted (the number 2) is read as "2.0", as every tool does.
 */
export function specVersion(doc: Record<string, unknown>, file: string, locate?: (pointer: string) => { line: number; column: number } | undefined): SpecVersion {
  const supported = `supported: openapi 3.0.x and 3.1.x, and swagger "2.0" (converted to OpenAPI 3.0 first)`;
  const fail = (pointer: string, message: string): never => {
    throw new SpecError(file, [{ pointer, message, ...locate?.(pointer) }]);
  };
  if ("openapi" in doc) {
    const v = doc.openapi;
    if (typeof v === "string") {
      const m = /^3\.([01])(\.\d+)?(-[0-9A-Za-z.-]+)?$/.exec(v);
      if (m) return m[1] === "0" ? "3.0" : "3.1";
    }
    return fail("/openapi", `OpenAPI ${typeof v === "string" ? v : JSON.stringify(v)} is not supported; ${supported}`);
  }
  if ("swagger" in doc) {
    if (doc.swagger === "2.0" || doc.swagger === 2) return "2.0";
    return fail("/swagger", `Swagger ${JSON.stringify(doc.swagger)} is not supported; ${supported}`);
  }
  return fail("", `not an OpenAPI document: no "openapi" (or "swagger") field at the top level; ${supported}`);
}

export interface Converted {
  document: Record<string, unknown>;
  /** `converted from Swagger 2.0 by swagger2openapi 7.0.8`, then what the conversion could not carry over, each with its pointer. */
  notes: string[];
}

interface Swagger2OpenApi {
  convertObj(swagger: unknown, options: Record<string, unknown>): Promise<{ openapi: Record<string, unknown> }>;
}

const WARNING = "x-profilekit-conversion-warning";

/** Swagger 2.0 → OpenAPI 3.0 with swagger2openapi. The input is not modified. */
export async function convertSwagger2(doc: Record<string, unknown>): Promise<Converted> {
  // Loaded only when a Swagger 2.0 document shows up: it is a tree of CommonJS modules.
  const require = createRequire(import.meta.url);
  const s2o = require("swagger2openapi") as Swagger2OpenApi;
  const version = (require("swagger2openapi/package.json") as { version: string }).version;
  const swagger = structuredClone(doc);
  const notes = [`converted from Swagger 2.0 by swagger2openapi ${version}`];
  const dropped = dropExamplesNotKeyedByMediaType(swagger);
  if (dropped.length > 0) {
    notes.push(`dropped ${dropped.length} response example(s) whose key is not a media type (Swagger 2.0 "examples" maps MIME types to examples), first at ${dropped[0]} of the Swagger document`);
  }
  const result = await s2o.convertObj(swagger, {
    patch: true, // fix what is unambiguous (a missing response description) rather than stop
    warnOnly: true, // what cannot be converted is marked in the document (collected below) rather than thrown
    warnProperty: WARNING,
    resolve: false, // never follow external $refs (bundling has already joined local files)
    fetch: () => Promise.reject(new Error("profilekit never fetches anything")),
    text: "-", // it would otherwise serialize the whole document to YAML for nothing (0.4 s on Brevo)
  });
  const document = result.openapi;
  for (const { pointer, message } of collectWarnings(document)) notes.push(`could not convert ${pointer}: ${message}`);
  return { document, notes };
}

/** Removes the converter's warning marks from the document, returning each with the pointer it was at. */
function collectWarnings(root: unknown): { pointer: string; message: string }[] {
  const found: { pointer: string; message: string }[] = [];
  const walk = (node: unknown, pointer: string) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((v, i) => walk(v, joinPointer(pointer, i)));
    const record = node as Record<string, unknown>;
    if (WARNING in record) {
      found.push({ pointer: pointer || "(document)", message: String(record[WARNING]) });
      delete record[WARNING];
    }
    for (const [k, v] of Object.entries(record)) walk(v, joinPointer(pointer, k));
  };
  walk(root, "");
  return found;
}

/**
 * In Swagger 2.0 a response's `examples` maps media types to examples. Some descriptions put OpenAPI 3
 * named examples there (Brevo: `examples: { response: { value: … } }`); swagger2openapi would turn the
 * name into a media type (`content: { response: … }`), which a client would then expect. Those are dropped.
 */
function dropExamplesNotKeyedByMediaType(swagger: Record<string, unknown>): string[] {
  const dropped: string[] = [];
  const fix = (response: unknown, pointer: string) => {
    if (response === null || typeof response !== "object") return;
    const examples = (response as { examples?: unknown }).examples;
    if (examples === null || typeof examples !== "object" || Array.isArray(examples)) return;
    for (const key of Object.keys(examples)) {
      if (key.includes("/")) continue;
      delete (examples as Record<string, unknown>)[key];
      dropped.push(joinPointer(pointer, "examples", key));
    }
    if (Object.keys(examples).length === 0) delete (response as { examples?: unknown }).examples;
  };
  for (const [name, response] of Object.entries(record(swagger.responses))) fix(response, joinPointer("/responses", name));
  for (const [p, item] of Object.entries(record(swagger.paths))) {
    for (const [method, op] of Object.entries(record(item))) {
      for (const [status, response] of Object.entries(record(record(op).responses))) fix(response, joinPointer("/paths", p, method, "responses", status));
    }
  }
  return dropped;
}

/**
 * Where an OpenAPI 3.0 pointer of a converted document was in the Swagger 2.0 file, near enough to
 * give a line: components/schemas → definitions, a response's content/<type>/schema → its schema,
 * a request body → the operation's parameters. Anything else keeps its pointer (the line of the
 * deepest node that exists on the way).
 */
export function swaggerPointer(pointer: string): string {
  const tokens = parsePointer(pointer);
  const rules: [string[], string[]][] = [
    [["components", "schemas"], ["definitions"]],
    [["components", "securitySchemes"], ["securityDefinitions"]],
    [["components", "parameters"], ["parameters"]],
    [["components", "responses"], ["responses"]],
    [["servers"], ["host"]],
  ];
  for (const [from, to] of rules) {
    if (from.every((t, i) => tokens[i] === t)) return joinPointer("", ...to, ...tokens.slice(from.length));
  }
  if (tokens[0] === "paths" && tokens.length >= 4) {
    const [, p, method, part, ...rest] = tokens as [string, string, string, string, ...string[]];
    if (part === "requestBody") return joinPointer("", "paths", p, method, "parameters");
    if (part === "responses" && rest[1] === "content" && rest[3] === "schema") return joinPointer("", "paths", p, method, "responses", rest[0]!, "schema", ...rest.slice(4));
  }
  return pointer;
}

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
