import { validateUpdateProfilesBatchRequest } from "../../generated/altcraft/validators.js";
import { xmlShapes } from "../../generated/altcraft/xml.js";
import type { BatchTransport } from "../../src/runtime/batch.js";
import { createClientRuntime } from "../../src/runtime/http.js";
import type { ApiDescription, BodyValidator, OperationDescriptor } from "../../src/runtime/operation.js";

/** Altcraft's updateProfilesBatch as an operation descriptor (the request side: what framing and item checks read). */
export const altcraftBatchOperation: OperationDescriptor = {
  name: "updateProfilesBatch",
  method: "POST",
  path: "/v1.1/profiles/update_batch",
  body: {
    required: true,
    media: [
      { type: "application/json", kind: "json", validate: validateUpdateProfilesBatchRequest as BodyValidator },
      { type: "application/xml", kind: "xml", validate: validateUpdateProfilesBatchRequest as BodyValidator, xml: xmlShapes.updateProfilesBatch!.request! },
    ],
  },
  responses: { "200": { media: [{ type: "application/json", kind: "json" }] } },
  batch: { items: ["data"], maxItems: 10000, maxBytes: 10000000, results: ["result"], id: ["profile_id"] },
};

const altcraftBatchApi: ApiDescription = {
  factory: "altcraftBatchTransport",
  servers: [{ url: "https://{host}/api" }],
  securitySchemes: { token: { type: "http", option: "token", scheme: "bearer", template: "Bearer {credential}", bodyField: "token" } },
  security: [["token"]],
  requiredOptions: ["baseUrl", "token"],
  vendorError: { code: ["error"], message: ["error_text"], success: 0 },
  operations: { updateProfilesBatch: altcraftBatchOperation },
};

/**
 * Altcraft's updateProfilesBatch framing and item checks, as the client's runtime sets them up, with a
 * send that reaches no server: for packing tests and benchmarks.
 */
export function altcraftBatchTransport(credential: string, params: Record<string, unknown>): BatchTransport {
  const runtime = createClientRuntime(altcraftBatchApi, {
    baseUrl: "https://example.com/api",
    token: credential,
    fetch: async () => new Response('{"error":0,"result":[]}', { headers: { "content-type": "application/json" } }),
  });
  return runtime.batchEngine(altcraftBatchOperation, params).transport;
}
