/**
 * Altcraft Platform API v1.1 in the sandbox: `POST /v1.1/profiles/update` and
 * `POST /v1.1/profiles/update_batch`.
 *
 * Altcraft answers HTTP 200 and puts the outcome in `error` / `error_text`; the sandbox does the same
 * for everything the API itself decides:
 *
 * | error | when |
 * | --- | --- |
 * | 0 | success: `{error: 0, error_text: "Successful operation", profile_id}` (batch: `result`, one entry per item, in order) |
 * | 401 | neither the body `token` nor `Authorization: Bearer <token>` is the configured token |
 * | 400 | the body breaks the spec (the generated validator): every JSON Pointer in `error_text`, and the issues in `errors` — a batch item without a lookup value of its own or from the request included |
 * | 404 | unknown `db_id` ("Database not found"); no profile matches ("Profile not found", per item in a batch) |
 * | 507 | the update would take the sandbox's store over its byte cap (store.ts, "Store caps"; per item in a batch): the profile is left as it was |
 *
 * A body that cannot be read at all (malformed JSON or XML, another content type, over 16 MiB) is
 * a transport error: HTTP 400 / 415 / 413 with `{error, error_text}` (server.ts).
 *
 * Matching (`matching`, default `email`) — which profile a lookup finds (the first in store order
 * when several match):
 *
 * - `email`: the profile's `email` or the `email` of one of its email subscriptions;
 *   `email_profile`: the profile's `email` only; `email_sub`: email subscriptions only.
 * - `phone`: one of the profile's `phones` or the `phone` of one of its sms subscriptions;
 *   `phone_sub`: sms subscriptions only.
 * - `email_phone`: the profile's `email` or `phones` (email tried first, then phone);
 *   `email_phone_sub`: the same in email / sms subscriptions.
 * - `profile_id`: the profile id. `push_sub`: a push subscription with this `provider` and `subscription_id`.
 * - `custom`: the profile field `field_name` equals `field_value` (compared as text: 77 finds "77");
 *   when the field holds a list (tags), `field_value` is `"tag-1, tag-2"` and the profile must
 *   hold every tag listed.
 * - `custom_sub`: a subscription (any channel) whose `custom_fields[field_name]` equals `field_value`, same comparison.
 * - Emails compare case-insensitively; phones compare by their digits only (`+7 900 000-00-00` = `79000000000`).
 * - A batch's `resource_id` limits the subscription lookups to that resource.
 *
 * In a batch each item carries its own lookup value: `email` modes → `item.email`; `phone` modes →
 * `item.phones[0]`; `email_phone(_sub)` → `item.email`, else `item.phones[0]`; `profile_id` →
 * `item.profile_id` (not stored as a field); `push_sub` → the item's first push subscription;
 * `custom(_sub)` → `item[field_name]` (null counts as none). When the item has none, the request's
 * own `email` / `phone` / `profile_id` / `provider` + `subscription_id` / `field_value` is used;
 * with neither, the request is invalid (the spec's x-each-item-requires: error 400 naming the item).
 *
 * Size: the page does not recommend more than 10,000 profiles or 10 MB per batch, but a larger
 * batch is valid and is processed. The sandbox's own transport guard (16 MiB bodies, server.ts)
 * is not a vendor rule.
 *
 * Update: no profile is created ("Updates (only)"): no match is error 404. A match gets every sent
 * field (but `subscriptions`) written over its own; a field whose value is an update function
 * `{"action": "incr" | "decr", "value": n}`, `{"action": "add", "value": [...]}` (list union) or
 * `{"action": "delete"}` (delete the field; with `value`, remove those items from the list) is
 * applied; any other object is stored as sent. Subscriptions are upserted by resource_id + channel +
 * address (email, sms phone, push provider + subscription_id, telegram `cc_data.id`, whatsapp/viber
 * `cc_data.phone`; notify: resource_id + channel): an existing one keeps what was not sent
 * (`custom_fields` merged key by key, `cats` replaced when sent), `status` / `priority` of -1 (or
 * absent) leave the stored value, 0 is applied; a new one without a status is `"subscribed"`.
 * `add_to_segments` / `remove_from_segments` change the profile's segment ids. `skip_triggers`,
 * `skip_invalid_subscriptions` and `detect_geo` are accepted and have no effect.
 */
