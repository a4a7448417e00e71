/**
 * edna Pulse in the sandbox: `POST /subscribers/update` (replaceSubscriber) and `PATCH
 * /subscribers/update` (patchSubscriber).
 *
 * - `x-api-key` must be the configured key: otherwise 401 `{error: "unauthorized", message}`.
 * - The body is checked with the generated validator: 400 `{error: "invalid_request", message, issues}`.
 * - The client is found by the first `EXT_USER_ID` entry of `addresses`: unknown → 404
 *   `{error: "not_found", message}`. An `EXT_USER_ID` sent that belongs to another client → 409
 *   `{error: "conflict"}`.
 * - Every tag in `tagValues` must have been created in advance (the data file's `edna.tags`):
 *   otherwise 400 `{error: "unknown_tag", message, tags: [names]}`, naming every unknown tag.
 * - Success: 200 with an empty body (the spec declares none).
 * - An update that would take the sandbox's store over its byte cap (store.ts, "Store caps") → 507
 *   `{error: "store_full", message}`.
 * Nothing is changed by a request that fails.
 *
 * POST overwrites all client data: `addresses`, `parameterValues` and `tagValues` become exactly the
 * arrays sent, and `blacklisted` becomes the value sent (not sent: unset).
 *
 * PATCH changes only what was sent (the seed does not say how a sent array combines; the sandbox's
 * choice): `blacklisted` if sent; `addresses` by type (the sent addresses of a type replace the
 * stored addresses of that type, the other types are kept); `parameterValues` by name (a sent
 * parameter replaces the stored one of the same name, new names are appended, the others are kept);
 * `tagValues` are added to the stored tags (PATCH removes no tag; POST does).
 */
import { ednaApi } from "../../generated/edna/client.js";
import { requestValidators } from "../../generated/edna/validators.js";
import { credentialsFor } from "./credentials.js";
import { errorAnswer, sameSecret, type Answer } from "./http-util.js";
import { extUserId, type EdnaAddress, type EdnaParameterValue, type EdnaSubscriber, type SandboxStore } from "./store.js";

export type EdnaOperation = "replaceSubscriber" | "patchSubscriber";

/** `x-api-key: <key>`, read where the spec's scheme (in the generated description) says the client sends it. */
export function checkEdnaAuth(store: SandboxStore, header: (name: string) => string | undefined): Answer | undefined {
  const offered = credentialsFor(ednaApi.securitySchemes["apiKeyAuth"]!, { header });
  if (offered.some((given) => sameSecret(given, store.credentials.edna))) return undefined;
  return errorAnswer(401, "unauthorized", offered.length === 0 ? "Send the API key in the x-api-key header" : "The x-api-key is not valid");
}

export function handleEdna(store: SandboxStore, op: EdnaOperation, body: unknown): Answer {
  const check = requestValidators[op](body);
  if (!check.ok) {
    const issues = check.errors.map((i) => ({ path: i.path, keyword: i.keyword, message: i.message }));
    return errorAnswer(400, "invalid_request", `The body does not match the spec: ${issues.map((i) => `${i.path || "(the body)"}: ${i.message}`).join("; ")}`, { issues });
  }
  const sent = structuredClone(body) as EdnaSubscriber & { parameterValues?: EdnaParameterValue[]; tagValues?: { name: string }[] };
  const ext = extUserId(sent.addresses)!;
  const subscribers = store.live.edna.subscribers;
  const index = subscribers.findIndex((s) => extUserId(s.addresses) === ext);
  if (index === -1) return errorAnswer(404, "not_found", `No client with EXT_USER_ID ${JSON.stringify(ext)}: a client can only be updated by the EXT_USER_ID it was created with`);
  const taken = sent.addresses.find((a) => a.type === "EXT_USER_ID" && subscribers.some((s, i) => i !== index && s.addresses.some((b) => b.type === "EXT_USER_ID" && b.address === a.address)));
  if (taken) return errorAnswer(409, "conflict", `EXT_USER_ID ${JSON.stringify(taken.address)} belongs to another client`);
  const unknown = [...new Set((sent.tagValues ?? []).map((t) => t.name).filter((name) => !store.live.edna.tags.includes(name)))];
  if (unknown.length > 0) {
    return errorAnswer(
      400,
      "unknown_tag",
      `${unknown.length === 1 ? "Tag" : "Tags"} ${unknown.map((t) => JSON.stringify(t)).join(", ")} ${unknown.length === 1 ? "does" : "do"} not exist: a tag must be created in advance`,
      { tags: unknown },
    );
  }
  const stored = subscribers[index]!;
  const full = store.change(stored, () => {
    if (op === "replaceSubscriber") {
      const next: EdnaSubscriber = { addresses: sent.addresses, parameterValues: sent.parameterValues ?? [], tagValues: sent.tagValues ?? [] };
      if (sent.blacklisted !== undefined) next.blacklisted = sent.blacklisted;
      delete stored.blacklisted; // the stored object is rewritten in place (the store counts its size)
      Object.assign(stored, next);
    } else {
      if (sent.blacklisted !== undefined) stored.blacklisted = sent.blacklisted;
      stored.addresses = mergeAddresses(stored.addresses, sent.addresses);
      if (sent.parameterValues) stored.parameterValues = mergeParameters(stored.parameterValues, sent.parameterValues);
      if (sent.tagValues) {
        for (const t of sent.tagValues) if (!stored.tagValues.some((x) => x.name === t.name)) stored.tagValues.push({ name: t.name });
      }
    }
  });
  if (full !== undefined) return errorAnswer(507, "store_full", full);
  return { status: 200 };
}

/** The sent addresses of a type replace the stored ones of that type; other types stay, in their place. */
function mergeAddresses(stored: EdnaAddress[], sent: EdnaAddress[]): EdnaAddress[] {
  const types = new Set(sent.map((a) => a.type));
  const out: EdnaAddress[] = [];
  const placed = new Set<string>();
  for (const a of stored) {
    if (!types.has(a.type)) out.push(a);
    else if (!placed.has(a.type)) {
      placed.add(a.type);
      out.push(...sent.filter((b) => b.type === a.type));
    }
  }
  for (const a of sent) if (!placed.has(a.type)) out.push(a);
  return out;
}

/** A sent parameter replaces the stored one of the same name (in its place); new names are appended. */
function mergeParameters(stored: EdnaParameterValue[], sent: EdnaParameterValue[]): EdnaParameterValue[] {
  const last = new Map(sent.map((s) => [s.name, s] as const));
  const out = stored.map((p) => last.get(p.name) ?? p);
  for (const s of last.values()) if (!out.some((p) => p.name === s.name)) out.push(s);
  return out;
}
