/**
 * When openapi-typescript's Redocly steps would do nothing to a document — its lint throw no error, its
 * bundle change nothing and report nothing — they can be skipped (about 1.5 s of Klaviyo's 3 MB: each
 * resolves every `$ref` again). These checks are conservative: anything they cannot prove harmless
 * (an odd `$ref`, an `externalValue`, a repeated operationId) is a reason to act, and the caller then
 * runs openapi-typescript whole, so every refusal of it stays as it was.
 *
 * What the steps do, in @redocly/openapi-core 1.x as openapi-typescript 7 calls them:
 * - lint, with the one rule openapi-typescript's config holds (`operation-operationId-unique`, an error),
 *   throws when two Operation objects share an operationId;
 * - bundle (`dereference: false`) adds `components: {}` when missing, leaves a `$ref` inside the document
 *   alone unless it stands where a scalar is expected (it is then inlined), reports one that resolves to
 *   nothing, reads every example's `externalValue` into `value`, and rewrites each `discriminator.mapping`
 *   value to the name it saves the schema under.
 */

/** Object keys whose values are named OpenAPI / JSON Schema objects: a `$ref` among them is a reference. */
const MAPS_OF_OBJECTS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
  "schemas",
  "parameters",
  "responses",
  "requestBodies",
  "headers",
  "examples",
  "links",
  "callbacks",
  "pathItems",
  "securitySchemes",
  "paths",
  "webhooks",
]);
/** Keys whose value is one named object: a `$ref` there is a reference. */
const OBJECT_KEYS = new Set([
  "schema",
  "items",
  "additionalItems",
  "additionalProperties",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema",
  "requestBody",
]);
/** Keys whose value is an array of named objects. */
const LISTS_OF_OBJECTS = new Set(["allOf", "anyOf", "oneOf", "prefixItems", "parameters"]);
const SCHEMA_MAPPING = /^#\/components\/schemas\/([^/~%]+)$/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The node a plain local reference (`#/a/b`, every token non-empty, no percent-encoding) names, else undefined. */
function target(doc: Record<string, unknown>, ref: string): unknown {
  if (!ref.startsWith("#/") || ref.includes("%")) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    if (raw === "") return undefined;
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/**
 * Why openapi-typescript's lint or bundle might throw or change `doc` (the first reason found), or
 * undefined when they would leave it as it is but for the `components: {}` the bundle adds when there
 * are none (the caller adds it).
 */
export function redoclyWouldAct(doc: Record<string, unknown>): string | undefined {
  if (doc["swagger"] !== undefined || typeof doc["openapi"] !== "string" || !/^3\.[01]\./.test(doc["openapi"])) return "not OpenAPI 3.0/3.1";
  const operationIds = new Set<unknown>();
  const seen = new Map<object, Set<string>>();
  const resolves = new Map<string, boolean>();
  const resolvable = (ref: string) => {
    let known = resolves.get(ref);
    if (known === undefined) resolves.set(ref, (known = target(doc, ref) !== undefined));
    return known;
  };

  /** `node` sits under `key`; `parentKey` is its parent's key; `inList`: an item of the array at `key`. */
  const visit = (node: object, key: string | undefined, parentKey: string | undefined, inList: boolean): string | undefined => {
    // A node the bundler shares between places is checked once per kind of place (a loop ends there too).
    const place = `${inList}\0${key}\0${parentKey}`;
    const places = seen.get(node);
    if (places?.has(place)) return undefined;
    if (places) places.add(place);
    else seen.set(node, new Set([place]));
    if (Array.isArray(node)) {
      for (const item of node) {
        const why = item !== null && typeof item === "object" ? visit(item as object, key, undefined, true) : undefined;
        if (why !== undefined) return why;
      }
      return undefined;
    }
    const n = node as Record<string, unknown>;
    if ("$ref" in n) {
      const ref = n["$ref"];
      if (typeof ref !== "string" || !resolvable(ref)) return `$ref ${JSON.stringify(ref)}: not a plain local reference to something`;
      const placed = inList ? key !== undefined && LISTS_OF_OBJECTS.has(key) : (parentKey !== undefined && MAPS_OF_OBJECTS.has(parentKey)) || (key !== undefined && OBJECT_KEYS.has(key));
      if (!placed) return `$ref ${JSON.stringify(ref)} under ${JSON.stringify(key)}: maybe where a value is expected`;
    }
    if ("externalValue" in n) return "an externalValue";
    // Operations' ids, each object once as Redocly visits it; a Link names an operation by its id.
    const id = n["operationId"];
    if (places === undefined && parentKey !== "links" && id !== undefined && typeof id !== "object") {
      if (id && operationIds.has(id)) return `operationId ${JSON.stringify(id)} twice`;
      operationIds.add(id);
    }
    if (key === "discriminator" && isObject(n["mapping"])) {
      for (const value of Object.values(n["mapping"])) {
        const schema = typeof value === "string" && SCHEMA_MAPPING.test(value) ? target(doc, value) : undefined;
        if (!isObject(schema) || "$ref" in schema) return `discriminator mapping ${JSON.stringify(value)}: not a schema of components by a plain name`;
      }
    }
    for (const k in n) {
      const v = n[k];
      if (v === null || typeof v !== "object") continue;
      const why = visit(v, k, inList ? undefined : key, false);
      if (why !== undefined) return why;
    }
    return undefined;
  };
  return visit(doc, undefined, undefined, false);
}
