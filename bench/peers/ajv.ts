import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

/** A spec document parsed from specs/<api>/openapi.yaml. */
export function loadSpecDocument(api: string): Record<string, any> {
  return parse(readFileSync(`specs/${api}/openapi.yaml`, "utf8"));
}

/** Removes what ajv cannot take from OpenAPI schemas: discriminator (ajv's needs options, rejects mapping). */
function forAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forAjv);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== "discriminator") out[k] = forAjv(v);
  return out;
}

/**
 * The peer: ajv 8 (JSON Schema 2020-12) with ajv-formats, compiled from the same spec. The spec's one
 * extension gets the same meaning as in our validators, as an ajv keyword.
 */
export function ajvFor(doc: Record<string, any>, options: { allErrors?: boolean } = {}) {
  const ajv = new Ajv2020.default({ strict: false, allErrors: options.allErrors ?? false, validateFormats: true });
  addFormats.default(ajv);
  ajv.addKeyword({
    keyword: "x-each-item-requires",
    type: "object",
    validate: (rule: { items: string; propertyNamedBy: string }, data: Record<string, unknown>) => {
      const items = data[rule.items];
      const name = data[rule.propertyNamedBy];
      if (!Array.isArray(items) || typeof name !== "string") return true;
      return items.every((item) => item === null || typeof item !== "object" || Array.isArray(item) || (Object.hasOwn(item, name) && item[name] !== undefined));
    },
  });
  ajv.addSchema({ $id: "spec", components: forAjv(doc["components"]) });
  return (schemaName: string) => ajv.compile({ $ref: `spec#/components/schemas/${schemaName}` });
}