import { altcraftApi } from "../../generated/altcraft/client.js";
import { requestValidators } from "../../generated/altcraft/validators.js";
import { credentialsFor } from "./credentials.js";
import { copyJson, isObject, sameSecret, setOwn } from "./http-util.js";
import { normalizeSubscription, type AltcraftDatabase, type AltcraftProfile, type AltcraftSubscription, type SandboxStore } from "./store.js";

export type AltcraftOperation = "updateProfile" | "updateProfilesBatch";

/** An Altcraft answer body (always sent with HTTP 200 by the handlers here). */
export interface AltcraftAnswer {
  error: number;
  error_text: string;
  profile_id?: string;
  result?: AltcraftItemResult[];
  /** With error 400 for an invalid body: the validator's issues. */
  errors?: { path: string; keyword: string; message: string }[];
}

export interface AltcraftItemResult {
  error: number;
  error_text: string;
  profile_id?: string;
}

export const ALTCRAFT_OK = "Successful operation";

const MODES = ["email", "email_profile", "email_sub", "phone", "phone_sub", "profile_id", "push_sub", "custom", "custom_sub", "email_phone", "email_phone_sub"] as const;
export type MatchingMode = (typeof MODES)[number];

interface Lookup {
  mode: MatchingMode;
  email?: string;
  phone?: string;
  profileId?: string;
  provider?: string;
  subscriptionId?: string;
  fieldName?: string;
  fieldValue?: unknown;
  resourceId?: number;
}

/** Handles one Altcraft request whose body has been read (`body`: decoded JSON or XML). */
export function handleAltcraft(store: SandboxStore, op: AltcraftOperation, body: unknown, header: (name: string) => string | undefined): AltcraftAnswer {
  const token = store.credentials.altcraft;
  // The token in the body field or as Authorization: Bearer, as the spec's scheme says the client sends it.
  const offered = credentialsFor(altcraftApi.securitySchemes["bearerAuth"]!, { header, body });
  if (!offered.some((given) => sameSecret(given, token))) {
    return {
      error: 401,
      error_text: offered.length === 0 ? "Token required: send the API token in the body field token or as Authorization: Bearer <token>" : "Invalid token",
    };
  }
  const check = requestValidators[op](body);
  if (!check.ok) {
    const errors = check.errors.map((i) => ({ path: i.path, keyword: i.keyword, message: i.message }));
    return { error: 400, error_text: `Invalid request: ${errors.map((i) => `${i.path || "(the body)"}: ${i.message}`).join("; ")}`, errors };
  }
  const request = body as Record<string, unknown>;
  const db = store.live.altcraft.databases.find((d) => d.db_id === request.db_id);
  if (!db) return { error: 404, error_text: `Database not found: db_id ${String(request.db_id)}` };
  const mode = (request.matching ?? "email") as MatchingMode;

  if (op === "updateProfile") {
    const lookup = requestLookup(mode, request);
    const profile = findProfile(db, lookup);
    if (!profile) return { error: 404, error_text: `Profile not found: ${describeLookup(lookup)}` };
    const full = store.change(profile, () => applyUpdate(profile, request.data as Record<string, unknown>, { add: request.add_to_segments, remove: request.remove_from_segments }));
    if (full !== undefined) return { error: 507, error_text: full };
    return { error: 0, error_text: ALTCRAFT_OK, profile_id: profile.id };
  }

  const shared = requestLookup(mode, request);
  const result = (request.data as Record<string, unknown>[]).map((item): AltcraftItemResult => {
    const lookup = itemLookup(shared, item);
    if (typeof lookup === "string") return { error: 400, error_text: lookup };
    const profile = findProfile(db, lookup);
    if (!profile) return { error: 404, error_text: `Profile not found: ${describeLookup(lookup)}` };
    const data = mode === "profile_id" ? withoutKey(item, "profile_id") : item;
    const full = store.change(profile, () => applyUpdate(profile, data, {}));
    if (full !== undefined) return { error: 507, error_text: full };
    return { error: 0, error_text: ALTCRAFT_OK, profile_id: profile.id };
  });
  return { error: 0, error_text: ALTCRAFT_OK, result };
}

// ---------------------------------------------------------------------------------------- lookup

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function requestLookup(mode: MatchingMode, r: Record<string, unknown>): Lookup {
  const l: Lookup = { mode };
  const email = str(r.email);
  const phone = str(r.phone);
  if (email !== undefined) l.email = email;
  if (phone !== undefined) l.phone = phone;
  if (typeof r.profile_id === "string") l.profileId = r.profile_id;
  if (typeof r.provider === "string") l.provider = r.provider;
  if (typeof r.subscription_id === "string") l.subscriptionId = r.subscription_id;
  if (typeof r.field_name === "string") l.fieldName = r.field_name;
  if (r.field_value !== undefined) l.fieldValue = r.field_value;
  if (typeof r.resource_id === "number") l.resourceId = r.resource_id;
  return l;
}

