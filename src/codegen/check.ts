import type { LoadedSpec } from "./load.js";
import { RESERVED } from "./code.js";
import { joinPointer, parsePointer, resolvePointer } from "./pointer.js";
import { SpecError, type SpecProblem } from "./spec-error.js";
import { openApiCompiler } from "./validator/compile.js";

export const HTTP_METHODS = ["get", "put", "post", "patch", "delete"] as const;
export const MEDIA_TYPES = ["application/json", "application/xml"] as const;
const OPERATION_ID = /^[a-z][A-Za-z0-9]*$/;
const SCHEMA_REF = /^#\/components\/schemas\/([A-Za-z_][A-Za-z0-9_.-]*)$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Checks that a spec stays inside what the generator supports. Collects every problem, then throws
 * one SpecError listing them all (with lines), so nothing is half-written from a broken spec.
 */
export function checkSpec(spec: LoadedSpec): void {
  const problems: SpecProblem[] = [];
  const doc = spec.document;
  const reported = new Set<string>();
  // A schema's problem is found again from each schema that refers to it: reported once.
  const report = (pointer: string, message: string) => {
    if (reported.has(`${pointer}\n${message}`)) return;
    reported.add(`${pointer}\n${message}`);
    problems.push({ pointer, message, ...spec.locate(pointer) });
  };

  if (typeof doc["openapi"] !== "string" || !doc["openapi"].startsWith("3.1.")) {
    report("/openapi", `expected an OpenAPI 3.1.x document, found ${JSON.stringify(doc["openapi"])}`);
  }
  const servers = doc["servers"];
  if (!Array.isArray(servers) || !isObj(servers[0]) || typeof servers[0]["url"] !== "string") {
    report("/servers", "expected at least one server with a url (the client's default base URL)");
  }

  checkSchemas(doc, report);
  checkOperations(doc, report);
  checkSecurity(doc, report);
  checkExtensions(doc, report);

  if (problems.length > 0) throw new SpecError(spec.file, problems);
}

type Report = (pointer: string, message: string) => void;

function checkSchemas(doc: Obj, report: Report): void {
  const components = isObj(doc["components"]) ? doc["components"] : {};
  const schemas = isObj(components["schemas"]) ? components["schemas"] : {};
  for (const [name, schema] of Object.entries(schemas)) {
    const pointer = joinPointer("/components/schemas", name);
    checkSchema(doc, pointer, report);
    if (isObj(schema) && schema["discriminator"] !== undefined) checkDiscriminator(schema, pointer, report);
  }
}

/**
 * A schema is supported when the validator compiler takes it: the compiler's keyword registry is
 * the one list of what is supported (src/codegen/validator/keywords/registry.ts).
 */
export function checkSchema(doc: Obj, pointer: string, report: Report): void {
  try {
    const { compiler, root } = openApiCompiler(doc, "");
    compiler.functionFor(compiler.index.child(root, ...parsePointer(pointer)));
    compiler.output();
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    for (const p of e.problems) report(p.pointer, p.message);
  }
}

/** A discriminator names its tag and maps values only to its oneOf branches. */
function checkDiscriminator(schema: Obj, pointer: string, report: Report): void {
  const at = joinPointer(pointer, "discriminator");
  const d = schema["discriminator"];
  const branches = Array.isArray(schema["oneOf"]) ? schema["oneOf"].map((b) => (isObj(b) ? b["$ref"] : undefined)) : [];
  if (!isObj(d) || typeof d["propertyName"] !== "string") {
    report(at, "expected { propertyName, mapping }");
    return;
  }
  if (branches.length === 0) report(at, "a discriminator needs a oneOf of $ref branches beside it");
  // Without a mapping each branch's schema name is its tag value, as openapi-typescript types it.
  for (const [value, target] of Object.entries(isObj(d["mapping"]) ? d["mapping"] : {})) {
    if (!branches.includes(target)) report(joinPointer(at, "mapping", value), `expected one of the oneOf branches (${branches.join(", ")}), found ${JSON.stringify(target)}`);
  }
}

