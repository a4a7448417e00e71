/**
 * Keywords that check nothing: annotations (JSON Schema's meta-data and content vocabularies,
 * OpenAPI's additions) and the core keywords read by src/codegen/validator/resources.ts.
 */
import type { Keyword } from "../types.js";

export const annotations: Keyword = {
  keywords: [
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$defs",
    "definitions",
    "$vocabulary",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "example",
    "xml",
    "externalDocs",
  ],
  subschemas: { $defs: "map", definitions: "map", contentSchema: "schema" },
};
