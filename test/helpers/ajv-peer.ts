/**
 * The peer our generated validators are tested and measured against: ajv 8 (JSON Schema 2020-12)
 * with ajv-formats "full", compiled from the same spec. Used by test/validators/ and bench/.
 */
import _Ajv2020 from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv/dist/2020.js";
import _addFormats from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats.js";
import type { Doc } from "./spec-bodies.js";

// ajv and ajv-formats are CommonJS modules whose typings declare `export default`.
const Ajv2020 = _Ajv2020 as unknown as typeof _Ajv2020.default;
const addFormats = _addFormats as unknown as typeof _addFormats.default;

/** The schema keywords that lead to subschemas, to strip annotations ajv does not need. */
function stripForAjv(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripForAjv);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    // discriminator: ajv's support needs an option and rejects `mapping`; the branches carry
    // their tag as `const`, so oneOf alone decides. xml/example(s): annotations.
    if (k === "discriminator" || k === "xml" || k === "example" || k === "examples") continue;
    if (k === "properties" && v !== null && typeof v === "object") {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, stripForAjv(sub)]));
    } else if (k === "enum" || k === "const" || k === "default" || k === "x-each-item-requires" || k === "required") {
      out[k] = v;
    } else {
      out[k] = stripForAjv(v);
    }
  }
  return out;
}

/** `x-each-item-requires: { items, propertyNamedBy }`: every object item of data[items] has the own property named data[propertyNamedBy]. */
function eachItemRequires(rule: { items: string; propertyNamedBy: string }, data: unknown): boolean {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return true;
  const record = data as Record<string, unknown>;
  const items = Object.prototype.hasOwnProperty.call(record, rule.items) ? record[rule.items] : undefined;
  const name = Object.prototype.hasOwnProperty.call(record, rule.propertyNamedBy) ? record[rule.propertyNamedBy] : undefined;
  if (!Array.isArray(items) || typeof name !== "string") return true;
  return items.every((item) => item === null || typeof item !== "object" || Array.isArray(item) || Object.prototype.hasOwnProperty.call(item, name));
}

/**
 * The one place where the peer is not plain ajv-formats: its "full" `date-time` takes any
 * whitespace between date and time (it splits on /t|\s/i: a tab, a newline, U+00A0, U+2028…) and
 * offsets without a colon or without minutes (`+0530`, `+05`). RFC 3339 (section 5.6, which
 * docs/specs.md's `date-time` means and which ajv-formats cites) allows only `T`/`t` (or, per its
 * note, a space) and `+hh:mm`; the generated validators follow the RFC. The peer keeps ajv-formats'
 * check (days per month, leap seconds, ranges) and adds the RFC's shape. The differential test's "known differences" pins this: drop the override to see the raw ajv-formats verdicts.
 */
const RFC3339_DATE_TIME_SHAPE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
export const ajvFormatsDateTime = (s: string): boolean => (fullFormats["date-time"] as { validate: (s: string) => boolean }).validate(s);
export const rfc3339DateTime = (s: string): boolean => RFC3339_DATE_TIME_SHAPE.test(s) && ajvFormatsDateTime(s);

export function ajvFor(doc: Doc, options: { allErrors?: boolean } = {}): (schema: string) => ValidateFunction {
  const ajv = new Ajv2020({ allErrors: options.allErrors ?? true, strict: false });
  addFormats(ajv, { mode: "full" });
  ajv.addFormat("date-time", { type: "string", validate: rfc3339DateTime });
  ajv.addKeyword({
    keyword: "x-each-item-requires",
    schemaType: "object",
    errors: false,
    validate: (rule: { items: string; propertyNamedBy: string }, data: unknown) => eachItemRequires(rule, data),
  });
  const components = doc["components"] as Record<string, unknown>;
  ajv.addSchema({ $id: "spec", components: { schemas: stripForAjv(components["schemas"]) } });
  const compiled = new Map<string, ValidateFunction>();
  return (schema) => {
    let v = compiled.get(schema);
    if (!v) compiled.set(schema, (v = ajv.compile({ $ref: `spec#/components/schemas/${schema}` })));
    return v;
  };
}
