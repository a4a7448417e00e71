/** The JSON Schema subset profilekit generates code for. Anything else stops the generator. */

export const VALIDATION_KEYWORDS = new Set([
  "type", "enum", "const", "required", "properties", "additionalProperties", "items",
  "minItems", "maxItems", "uniqueItems", "contains", "minLength", "maxLength", "pattern",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
  "oneOf", "anyOf", "allOf", "discriminator", "$ref", "format",
]);

export const ANNOTATION_KEYWORDS = new Set([
  "title", "description", "default", "examples", "example", "deprecated", "readOnly", "writeOnly", "xml", "$comment",
]);

export const FORMATS = new Set(["email", "date", "date-time", "ipv4", "ipv6", "uri", "uuid"]);

export const TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);

export type Schema = boolean | Record<string, unknown>;

/** Every direct subschema of `schema`, with the pointer tokens that lead to it. */
export function subschemas(schema: Record<string, unknown>): [tokens: (string | number)[], sub: unknown][] {
  const out: [(string | number)[], unknown][] = [];
  const props = schema["properties"];
  if (props && typeof props === "object") {
    for (const [name, sub] of Object.entries(props)) out.push([["properties", name], sub]);
  }
  for (const key of ["additionalProperties", "items", "contains"]) {
    if (key in schema) out.push([[key], schema[key]]);
  }
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((sub, i) => out.push([[key, i], sub]));
  }
  return out;
}
