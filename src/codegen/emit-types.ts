import openapiTS, { astToString } from "openapi-typescript";
import type { LoadedSpec } from "./load.js";

/** `schema.d.ts`: the types come from openapi-typescript, never re-implemented here. */
export async function emitTypes(spec: LoadedSpec): Promise<string> {
  // The document is deep-copied: openapi-typescript annotates what it is given.
  const ast = await openapiTS(structuredClone(spec.document) as unknown as Parameters<typeof openapiTS>[0], {
    // A `default` must not make a request field mandatory (Altcraft `matching` defaults to email).
    defaultNonNullable: false,
    alphabetize: true,
    silent: true,
  });
  return astToString(ast);
}
