import openapiTS, { astToString } from "openapi-typescript";
import { ts } from "ts-morph";
import type { LoadedSpec } from "./load.js";
import type { ApiPlan } from "./plan/types.js";

/** `schema.d.ts`: the types come from openapi-typescript, never re-implemented here. */
export async function emitTypes(spec: LoadedSpec, plan: ApiPlan): Promise<string> {
  // The document is deep-copied: openapi-typescript annotates what it is given.
  const ast = await openapiTS(structuredClone(spec.document) as unknown as Parameters<typeof openapiTS>[0], {
    // A `default` must not make a request field mandatory (Altcraft `matching` defaults to email).
    defaultNonNullable: false,
    alphabetize: true,
    silent: true,
    // readOnly / writeOnly marked, so that request types leave out readOnly fields and answers writeOnly ones.
    ...(plan.readWrite ? { readWriteMarkers: true } : {}),
    // A file in a multipart or binary body is a Blob, not the string JSON Schema calls it.
    transform(schema, metadata) {
      if (schema.format === "binary" && /\/content\/(multipart~1|application~1octet-stream)/.test(metadata.path ?? "")) {
        return ts.factory.createTypeReferenceNode("Blob") as never;
      }
      return undefined;
    },
  });
  // openapi-typescript prints four spaces per level; the generated files use two (comment stars keep their column offset).
  return astToString(ast).replace(/^ +/gm, (lead) => " ".repeat(2 * Math.floor(lead.length / 4) + (lead.length % 4)));
}