/**
 * A batch item's lookup (its own value, else the request's), or the text of its error 400. The
 * validator refuses a request with an item that has neither (x-each-item-requires) before this runs,
 * so the error text is a guard that a lookup is never built from nothing, not a path a request takes.
 */
function itemLookup(l: Lookup, item: Record<string, unknown>): Lookup | string {
  const mode = l.mode;
  const firstPhone = Array.isArray(item.phones) ? str(item.phones[0]) : undefined;
  switch (mode) {
    case "email":
    case "email_profile":
    case "email_sub": {
      const email = str(item.email) ?? l.email;
      if (email === undefined) return `No email to match by: matching "${mode}" reads each item's email`;
      return { ...l, email };
    }
    case "phone":
    case "phone_sub": {
      const phone = firstPhone ?? l.phone;
      if (phone === undefined) return `No phone to match by: matching "${mode}" reads each item's phones[0]`;
      return { ...l, phone };
    }
    case "email_phone":
    case "email_phone_sub": {
      const email = str(item.email);
      const next: Lookup = { mode, ...(l.resourceId !== undefined ? { resourceId: l.resourceId } : {}) };
      if (email !== undefined) next.email = email;
      else if (firstPhone !== undefined) next.phone = firstPhone;
      else {
        if (l.email !== undefined) next.email = l.email;
        if (l.phone !== undefined) next.phone = l.phone;
      }
      if (next.email === undefined && next.phone === undefined) return `No email or phone to match by: matching "${mode}" reads each item's email or phones[0]`;
      return next;
    }
    case "profile_id": {
      const profileId = str(item.profile_id) ?? l.profileId;
      if (profileId === undefined) return `No profile_id to match by: matching "profile_id" reads each item's profile_id`;
      return { ...l, profileId };
    }
    case "push_sub": {
      const push = Array.isArray(item.subscriptions) ? item.subscriptions.find((s) => isObject(s) && s.channel === "push") : undefined;
      const provider = isObject(push) ? str(push.provider) : l.provider;
      const subscriptionId = isObject(push) ? str(push.subscription_id) : l.subscriptionId;
      if (provider === undefined || subscriptionId === undefined) return `No push subscription to match by: matching "push_sub" reads each item's first push subscription`;
      return { ...l, provider, subscriptionId };
    }
    case "custom":
    case "custom_sub": {
      const name = l.fieldName!;
      const value = (Object.hasOwn(item, name) ? item[name] : undefined) ?? l.fieldValue;
      if (value === undefined || value === null) return `No ${name} to match by: matching "${mode}" reads each item's field ${name}`;
      return { ...l, fieldValue: value };
    }
  }
}

const normEmail = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim().toLowerCase() : undefined);
const normPhone = (v: unknown): string | undefined => {
  if (typeof v !== "string" && typeof v !== "number") return undefined;
  const digits = String(v).replace(/\D/g, "");
  return digits === "" ? undefined : digits;
};

