/**
 * Cendyn CRM (Pushtech) in the sandbox: `PUT /v2/account/{account_id}/contact/{contact_id}` (updateContact).
 *
 * - `Authorization: Token token=<secret>` (the quotes of `token="<secret>"` are accepted too) must
 *   carry the account's secret (its `secret` in the data file, else the shared Pushtech
 *   credential): otherwise 401 `{error: "unauthorized", message}`.
 * - The body is checked with the generated validator: 400 `{error: "invalid_request", message, issues}`.
 * - No contact `contact_id` in account `account_id` (or no such account) → 404 `{error: "not_found", message}`.
 * - Success: 200 with the contact as stored, `id` first, then every field (custom fields included).
 * - An update that would take the sandbox's store over its byte cap (store.ts, "Store caps") → 507
 *   `{error: "store_full", message}`, the contact unchanged.
 *
 * The update writes every sent field over the stored one (a sent array, `tags` included, replaces the
 * stored array) and keeps every field not sent, custom fields included. An `id` in the body is
 * ignored: the contact is the one of the path.
 */
import { pushtechApi } from "../../generated/pushtech/client.js";
import { requestValidators } from "../../generated/pushtech/validators.js";
import { credentialsFor } from "./credentials.js";
import { errorAnswer, jsonAnswer, sameSecret, setOwn, type Answer } from "./http-util.js";
import type { PushtechContact, SandboxStore } from "./store.js";

export function checkPushtechAuth(store: SandboxStore, accountId: string, header: (name: string) => string | undefined): Answer | undefined {
  // Authorization: Token token=<secret>, read through the scheme's template in the generated description.
  const offered = credentialsFor(pushtechApi.securitySchemes["tokenAuth"]!, { header });
  if (offered.some((given) => sameSecret(given, store.pushtechSecret(accountId)))) return undefined;
  return errorAnswer(
    401,
    "unauthorized",
    header("authorization") === undefined
      ? "Send the account secret as Authorization: Token token=<account secret>"
      : "The account secret in Authorization: Token token=… is not valid for this account",
  );
}

export function handlePushtech(store: SandboxStore, accountId: string, contactId: string, body: unknown): Answer {
  const check = requestValidators.updateContact(body);
  if (!check.ok) {
    const issues = check.errors.map((i) => ({ path: i.path, keyword: i.keyword, message: i.message }));
    return errorAnswer(400, "invalid_request", `The body does not match the spec: ${issues.map((i) => `${i.path || "(the body)"}: ${i.message}`).join("; ")}`, { issues });
  }
  const account = store.live.pushtech.accounts.find((a) => a.account_id === accountId);
  const contact = account?.contacts.find((c) => c.id === contactId);
  if (!account || !contact) {
    return errorAnswer(404, "not_found", account ? `No contact ${JSON.stringify(contactId)} in account ${JSON.stringify(accountId)}` : `No account ${JSON.stringify(accountId)}`);
  }
  const sent = structuredClone(body) as Record<string, unknown>;
  const full = store.change(contact, () => {
    for (const key of Object.keys(sent)) if (key !== "id") setOwn(contact, key, sent[key]);
  });
  if (full !== undefined) return errorAnswer(507, "store_full", full);
  const answer: PushtechContact = { id: contact.id };
  for (const key of Object.keys(contact)) if (key !== "id") setOwn(answer, key, contact[key]);
  return jsonAnswer(200, answer);
}
