/**
 * Deterministic sample values from an OpenAPI 3.x document, for calling a real spec's operations
 * (test/e2e/prism-real-specs.e2e.test.ts): the same document always gives the same values.
 *
 * - A parameter: its `example`, else the first of its `examples`, else a value of its schema.
 * - A request body (a Media Type Object): its `example`, else the first of its `examples`, else a
 *   minimal value of its schema.
 * - A schema: `$ref`s followed (local ones; siblings of a `$ref` merged over the target), `allOf`
 *   merged (properties, required, the other keywords of the first part that has them), `oneOf` /
 *   `anyOf` the first branch (merged with the schema's own keywords), then `const`, the first of
 *   `enum`, `example` (for a value that is not an object with properties), `default`, else a value of
 *   its type: objects with their required properties only (readOnly ones left out of requests),
 *   arrays with `minItems` items (at least one), strings by format (email, date-time, date, uuid,
 *   uri, …) within their length bounds, numbers within their bounds.
 */

export type Doc = Record<string, unknown>;
type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The node a local `$ref` points to. */
export function resolvePointer(doc: Doc, ref: string): unknown {
  if (!ref.startsWith("#")) throw new Error(`only local $refs are supported: ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isObject(node) && !Array.isArray(node)) throw new Error(`$ref ${ref} does not resolve`);
    node = (node as Record<string, unknown>)[token];
  }
  if (node === undefined) throw new Error(`$ref ${ref} does not resolve`);
  return node;
}

/** A Reference Object followed until it is not one (Parameter, Request Body, Example, Response objects). */
export function deref<T = Record<string, unknown>>(doc: Doc, node: unknown): T {
  const seen = new Set<string>();
  while (isObject(node) && typeof node.$ref === "string") {
    if (seen.has(node.$ref)) throw new Error(`a $ref cycle at ${node.$ref}`);
    seen.add(node.$ref);
    node = resolvePointer(doc, node.$ref);
  }
  return node as T;
}

/** The first value of an `examples` map (Example Objects, `$ref`s followed), or undefined. */
function firstExample(doc: Doc, examples: unknown): { value: unknown } | undefined {
  if (!isObject(examples)) return undefined;
  for (const example of Object.values(examples)) {
    const e = deref(doc, example);
    if (isObject(e) && "value" in e) return { value: e.value };
  }
  return undefined;
}

export interface SampleOptions {
  /** Request values leave readOnly properties out; answers would leave writeOnly ones out. Default "request". */
  direction?: "request" | "response";
}

/** A value for a Parameter Object (a `$ref` to one is followed). */
export function sampleParameter(doc: Doc, parameter: unknown): unknown {
  const p = deref(doc, parameter);
  if ("example" in p) return p.example;
  const example = firstExample(doc, p.examples);
  if (example) return example.value;
  if (isObject(p.schema)) return sampleFromSchema(doc, p.schema);
  // A parameter with `content`: the value of its one media type.
  if (isObject(p.content)) {
    const media = Object.values(p.content)[0];
    if (isObject(media)) return sampleMedia(doc, media);
  }
  throw new Error(`parameter ${String(p.name)}: neither schema nor content`);
}

/** A value for a Media Type Object: its example, else the first of its examples, else a minimal value of its schema. */
export function sampleMedia(doc: Doc, media: Record<string, unknown>, options: SampleOptions = {}): unknown {
  if ("example" in media) return media.example;
  const example = firstExample(doc, media.examples);
  if (example) return example.value;
  return isObject(media.schema) ? sampleFromSchema(doc, media.schema, options) : {};
}

/** A minimal valid value of a Schema Object of `doc`. */
export function sampleFromSchema(doc: Doc, schema: unknown, options: SampleOptions = {}): unknown {
  return sample(doc, schema, options.direction ?? "request", 0);
}

const MAX_DEPTH = 40;

/** `$ref` resolved (siblings over the target) and `allOf` merged, recursively: one schema without either. */
function flatten(doc: Doc, schema: unknown, seen: readonly string[] = []): Schema {
  if (schema === true || schema === undefined) return {};
  if (!isObject(schema)) throw new Error(`not a schema: ${JSON.stringify(schema)}`);
  let s: Schema = schema;
  if (typeof s.$ref === "string") {
    if (seen.includes(s.$ref)) throw new Error(`a required $ref cycle at ${s.$ref}: no finite sample`);
    const { $ref, ...siblings } = s;
    const target = flatten(doc, resolvePointer(doc, $ref as string), [...seen, $ref as string]);
    s = merge(target, siblings);
  }
  if (Array.isArray(s.allOf)) {
    const { allOf, ...own } = s;
    let merged: Schema = flatten(doc, own, seen);
    for (const part of allOf) merged = merge(merged, flatten(doc, part, seen));
    s = merged;
  }
  return s;
}

/** Two schemas as one: properties and required united (a property in both: its schemas merged with allOf), other keywords from `a` first. */
function merge(a: Schema, b: Schema): Schema {
  const out: Schema = { ...b, ...a };
  if (isObject(a.properties) || isObject(b.properties)) {
    const props: Record<string, unknown> = { ...(b.properties as object) };
    for (const [k, v] of Object.entries((a.properties as Record<string, unknown>) ?? {})) props[k] = k in props ? { allOf: [v, props[k]] } : v;
    out.properties = props;
  }
  if (Array.isArray(a.required) || Array.isArray(b.required)) out.required = [...new Set([...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])])];
  return out;
}

/** The type to build: the schema's (the first non-null of a 3.1 type array), else guessed from its keywords. */
function typeOf(s: Schema): string | undefined {
  const t = s.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return (t.find((x) => x !== "null") as string | undefined) ?? "null";
  if (isObject(s.properties) || Array.isArray(s.required) || isObject(s.additionalProperties)) return "object";
  if (s.items !== undefined) return "array";
  return undefined;
}

function sample(doc: Doc, raw: unknown, direction: "request" | "response", depth: number): unknown {
  if (depth > MAX_DEPTH) throw new Error("schema too deep to sample");
  let s = flatten(doc, raw);
  const choice = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined;
  if (choice && choice.length > 0) {
    const { oneOf: _o, anyOf: _a, ...own } = s;
    s = merge(own, flatten(doc, choice[0]));
    // The branch may itself be a choice: sample again from the merged schema.
    if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) return sample(doc, s, direction, depth + 1);
  }
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum.find((v) => v !== null) ?? s.enum[0];
  const type = typeOf(s);
  const hasProperties = isObject(s.properties) && Object.keys(s.properties).length > 0;
  if ("example" in s && !(type === "object" && hasProperties)) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0 && !(type === "object" && hasProperties)) return s.examples[0];
  if ("default" in s) return s.default;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      const props = (s.properties as Record<string, unknown>) ?? {};
      for (const name of (s.required as string[]) ?? []) {
        const prop = props[name] === undefined ? (isObject(s.additionalProperties) ? s.additionalProperties : {}) : props[name];
        const flat = flatten(doc, prop);
        if (direction === "request" && flat.readOnly === true) continue;
        if (direction === "response" && flat.writeOnly === true) continue;
        Object.defineProperty(out, name, { value: sample(doc, prop, direction, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case "array": {
      const count = Math.max(typeof s.minItems === "number" ? s.minItems : 0, 1);
      const items = flatten(doc, s.items);
      if (s.uniqueItems === true && Array.isArray(items.enum)) return items.enum.slice(0, count);
      return Array.from({ length: count }, (_, i) => (i === 0 || s.uniqueItems !== true ? sample(doc, items, direction, depth + 1) : distinct(sample(doc, items, direction, depth + 1), i)));
    }
    case "string":
      return sampleString(s);
    case "integer":
      return sampleNumber(s, true);
    case "number":
      return sampleNumber(s, false);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return {};
  }
}

/** A string item made different from the first (unique arrays of free strings). */
const distinct = (value: unknown, i: number): unknown => (typeof value === "string" ? `${value}${i}` : typeof value === "number" ? value + i : value);

const FORMATS: Record<string, string> = {
  email: "user@example.com",
  "idn-email": "user@example.com",
  "date-time": "2024-01-02T03:04:05Z",
  date: "2024-01-02",
  time: "03:04:05Z",
  uuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  uri: "https://example.com/",
  "uri-reference": "https://example.com/",
  url: "https://example.com/",
  iri: "https://example.com/",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  byte: "AA==",
  duration: "P1D",
};

function sampleString(s: Schema): string {
  let value = typeof s.format === "string" && s.format in FORMATS ? FORMATS[s.format]! : "string";
  const min = typeof s.minLength === "number" ? s.minLength : 0;
  const max = typeof s.maxLength === "number" ? s.maxLength : Infinity;
  while (value.length < min) value += "x";
  if (value.length > max) value = value.slice(0, max);
  return value;
}

function sampleNumber(s: Schema, integer: boolean): number {
  const exclusiveMin = typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum : undefined;
  const exclusiveMax = typeof s.exclusiveMaximum === "number" ? s.exclusiveMaximum : undefined;
  let value = 1;
  if (typeof s.minimum === "number") value = s.exclusiveMinimum === true ? s.minimum + 1 : s.minimum;
  else if (exclusiveMin !== undefined) value = exclusiveMin + 1;
  if (typeof s.maximum === "number" && value > s.maximum) value = s.exclusiveMaximum === true ? s.maximum - 1 : s.maximum;
  if (exclusiveMax !== undefined && value >= exclusiveMax) value = exclusiveMax - 1;
  if (typeof s.multipleOf === "number" && s.multipleOf > 0) value = Math.ceil(value / s.multipleOf) * s.multipleOf;
  return integer ? Math.ceil(value) : value;
}
