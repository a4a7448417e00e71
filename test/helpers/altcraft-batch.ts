import { validateUpdateProfilesBatchRequest } from "../../generated/altcraft/validators.js";
import { xmlShapes } from "../../generated/altcraft/xml.js";
import type { BatchTransport } from "../../src/runtime/batch.js";
import { createClientRuntime } from "../../src/runtime/http.js";

/**
 * Altcraft's updateProfilesBatch framing and item checks, as the generated client sets them up, with a
 * send that does nothing: for packing tests and benchmarks that need no server.
 */
export function altcraftBatchTransport(credential: string, params: Record<string, unknown>): BatchTransport {
  const runtime = createClientRuntime(
    {
      factory: "altcraftBatchTransport",
      serverUrl: "https://example.com/api",
      credentialOption: "token",
      auth: { header: "Authorization", template: "Bearer {credential}", bodyField: "token" },
      xml: xmlShapes,
    },
    { credential, baseUrl: "https://example.com/api" },
  );
  return runtime.batchTransport("updateProfilesBatch", "data", params, validateUpdateProfilesBatchRequest, async () => undefined);
}
