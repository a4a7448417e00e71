// Type tests: checked by `tsc --noEmit` (part of `npm test`). Each @ts-expect-error must be a real error.
import { createEdnaClient, type PatchSubscriberRequest, type ReplaceSubscriberRequest } from "../../generated/edna/index.js";

const client = createEdnaClient({ apiKey: "key" });
const ext = { address: "ext-1", type: "EXT_USER_ID" } as const;

// PATCH takes a partial body: only the EXT_USER_ID address is needed.
export const partial: PatchSubscriberRequest = { addresses: [ext] };
void client.patchSubscriber({ addresses: [ext], blacklisted: true });

// POST overwrites everything, so the arrays it rewrites must be sent.
// @ts-expect-error parameterValues and tagValues are required for a full overwrite
export const notFull: ReplaceSubscriberRequest = { addresses: [ext] };
export const full: ReplaceSubscriberRequest = { addresses: [ext], parameterValues: [], tagValues: [] };

// Identifier types are a closed enum.
// @ts-expect-error "VK_ID" is not an identifier type
export const badType: PatchSubscriberRequest = { addresses: [{ address: "x", type: "VK_ID" }] };

// valueType is closed, and decides the value's form.
// @ts-expect-error "TEXT" is not a valueType
export const badValueType: PatchSubscriberRequest = { addresses: [ext], parameterValues: [{ name: "n", valueType: "TEXT", value: "v" }] };
// @ts-expect-error a BOOLEAN value is "true" or "false"
export const badBoolean: PatchSubscriberRequest = { addresses: [ext], parameterValues: [{ name: "n", valueType: "BOOLEAN", value: "yes" }] };

// @ts-expect-error the API key is required when creating the client
createEdnaClient({});