function findProfile(db: AltcraftDatabase, l: Lookup): AltcraftProfile | undefined {
  // Scalar custom values through an index (a 10,000-item batch against 100,000 profiles stays quick),
  // before any of the scans' closures are made; tags fields (lists) are not indexed and fall through to the scan.
  if (l.mode === "custom" && l.fieldName !== undefined && (typeof l.fieldValue === "string" || typeof l.fieldValue === "number")) {
    const hit = fieldIndex(db, l.fieldName).get(String(l.fieldValue));
    if (hit !== undefined) return hit;
  }
  const email = normEmail(l.email);
  const phone = normPhone(l.phone);
  const inResource = (s: AltcraftSubscription) => l.resourceId === undefined || s.resource_id === l.resourceId;
  const profileEmail = (p: AltcraftProfile) => email !== undefined && normEmail(p.fields.email) === email;
  const subEmail = (p: AltcraftProfile) => email !== undefined && p.subscriptions.some((s) => s.channel === "email" && inResource(s) && normEmail(s.email) === email);
  const profilePhone = (p: AltcraftProfile) => phone !== undefined && Array.isArray(p.fields.phones) && p.fields.phones.some((x) => normPhone(x) === phone);
  const subPhone = (p: AltcraftProfile) => phone !== undefined && p.subscriptions.some((s) => s.channel === "sms" && inResource(s) && normPhone(s.phone) === phone);
  const first = (test: (p: AltcraftProfile) => boolean) => db.profiles.find(test);
  switch (l.mode) {
    case "email":
      return first((p) => profileEmail(p) || subEmail(p));
    case "email_profile":
      return first(profileEmail);
    case "email_sub":
      return first(subEmail);
    case "phone":
      return first((p) => profilePhone(p) || subPhone(p));
    case "phone_sub":
      return first(subPhone);
    case "email_phone":
      return first(profileEmail) ?? first(profilePhone);
    case "email_phone_sub":
      return first(subEmail) ?? first(subPhone);
    case "profile_id":
      return first((p) => p.id === l.profileId);
    case "push_sub":
      return first((p) => p.subscriptions.some((s) => s.channel === "push" && inResource(s) && s.provider === l.provider && s.subscription_id === l.subscriptionId));
    case "custom":
      return first((p) => l.fieldName !== undefined && Object.hasOwn(p.fields, l.fieldName) && fieldMatches(p.fields[l.fieldName], l.fieldValue));
    case "custom_sub":
      return first((p) =>
        p.subscriptions.some(
          (s) => inResource(s) && l.fieldName !== undefined && isObject(s.custom_fields) && Object.hasOwn(s.custom_fields, l.fieldName) && fieldMatches(s.custom_fields[l.fieldName], l.fieldValue),
        ),
      );
  }
}

/** Per database and field name: scalar value (as text) → the first profile holding it, in store order. */
const indexes = new WeakMap<AltcraftDatabase, Map<string, { version: number; profiles: number; byValue: Map<string, AltcraftProfile> }>>();
/** Bumped whenever some profile's field of that name changes value: an index built before is stale. */
const fieldVersions = new Map<string, number>();

function fieldIndex(db: AltcraftDatabase, name: string): Map<string, AltcraftProfile> {
  let perDb = indexes.get(db);
  if (!perDb) indexes.set(db, (perDb = new Map()));
  const version = fieldVersions.get(name) ?? 0;
  const cached = perDb.get(name);
  if (cached && cached.version === version && cached.profiles === db.profiles.length) return cached.byValue;
  const byValue = new Map<string, AltcraftProfile>();
  for (const p of db.profiles) {
    const v = Object.hasOwn(p.fields, name) ? p.fields[name] : undefined;
    if ((typeof v === "string" || typeof v === "number" || typeof v === "boolean") && !byValue.has(String(v))) byValue.set(String(v), p);
  }
  perDb.set(name, { version, profiles: db.profiles.length, byValue });
  return byValue;
}

/** A stored field against a lookup value: as text; a list (tags) holds every tag of `"tag-1, tag-2"`. */
function fieldMatches(stored: unknown, wanted: unknown): boolean {
  if (wanted === undefined || wanted === null) return false;
  if (Array.isArray(stored)) {
    const tags = String(wanted)
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t !== "");
    const held = new Set(stored.filter((x) => typeof x === "string" || typeof x === "number").map(String));
    return tags.length > 0 && tags.every((t) => held.has(t));
  }
  if (typeof stored === "string" || typeof stored === "number" || typeof stored === "boolean") return String(stored) === String(wanted);
  return false;
}

function describeLookup(l: Lookup): string {
  const parts: string[] = [`matching "${l.mode}"`];
  if (l.email !== undefined) parts.push(`email ${JSON.stringify(l.email)}`);
  if (l.phone !== undefined) parts.push(`phone ${JSON.stringify(l.phone)}`);
  if (l.mode === "profile_id") parts.push(`profile_id ${JSON.stringify(l.profileId)}`);
  if (l.mode === "push_sub") parts.push(`provider ${JSON.stringify(l.provider)}, subscription_id ${JSON.stringify(l.subscriptionId)}`);
  if (l.mode === "custom" || l.mode === "custom_sub") parts.push(`${l.fieldName} = ${JSON.stringify(l.fieldValue)}`);
  if (l.resourceId !== undefined) parts.push(`resource_id ${l.resourceId}`);
  return parts.join(", ");
}

// ---------------------------------------------------------------------------------------- update

function withoutKey(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(o)) if (k !== key) setOwn(copy, k, o[k]);
  return copy;
}

