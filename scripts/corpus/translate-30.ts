/**
 * OpenAPI Schema Objects as plain JSON Schema 2020-12, for ajv: the reading that the corpus
 * differential (scripts/test-corpus.ts) holds our `openapi-3.0` and `openapi-3.1` dialects to.
 *
 * OpenAPI 3.0 (`translateOpenApi30`), per the 3.0.3 text:
 * - `nullable: true` next to `type` adds "null" to the type. The `enum` is left as written: a
 *   nullable enum admits null only if it lists null itself (3.0.3's clarification). `nullable`
 *   without `type` has no effect ("only if type is explicitly defined within the same Schema Object").
 * - Boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric form: `minimum: m,
 *   exclusiveMinimum: true` is `exclusiveMinimum: m`; `false` is dropped.
 * - A `$ref` is a Reference Object: its sibling keys are ignored (dropped here).
 * - `example`, `discriminator`, `xml`, `externalDocs`: annotations ajv does not need, stripped.
 * - A key that is not a field of the 3.0 Schema Object (`const`, `examples`, `patternProperties`, …)
 *   and not an `x-` extension has no meaning in 3.0: dropped, and counted in the notes.
 * `$ref`s (`#/components/schemas/X`) are kept as they are: the caller adds the translated schemas
 * to ajv as one document with an `$id`, where they resolve.
 *
 * OpenAPI 3.1 (`stripOpenApi31`): the schemas are JSON Schema 2020-12 already; the OpenAPI
 * vocabulary's annotations (`example`, `discriminator`, `xml`, `externalDocs`) are stripped, and so is
 * `nullable`: not a 3.1 keyword (null is a type there), but one ajv would honour.
 */

import { mapSubschemas } from "../../src/codegen/validator/keywords/registry.js";

/** What the 3.0 translation met that has more than one reading: counts by kind, for the report. */
export type TranslationNotes = Map<string, number>;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function note(notes: TranslationNotes | undefined, kind: string): void {
  if (notes) notes.set(kind, (notes.get(kind) ?? 0) + 1);
}

/** The annotations of the OpenAPI vocabulary, stripped in both versions. */
const OPENAPI_ANNOTATIONS = new Set(["example", "discriminator", "xml", "externalDocs"]);

/** The fields of the OpenAPI 3.0 Schema Object that keep their JSON Schema meaning (the rest is handled one by one). */
const SCHEMA_30_PLAIN = new Set([
  "title",
  "multipleOf",
  "maximum",
  "minimum",
  "maxLength",
  "minLength",
  "pattern",
  "maxItems",
  "minItems",
  "uniqueItems",
  "maxProperties",
  "minProperties",
  "required",
  "enum",
  "type",
  "description",
  "format",
  "default",
  "readOnly",
  "writeOnly",
  "deprecated",
]);

/** An OpenAPI 3.0 Schema Object (or Reference Object) as JSON Schema 2020-12. */
export function translateOpenApi30(schema: unknown, notes?: TranslationNotes): unknown {
  if (!isRecord(schema)) return schema; // `additionalProperties: true/false`, or not a schema at all (left for ajv to judge)
  if (typeof schema["$ref"] === "string") {
    const siblings = Object.keys(schema).filter((k) => k !== "$ref");
    if (siblings.includes("nullable") && schema["nullable"] === true) note(notes, "`nullable: true` beside `$ref` ignored (Reference Object siblings)");
    if (siblings.some((k) => k !== "nullable")) note(notes, "`$ref` with sibling keys: siblings ignored");
    return { $ref: schema["$ref"] };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (SCHEMA_30_PLAIN.has(k) || k.startsWith("x-")) out[k] = v;
    else if (k === "properties" && isRecord(v)) out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, translateOpenApi30(sub, notes)]));
    else if (k === "items" || k === "additionalProperties" || k === "not") out[k] = Array.isArray(v) ? v.map((s) => translateOpenApi30(s, notes)) : translateOpenApi30(v, notes);
    else if ((k === "allOf" || k === "anyOf" || k === "oneOf") && Array.isArray(v)) out[k] = v.map((s) => translateOpenApi30(s, notes));
    else if (k === "nullable" || k === "exclusiveMinimum" || k === "exclusiveMaximum" || OPENAPI_ANNOTATIONS.has(k))
      continue; // below, or stripped
    else {
      note(notes, `\`${k}\` is not a 3.0 Schema Object field: dropped`);
    }
  }
  if (schema["nullable"] === true) {
    const type = schema["type"];
    if (typeof type === "string") out["type"] = type === "null" ? type : [type, "null"];
    else if (Array.isArray(type)) out["type"] = type.includes("null") ? type : [...type, "null"];
    else note(notes, "`nullable: true` without `type`: no effect");
    if (typeof type !== "undefined" && Array.isArray(schema["enum"]) && !schema["enum"].includes(null)) note(notes, "`nullable: true` with an `enum` that does not list null: null stays invalid");
  }
  for (const [exclusive, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    const flag = schema[exclusive];
    if (flag === true && typeof schema[bound] === "number") {
      out[exclusive] = schema[bound];
      delete out[bound];
    } else if (flag === true) {
      note(notes, `\`${exclusive}: true\` without \`${bound}\`: no effect`);
    } else if (typeof flag === "number") {
      note(notes, `numeric \`${exclusive}\` (3.1 form) in a 3.0 document: kept as a number`);
      out[exclusive] = flag;
    }
  }
  return out;
}

/** An OpenAPI 3.1 Schema Object with the OpenAPI vocabulary's annotations and `nullable` stripped (everything else is JSON Schema 2020-12). */
export function stripOpenApi31(schema: unknown, notes?: TranslationNotes): unknown {
  if (!isRecord(schema)) return schema;
  const strip = (sub: unknown): unknown => stripOpenApi31(sub, notes);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (OPENAPI_ANNOTATIONS.has(k)) continue;
    if (k === "nullable") {
      // ajv knows `nullable` (OpenAPI 3.0's); 3.1 does not: null is valid only where the type says so.
      if (v === true) note(notes, "`nullable: true` in a 3.1 document: not a keyword of 3.1, ignored");
      continue;
    }
    out[k] = mapSubschemas(k, v, strip);
  }
  return out;
}
