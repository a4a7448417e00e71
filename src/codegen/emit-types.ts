import { astToString } from "openapi-typescript";
import ts from "typescript";
import type { LoadedSpec } from "./load.js";
import { resolvePointer } from "./pointer.js";
import type { ApiPlan } from "./plan/types.js";
import { typesAst } from "./types/types-ast.js";

/** `schema.d.ts`: the types come from openapi-typescript, never re-implemented here. */
export async function emitTypes(spec: LoadedSpec, plan: ApiPlan): Promise<string> {
  // The component schemas that are multipart or binary bodies: their binary strings are files too.
  const fileSchemas = new Set(
    plan.operations
      .flatMap((op) => [...(op.requestBody?.media ?? []), ...op.responses.flatMap((r) => r.media)])
      .filter((m) => (m.kind === "multipart" || m.kind === "binary") && m.schemaName !== undefined)
      .map((m) => `#/components/schemas/${m.schemaName}/`),
  );
  // The document is deep-copied: openapi-typescript annotates what it is given. Each operation is
  // named by its method name there: a duplicate operationId (a warning for us) stops openapi-typescript.
  const doc = structuredClone(spec.document);
  for (const op of plan.operations) {
    const node = resolvePointer(doc, op.pointer);
    if (node !== null && typeof node === "object" && "operationId" in node) (node as Record<string, unknown>)["operationId"] = op.methodName;
  }
  const ast = await typesAst(doc, {
    // A `default` must not make a request field mandatory (Altcraft `matching` defaults to email).
    defaultNonNullable: false,
    alphabetize: true,
    silent: true,
    // readOnly / writeOnly marked, so that request types leave out readOnly fields and answers writeOnly ones.
    ...(plan.readWrite ? { readWriteMarkers: true } : {}),
    // A file in a multipart or binary body is a Blob, not the string JSON Schema calls it.
    transform(schema, metadata) {
      const at = metadata.path ?? "";
      if (schema.format === "binary" && (/\/content\/(multipart~1|application~1octet-stream)/.test(at) || [...fileSchemas].some((prefix) => at.startsWith(prefix)))) {
        return ts.factory.createTypeReferenceNode("Blob") as never;
      }
      return undefined;
    },
  });
  // openapi-typescript prints four spaces per level; the generated files use two (comment stars keep their column offset).
  return astToString(ast).replace(/^ +/gm, (lead) => " ".repeat(2 * Math.floor(lead.length / 4) + (lead.length % 4)));
}