function checkOperations(doc: Obj, report: Report): void {
  const paths = doc["paths"];
  if (!isObj(paths) || Object.keys(paths).length === 0) {
    report("/paths", "expected at least one path");
    return;
  }
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries(paths)) {
    if (!isObj(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      const at = joinPointer("/paths", path, method);
      if (method === "parameters" || method === "summary" || method === "description" || method.startsWith("x-")) continue;
      if (!(HTTP_METHODS as readonly string[]).includes(method)) {
        report(at, `unsupported path item field "${method}": expected one of ${HTTP_METHODS.join(", ")}`);
        continue;
      }
      if (!isObj(op)) continue;
      const id = op["operationId"];
      if (typeof id !== "string" || !OPERATION_ID.test(id)) {
        report(joinPointer(at, "operationId"), `expected a camelCase operationId (it names the client method), found ${JSON.stringify(id)}`);
      } else if (breaksClient(id)) {
        report(joinPointer(at, "operationId"), `operationId "${id}" cannot name a client method: ${breaksClient(id)}; choose another operationId`);
      } else if (seen.has(id)) {
        report(joinPointer(at, "operationId"), `operationId "${id}" is already used at ${seen.get(id)}`);
      } else seen.set(id, at);
      checkParameters(doc, path, [...asArray(item["parameters"]), ...asArray(op["parameters"])], at, report);
      checkBody(op["requestBody"], joinPointer(at, "requestBody"), true, report);
      const responses = isObj(op["responses"]) ? op["responses"] : {};
      const success = Object.keys(responses).filter((code) => /^2\d\d$/.test(code));
      if (success.length !== 1) report(joinPointer(at, "responses"), `expected exactly one 2xx response, found ${success.length}`);
      for (const code of success) checkBody(responses[code], joinPointer(at, "responses", code), false, report);
    }
  }
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function checkParameters(doc: Obj, path: string, params: unknown[], at: string, report: Report): void {
  const inTemplate = new Set([...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
  const declared = new Set<string>();
  params.forEach((p, i) => {
    const pp = joinPointer(at, "parameters", i);
    if (!isObj(p) || p["in"] !== "path") {
      report(pp, `only path parameters are supported, found ${isObj(p) ? `"in: ${String(p["in"])}"` : JSON.stringify(p)}`);
      return;
    }
    const name = String(p["name"]);
    if (!inTemplate.has(name)) report(pp, `path parameter "${name}" does not appear in the path ${path}`);
    if (p["required"] !== true) report(joinPointer(pp, "required"), "a path parameter must be required: true");
    checkSchema(doc, joinPointer(pp, "schema"), report);
    declared.add(name);
  });
  for (const name of inTemplate) if (name && !declared.has(name)) report(at, `path parameter "{${name}}" is not declared in parameters`);
}

/** Bodies: JSON (and optionally XML), each media type a $ref to a named schema, so types have names. */
function checkBody(body: unknown, at: string, isRequest: boolean, report: Report): void {
  if (body === undefined) {
    if (isRequest) report(at, "expected a request body: every profilekit operation sends one");
    return;
  }
  if (!isObj(body)) return report(at, "expected an object");
  if (isRequest && body["required"] !== true) report(joinPointer(at, "required"), "expected required: true");
  const content = body["content"];
  if (content === undefined && !isRequest) return; // an answer without a body (edna: 200, nothing documented)
  if (!isObj(content) || !("application/json" in content)) return report(joinPointer(at, "content"), "expected an application/json media type");
  let jsonRef: unknown;
  for (const [media, mt] of Object.entries(content)) {
    const mp = joinPointer(at, "content", media);
    if (!(MEDIA_TYPES as readonly string[]).includes(media)) report(mp, `unsupported media type: expected ${MEDIA_TYPES.join(" or ")}`);
    const ref = isObj(mt) && isObj(mt["schema"]) ? mt["schema"]["$ref"] : undefined;
    if (typeof ref !== "string" || !SCHEMA_REF.test(ref)) report(joinPointer(mp, "schema"), "expected { $ref: '#/components/schemas/<Name>' }");
    if (media === "application/json") jsonRef = ref;
    else if (ref !== jsonRef) report(joinPointer(mp, "schema"), `expected the same schema as application/json (${String(jsonRef)})`);
  }
}

function checkSecurity(doc: Obj, report: Report): void {
  const security = asArray(doc["security"]);
  const names = security.flatMap((req) => (isObj(req) ? Object.keys(req) : []));
  if (names.length !== 1) return report("/security", `expected exactly one security requirement (the client's credential), found ${names.length}`);
  const optional = security.some((req) => isObj(req) && Object.keys(req).length === 0);
  const name = names[0]!;
  const at = joinPointer("/components/securitySchemes", name);
  const scheme = resolvePointer(doc, at);
  if (!isObj(scheme)) return report("/security/0", `security scheme "${name}" is not defined in components.securitySchemes`);
  const type = scheme["type"];
  if (type === "apiKey") {
    if (scheme["in"] !== "header") report(joinPointer(at, "in"), `expected an apiKey "in: header", found ${JSON.stringify(scheme["in"])}`);
  } else if (type === "http") {
    const s = String(scheme["scheme"]).toLowerCase();
    const template = scheme["x-authorization-template"];
    if (s !== "bearer" && (typeof template !== "string" || !template.includes("{credential}"))) {
      report(joinPointer(at, "x-authorization-template"), `http scheme "${String(scheme["scheme"])}" needs x-authorization-template with "{credential}" in it`);
    }
  } else {
    report(joinPointer(at, "type"), `unsupported security scheme type ${JSON.stringify(type)}: expected apiKey (header) or http`);
  }
  const bodyField = scheme["x-body-credential"];
  if (bodyField !== undefined && (typeof bodyField !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(bodyField))) {
    report(joinPointer(at, "x-body-credential"), "expected the name of a request body field");
  }
  // `{}` (no header needed) is true only when the body can carry the credential instead.
  if (optional && bodyField === undefined) {
    report("/security", `an empty requirement ({}) beside "${name}" needs x-body-credential on the scheme: otherwise the API would take requests without a credential`);
  }
}

function checkExtensions(doc: Obj, report: Report): void {
  checkArrayMarkers(doc, report);
  const vendorError = doc["x-vendor-error"];
  if (vendorError !== undefined) {
    const ok = isObj(vendorError) && isPointer(vendorError["code"]) && isPointer(vendorError["message"]) && "success" in vendorError;
    if (!ok) report("/x-vendor-error", "expected { code: <JSON Pointer>, message: <JSON Pointer>, success: <value> }");
  }
  const paths = isObj(doc["paths"]) ? doc["paths"] : {};
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(isObj(item) ? item : {})) {
      const batch = isObj(op) ? op["x-batch"] : undefined;
      if (batch === undefined) continue;
      const ok =
        isObj(batch) &&
        typeof batch["items"] === "string" &&
        /^\/[^/]+$/.test(batch["items"]) &&
        isPointer(batch["results"]) &&
        (batch["id"] === undefined || isPointer(batch["id"])) &&
        isPositiveInt(batch["maxItems"]) &&
        isPositiveInt(batch["maxBytes"]);
      if (!ok) {
        report(
          joinPointer("/paths", path, method, "x-batch"),
          "expected { items: </property> (a top-level array of the body), maxItems: <integer > 0>, maxBytes: <integer > 0>, results: <JSON Pointer>, id?: <JSON Pointer> }",
        );
      } else checkBatchTargets(doc, op as Obj, batch as Obj, joinPointer("/paths", path, method, "x-batch"), report);
    }
  }
}

/** Why a name cannot be a method of the generated client, or undefined when it can. */
function breaksClient(name: string): string | undefined {
  if (RESERVED.has(name)) return `"${name}" is a reserved word in JavaScript`;
  if (name === "then") return "a client with a then method is a thenable, and awaiting it (or returning it from an async function) would never settle";
  if (name in Object.prototype) return `it would shadow Object.prototype.${name}, which code handling the client relies on`;
  return undefined;
}

/**
 * The schema a JSON Pointer into a body reaches, following $ref, properties and the parts of
 * allOf/anyOf/oneOf (the body being `schema`), or a message saying where the walk stopped.
 */
function schemaAt(doc: Obj, schema: unknown, pointer: string): { schema: Obj } | { problem: string } {
  let s = deref(doc, schema);
  let walked = "";
  for (const token of parsePointer(pointer)) {
    const found = propertyOf(doc, s, token, new Set());
    if (found === undefined) return { problem: `the ${walked ? `property ${walked}` : "body"} has no property "${token}"` };
    walked = joinPointer(walked, token);
    s = deref(doc, found);
  }
  return isObj(s) ? { schema: s } : { problem: `${walked} is not a schema object` };
}

/** The schema of property `name` in `schema` or in one of its allOf/anyOf/oneOf parts. */
function propertyOf(doc: Obj, schema: unknown, name: string, seen: Set<unknown>): unknown {
  const s = deref(doc, schema);
  if (!isObj(s) || seen.has(s)) return undefined;
  seen.add(s);
  if (isObj(s["properties"]) && Object.hasOwn(s["properties"], name)) return s["properties"][name];
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    for (const part of asArray(s[key])) {
      const found = propertyOf(doc, part, name, seen);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

const deref = (doc: Obj, s: unknown): unknown => (isObj(s) && typeof s["$ref"] === "string" && s["$ref"].startsWith("#") ? resolvePointer(doc, s["$ref"].slice(1)) : s);

/** x-batch's items and results name arrays of the request body and of the answer. */
function checkBatchTargets(doc: Obj, op: Obj, batch: Obj, at: string, report: Report): void {
  const bodySchema = (content: unknown) => (isObj(content) && isObj(content["application/json"]) ? content["application/json"]["schema"] : undefined);
  const request = bodySchema(isObj(op["requestBody"]) ? op["requestBody"]["content"] : undefined);
  const success = Object.entries(isObj(op["responses"]) ? op["responses"] : {}).find(([code]) => /^2\d\d$/.test(code))?.[1];
  const answer = bodySchema(isObj(success) ? success["content"] : undefined);
  for (const [key, schema, what] of [
    ["items", request, "request body"],
    ["results", answer, "answer"],
  ] as const) {
    if (schema === undefined) continue; // reported by checkBody
    const found = schemaAt(doc, schema, batch[key] as string);
    if ("problem" in found) report(joinPointer(at, key), `${JSON.stringify(batch[key])} points to nothing in the ${what}: ${found.problem}`);
    else if (found.schema["type"] !== "array" && !(Array.isArray(found.schema["type"]) && found.schema["type"].includes("array"))) {
      report(joinPointer(at, key), `${JSON.stringify(batch[key])} must be an array of the ${what}, found ${JSON.stringify(found.schema["type"] ?? "a schema without type")}`);
    }
  }
}

/** `x-xml-array-marker`: { attribute: an XML name, value: a string }, at the root or on an array schema. */
function checkArrayMarkers(doc: Obj, report: Report): void {
  const check = (marker: unknown, at: string) => {
    if (!isObj(marker) || typeof marker["attribute"] !== "string" || !XML_NAME.test(marker["attribute"]) || typeof marker["value"] !== "string") {
      report(at, `expected { attribute: <an XML attribute name>, value: <a string> }, found ${JSON.stringify(marker)}`);
    }
  };
  if (doc["x-xml-array-marker"] !== undefined) check(doc["x-xml-array-marker"], "/x-xml-array-marker");
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) node.forEach((x, i) => visit(x, joinPointer(at, i)));
    else if (isObj(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k === "x-xml-array-marker") check(v, joinPointer(at, k));
        else if (k !== "example" && k !== "examples" && k !== "enum" && k !== "const" && k !== "default") visit(v, joinPointer(at, k));
      }
    }
  };
  visit(isObj(doc["components"]) ? doc["components"]["schemas"] : undefined, "/components/schemas");
}

const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const isPointer = (v: unknown): v is string => typeof v === "string" && (v === "" || v.startsWith("/"));
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