function applyUpdate(profile: AltcraftProfile, data: Record<string, unknown>, segments: { add?: unknown; remove?: unknown }): void {
  for (const key of Object.keys(data)) {
    if (key === "subscriptions") continue;
    const before = Object.hasOwn(profile.fields, key) ? profile.fields[key] : undefined;
    // The stored profile must not share objects with the request.
    applyField(profile.fields, key, copyJson(data[key]));
    const after = Object.hasOwn(profile.fields, key) ? profile.fields[key] : undefined;
    const unchangedScalar = before === after && (typeof before !== "object" || before === null);
    if (!unchangedScalar) fieldVersions.set(key, (fieldVersions.get(key) ?? 0) + 1);
  }
  if (Array.isArray(data.subscriptions)) {
    for (const s of data.subscriptions) if (isObject(s)) upsertSubscription(profile.subscriptions, normalizeSubscription(s));
  }
  if (Array.isArray(segments.add)) for (const id of segments.add) if (typeof id === "number" && !profile.segments.includes(id)) profile.segments.push(id);
  if (Array.isArray(segments.remove)) profile.segments = profile.segments.filter((id) => !(segments.remove as unknown[]).includes(id));
}

/** Writes one field, applying an update function (`{action, value}`) where the value is one. */
function applyField(fields: Record<string, unknown>, key: string, value: unknown): void {
  const current = Object.hasOwn(fields, key) ? fields[key] : undefined;
  if (isObject(value) && typeof value.action === "string" && Object.keys(value).every((k) => k === "action" || k === "value")) {
    const v = value.value;
    const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined || x === null ? [] : [x]);
    switch (value.action) {
      case "incr":
      case "decr": {
        const step = typeof v === "number" ? v : v === undefined ? 1 : Number(v);
        const base = typeof current === "number" ? current : Number(current ?? 0);
        if (Number.isFinite(step) && Number.isFinite(base)) {
          setOwn(fields, key, value.action === "incr" ? base + step : base - step);
          return;
        }
        break;
      }
      case "add": {
        const held = list(current);
        setOwn(fields, key, [...held, ...list(v).filter((x) => !held.some((h) => String(h) === String(x)))]);
        return;
      }
      case "delete":
        if (v === undefined) {
          delete fields[key];
        } else {
          const drop = list(v).map(String);
          setOwn(
            fields,
            key,
            list(current).filter((x) => !drop.includes(String(x))),
          );
        }
        return;
    }
  }
  setOwn(fields, key, value);
}

function subscriptionKey(s: AltcraftSubscription): string {
  const r = s.resource_id === undefined ? "" : String(s.resource_id);
  const cc = isObject(s.cc_data) ? s.cc_data : {};
  switch (s.channel) {
    case "email":
      return `${r}|email|${normEmail(s.email) ?? ""}`;
    case "sms":
      return `${r}|sms|${normPhone(s.phone) ?? ""}`;
    case "push":
      return `${r}|push|${s.provider ?? ""}|${s.subscription_id ?? ""}`;
    case "telegram_bot":
      return `${r}|telegram_bot|${String(cc.id ?? "")}`;
    case "whatsapp":
    case "viber":
      return `${r}|${s.channel}|${normPhone(cc.phone) ?? ""}`;
    default:
      return `${r}|${s.channel}`;
  }
}

const leaves = (v: unknown): boolean => v === undefined || v === -1;

function upsertSubscription(subscriptions: AltcraftSubscription[], sent: AltcraftSubscription): void {
  const key = subscriptionKey(sent);
  const existing = subscriptions.find((s) => subscriptionKey(s) === key);
  if (!existing) {
    const fresh: AltcraftSubscription = { ...sent };
    if (leaves(fresh.status)) fresh.status = "subscribed";
    if (leaves(fresh.priority)) delete fresh.priority;
    subscriptions.push(fresh);
    return;
  }
  const target = existing as unknown as Record<string, unknown>;
  for (const k of Object.keys(sent) as (keyof AltcraftSubscription)[]) {
    const v = sent[k];
    if (k === "status" || k === "priority") {
      if (!leaves(v)) target[k] = v;
    } else if (k === "custom_fields" && isObject(v)) {
      const merged: Record<string, unknown> = { ...(existing.custom_fields ?? {}) };
      for (const f of Object.keys(v)) setOwn(merged, f, v[f]);
      existing.custom_fields = merged;
    } else {
      target[k] = v;
    }
  }
}
