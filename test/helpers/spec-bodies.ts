import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** A spec document, parsed from specs/<api>/openapi.yaml. */
export type Doc = Record<string, unknown>;
export const loadDoc = (api: string): Doc => parse(readFileSync(`specs/${api}/openapi.yaml`, "utf8")) as Doc;

export interface Body {
  api: string;
  operationId: string;
  direction: "request" | "response";
  schema: string;
  /** `examples` of the application/json media type: name → value. */
  examples: [string, unknown][];
}

const schemaName = (media: any): string => {
  const ref: unknown = media?.schema?.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/components/schemas/")) throw new Error(`expected a $ref to a named schema, found ${JSON.stringify(media?.schema)}`);
  return ref.slice("#/components/schemas/".length);
};

/** Every JSON body of every operation: the request body, and the 2xx answer when it has a JSON body. */
export function bodiesOf(api: string, doc: Doc): Body[] {
  const out: Body[] = [];
  const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
  for (const item of Object.values(doc["paths"] as Record<string, any>)) {
    for (const method of methods) {
      const op = item?.[method];
      if (!op) continue;
      const operationId = String(op.operationId);
      const request = op.requestBody?.content?.["application/json"];
      if (request) out.push({ api, operationId, direction: "request", schema: schemaName(request), examples: Object.entries(request.examples ?? {}).map(([n, e]: [string, any]) => [n, e.value]) });
      for (const [status, response] of Object.entries(op.responses ?? {}) as [string, any][]) {
        const media = response?.content?.["application/json"];
        if (!media) continue;
        if (!/^2/.test(status)) throw new Error(`${api} ${operationId}: a JSON body for ${status} is not covered by this test`);
        out.push({ api, operationId, direction: "response", schema: schemaName(media), examples: Object.entries(media.examples ?? {}).map(([n, e]: [string, any]) => [n, e.value]) });
      }
    }
  }
  return out;
}
