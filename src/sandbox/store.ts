/**
 * The sandbox's state, and the data file that fills it (`profilekit sandbox --data seed.json`,
 * `startSandbox({ data })`, `POST /__admin/reset` with a body). Without one, the embedded sample
 * (`sample-data.ts`) is used.
 *
 * ## Data file format (JSON; every top-level key optional)
 *
 * ```jsonc
 * {
 *   // The credentials the sandbox accepts. Defaults: see DEFAULT_CREDENTIALS below.
 *   "credentials": { "altcraft": "<API token>", "edna": "<x-api-key>", "pushtech": "<account secret>" },
 *
 *   "altcraft": {
 *     "databases": [
 *       {
 *         "db_id": 1,                                  // an integer ≥ 1; unknown db_id → error answer 404
 *         "profiles": [
 *           {
 *             "id": "5a0000000000000000000001",        // optional: generated (24 hex digits) when absent
 *             "fields": {                             // profile fields as `data` sends them, without `subscriptions`
 *               "_fname": "Olly", "email": "olly@example.com", "phones": ["+79000000001"],
 *               "Custom_ID": 77, "tags": ["tag-1", "tag-2"]
 *             },
 *             "subscriptions": [                      // optional; each one as `data.subscriptions` sends it
 *               { "channel": "email", "email": "olly.news@example.com", "resource_id": 1, "status": "subscribed" }
 *             ],
 *             "segments": [1]                         // optional; segment ids
 *           }
 *         ]
 *       }
 *     ]
 *   },
 *
 *   "edna": {
 *     "tags": ["old_tag", "vip"],                     // the tags "created in advance"; any other tag is refused
 *     "subscribers": [                                // each one a valid replaceSubscriber body (EXT_USER_ID required)
 *       { "blacklisted": false, "addresses": [{ "address": "crm-42", "type": "EXT_USER_ID" }],
 *         "parameterValues": [{ "name": "City", "valueType": "STRING", "value": "Chicago" }],
 *         "tagValues": [{ "name": "old_tag" }] }
 *     ]
 *   },
 *
 *   "pushtech": {
 *     "accounts": [
 *       {
 *         "account_id": "my-account",
 *         "secret": "<account secret>",              // optional: defaults to credentials.pushtech
 *         "contacts": [                              // each one a valid updateContact answer (`id` + fields)
 *           { "id": "550aac3da096734ce5000001", "name_first": "John", "tags": ["tag1"], "favourite_store": "Madrid" }
 *         ]
 *       }
 *     ]
 *   }
 * }
 * ```
 *
 * The file is checked when it is loaded (`parseSandboxData`): a problem is a SandboxDataError naming
 * the JSON Pointer in the file. Altcraft profiles are checked with the generated updateProfile
 * validator (fields and subscriptions), edna subscribers with the replaceSubscriber validator, and
 * Pushtech contacts with the updateContact answer validator, so the store only ever holds what the
 * APIs could have written. Stored email subscriptions always carry `email` (an `email_data.email`
 * is moved there).
 *
 * ## Store caps
 *
 * The store is bounded (StoreLimits, DEFAULT_STORE_LIMITS; `startSandbox({ maxStoreRecords,
 * maxStoreBytes })`, `--max-store-records`, `--max-store-bytes`):
 *
 * - records: Altcraft profiles (every database), edna subscribers and Pushtech contacts together,
 *   1,000,000 by default. No API request creates a record (Altcraft updates only, edna and Pushtech
 *   answer 404 for an unknown one), so only data loads can reach it: a data file, `startSandbox({ data })`,
 *   `POST /__admin/reset` with a body. Over the cap, the load fails (SandboxDataError at the first record
 *   past it; a reset keeps the state it had).
 * - bytes: the UTF-8 size of the JSON text of every record (fields, subscriptions, segments, parameters,
 *   tags included) and of the edna tag list, 256 MiB by default. A load over it fails the same way.
 *   An update that would take the store over it is refused and leaves the record as it was
 *   (`SandboxStore.change`): Altcraft answers HTTP 200 with `{error: 507, error_text}` (per item in a
 *   batch: the items before it are applied), edna and Pushtech HTTP 507 `{error: "store_full", message}`.
 *   An update that does not grow its record is never refused.
 */
import { validateUpdateProfileRequest } from "../../generated/altcraft/validators.js";
import { copyJson } from "./http-util.js";
import { jsonBytes } from "./json-bytes.js";
import { validateReplaceSubscriberRequest } from "../../generated/edna/validators.js";
import { validateUpdateContactResponse } from "../../generated/pushtech/validators.js";

export interface SandboxCredentials {
  /** Altcraft API token: body `token` or `Authorization: Bearer <token>`. */
  altcraft: string;
  /** edna Pulse `x-api-key`. */
  edna: string;
  /** Pushtech account secret (`Authorization: Token token=<secret>`) for every account without its own `secret`. */
  pushtech: string;
}

/** Credentials used when neither the options nor the data file give one. Sandbox values, not secrets of any real account. */
export const DEFAULT_CREDENTIALS: Readonly<SandboxCredentials> = Object.freeze({
  altcraft: "sandbox-altcraft-token",
  edna: "sandbox-edna-key",
  pushtech: "sandbox-pushtech-secret",
});

/** How much the store may hold (see "Store caps" above). */
export interface StoreLimits {
  /** Altcraft profiles, edna subscribers and Pushtech contacts together. */
  maxRecords: number;
  /** UTF-8 bytes of the JSON text of every record and of the edna tag list. */
  maxBytes: number;
}

export const DEFAULT_STORE_LIMITS: Readonly<StoreLimits> = Object.freeze({ maxRecords: 1_000_000, maxBytes: 256 * 1024 * 1024 });

/** The size the byte cap counts for one stored value: the UTF-8 length of its JSON text. */
export const storedBytes: (value: unknown) => number = jsonBytes;

// ------------------------------------------------------------------------------------ the state

/** A stored Altcraft subscription (as `data.subscriptions` sends it; email always in `email`). */
export interface AltcraftSubscription {
  channel: string;
  resource_id?: number;
  email?: string;
  phone?: string;
  provider?: string;
  subscription_id?: string;
  cc_data?: Record<string, unknown>;
  status?: string | number;
  priority?: number;
  custom_fields?: Record<string, unknown>;
  cats?: string[];
}

export interface AltcraftProfile {
  id: string;
  fields: Record<string, unknown>;
  subscriptions: AltcraftSubscription[];
  segments: number[];
}

export interface AltcraftDatabase {
  db_id: number;
  profiles: AltcraftProfile[];
}

export interface EdnaAddress {
  address: string;
  type: string;
}

export interface EdnaParameterValue {
  name: string;
  valueType: string;
  value: string;
}

export interface EdnaSubscriber {
  blacklisted?: boolean;
  addresses: EdnaAddress[];
  parameterValues: EdnaParameterValue[];
  tagValues: { name: string }[];
}

/** A Pushtech contact: its `id` and its fields (system and custom), as the updateContact answer shows it. */
export type PushtechContact = { id: string } & Record<string, unknown>;

export interface PushtechAccount {
  account_id: string;
  contacts: PushtechContact[];
}

/** Everything the sandbox holds (credentials and account secrets are kept apart, never in a snapshot). */
export interface SandboxState {
  altcraft: { databases: AltcraftDatabase[] };
  edna: { tags: string[]; subscribers: EdnaSubscriber[] };
  pushtech: { accounts: PushtechAccount[] };
}

// ------------------------------------------------------------------------------------ the data file

export interface SandboxData {
  credentials?: Partial<SandboxCredentials>;
  altcraft?: {
    databases?: {
      db_id: number;
      profiles?: {
        id?: string;
        fields?: Record<string, unknown>;
        subscriptions?: Record<string, unknown>[];
        segments?: number[];
      }[];
    }[];
  };
  edna?: { tags?: string[]; subscribers?: EdnaSubscriber[] };
  pushtech?: { accounts?: { account_id: string; secret?: string; contacts?: PushtechContact[] }[] };
}

/** A data file that cannot be loaded: `pointer` is where in the file, the message says what was expected. */
export class SandboxDataError extends Error {
  override name = "SandboxDataError";
  constructor(
    readonly pointer: string,
    readonly reason: string,
    source = "sandbox data",
  ) {
    super(`${source}${pointer ? ` at ${pointer}` : ""}: ${reason}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const escapeToken = (k: string | number) => String(k).replace(/~/g, "~0").replace(/\//g, "~1");

/** The resolved data, ready for the store. */
interface Loaded {
  state: SandboxState;
  credentials: SandboxCredentials;
  accountSecrets: Map<string, string>;
  /** What the state holds, as the caps count it. */
  records: number;
  bytes: number;
  /** Each record's size as the caps counted it (the store reads it back before the record's first change). */
  sizes: WeakMap<object, number>;
}

/**
 * Checks a parsed data file and returns it typed; throws SandboxDataError naming the JSON Pointer
 * of the first problem (a record over the store caps included). `source` names the file in the message.
 */
export function parseSandboxData(value: unknown, source = "sandbox data", limits: Partial<StoreLimits> = {}): SandboxData {
  load(value, source, resolveLimits(limits));
  return value as SandboxData;
}

/** The limits with their defaults; throws a RangeError for a cap that is not a whole number ≥ 1. */
export function resolveLimits(limits: Partial<StoreLimits>): StoreLimits {
  const out = { ...DEFAULT_STORE_LIMITS };
  for (const k of ["maxRecords", "maxBytes"] as const) {
    const v = limits[k];
    if (v === undefined) continue;
    if (!(Number.isSafeInteger(v) && v >= 1)) throw new RangeError(`store cap ${k} must be a whole number ≥ 1, found ${String(v)}`);
    out[k] = v;
  }
  return out;
}

function load(value: unknown, source: string, limits: StoreLimits): Loaded {
  const fail = (pointer: string, reason: string): never => {
    throw new SandboxDataError(pointer, reason, source);
  };
  let records = 0;
  let bytes = 0;
  const sizes = new WeakMap<object, number>();
  /** Counts one stored value against the caps; `record`: it is a profile, subscriber or contact (its size is kept). */
  const count = (stored: object, pointer: string, record: boolean, size = storedBytes(stored)) => {
    if (record && ++records > limits.maxRecords)
      fail(pointer, `the sandbox's store holds at most ${limits.maxRecords} records (Altcraft profiles, edna subscribers and Pushtech contacts together; maxStoreRecords, --max-store-records)`);
    if (record) sizes.set(stored, size);
    bytes += size;
    if (bytes > limits.maxBytes) fail(pointer, `the data is over the sandbox's store cap of ${limits.maxBytes} bytes (the JSON text of every record; maxStoreBytes, --max-store-bytes)`);
  };
  const object = (v: unknown, p: string): Record<string, unknown> => (isObject(v) ? v : fail(p, `expected an object, found ${describe(v)}`));
  const array = (v: unknown, p: string): unknown[] => (Array.isArray(v) ? v : fail(p, `expected an array, found ${describe(v)}`));
  const onlyKeys = (o: Record<string, unknown>, p: string, keys: readonly string[]) => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${p}/${escapeToken(k)}`, `unknown key (expected one of ${keys.join(", ")})`);
  };
  const string = (v: unknown, p: string): string => (typeof v === "string" && v !== "" ? v : fail(p, `expected a non-empty string, found ${describe(v)}`));

  const root = object(value, "");
  onlyKeys(root, "", ["credentials", "altcraft", "edna", "pushtech"]);

  const credentials: SandboxCredentials = { ...DEFAULT_CREDENTIALS };
  if (root.credentials !== undefined) {
    const c = object(root.credentials, "/credentials");
    onlyKeys(c, "/credentials", ["altcraft", "edna", "pushtech"]);
    for (const k of ["altcraft", "edna", "pushtech"] as const) if (c[k] !== undefined) credentials[k] = string(c[k], `/credentials/${k}`);
  }

  const state: SandboxState = { altcraft: { databases: [] }, edna: { tags: [], subscribers: [] }, pushtech: { accounts: [] } };

  // Altcraft
  if (root.altcraft !== undefined) {
    const a = object(root.altcraft, "/altcraft");
    onlyKeys(a, "/altcraft", ["databases"]);
    const givenIds = new Set<string>();
    const pending: { profile: AltcraftProfile; hasId: boolean }[] = [];
    const dbIds = new Set<number>();
    array(a.databases ?? [], "/altcraft/databases").forEach((dbValue, i) => {
      const p = `/altcraft/databases/${i}`;
      const db = object(dbValue, p);
      onlyKeys(db, p, ["db_id", "profiles"]);
      if (!(typeof db.db_id === "number" && Number.isInteger(db.db_id) && db.db_id >= 1)) fail(`${p}/db_id`, `expected an integer ≥ 1, found ${describe(db.db_id)}`);
      const dbId = db.db_id as number;
      if (dbIds.has(dbId)) fail(`${p}/db_id`, `database ${dbId} is listed twice`);
      dbIds.add(dbId);
      const profiles: AltcraftProfile[] = [];
      array(db.profiles ?? [], `${p}/profiles`).forEach((profileValue, j) => {
        const pp = `${p}/profiles/${j}`;
        const prof = object(profileValue, pp);
        onlyKeys(prof, pp, ["id", "fields", "subscriptions", "segments"]);
        let id = "";
        if (prof.id !== undefined) {
          id = string(prof.id, `${pp}/id`);
          if (givenIds.has(id)) fail(`${pp}/id`, `profile id ${JSON.stringify(id)} is used twice`);
          givenIds.add(id);
        }
        const fields = object(prof.fields ?? {}, `${pp}/fields`);
        if (Object.hasOwn(fields, "subscriptions")) fail(`${pp}/fields/subscriptions`, "subscriptions go in the profile's own `subscriptions` array, not in `fields`");
        const subscriptions = array(prof.subscriptions ?? [], `${pp}/subscriptions`);
        const check = validateUpdateProfileRequest({ db_id: dbId, matching: "profile_id", profile_id: "x", data: { ...fields, subscriptions } });
        if (!check.ok) {
          const issue = check.errors[0]!;
          const where = issue.path.startsWith("/data/subscriptions")
            ? `${pp}/subscriptions${issue.path.slice("/data/subscriptions".length)}`
            : issue.path.startsWith("/data")
              ? `${pp}/fields${issue.path.slice("/data".length)}`
              : pp;
          fail(where, issue.message);
        }
        const segments = array(prof.segments ?? [], `${pp}/segments`).map((s, k) =>
          typeof s === "number" && Number.isInteger(s) && s >= 1 ? s : fail(`${pp}/segments/${k}`, `expected a segment id (an integer ≥ 1), found ${describe(s)}`),
        );
        const profile: AltcraftProfile = {
          id,
          fields: structuredClone(fields),
          subscriptions: subscriptions.map((s) => normalizeSubscription(s as Record<string, unknown>)),
          segments: [...new Set(segments)],
        };
        // A generated id (given below) has 24 characters whatever its number.
        count(profile, pp, true, prof.id === undefined ? storedBytes({ ...profile, id: generatedProfileId(0) }) : undefined);
        pending.push({ profile, hasId: prof.id !== undefined });
        profiles.push(profile);
      });
      state.altcraft.databases.push({ db_id: dbId, profiles });
    });
    // Profiles without an id get the next free generated one, in file order (deterministic).
    let counter = 0;
    for (const { profile, hasId } of pending) {
      if (hasId) continue;
      let id: string;
      do id = generatedProfileId(++counter);
      while (givenIds.has(id));
      givenIds.add(id);
      profile.id = id;
    }
  }

  // edna
  if (root.edna !== undefined) {
    const e = object(root.edna, "/edna");
    onlyKeys(e, "/edna", ["tags", "subscribers"]);
    const tags = array(e.tags ?? [], "/edna/tags").map((t, i) => string(t, `/edna/tags/${i}`));
    state.edna.tags = [...new Set(tags)];
    count(state.edna.tags, "/edna/tags", false);
    const extIds = new Set<string>();
    array(e.subscribers ?? [], "/edna/subscribers").forEach((s, i) => {
      const p = `/edna/subscribers/${i}`;
      const check = validateReplaceSubscriberRequest(s);
      if (!check.ok) fail(`${p}${check.errors[0]!.path}`, check.errors[0]!.message);
      const subscriber = structuredClone(s) as EdnaSubscriber;
      const ext = extUserId(subscriber.addresses)!;
      if (extIds.has(ext)) fail(`${p}/addresses`, `EXT_USER_ID ${JSON.stringify(ext)} belongs to two subscribers`);
      extIds.add(ext);
      subscriber.tagValues.forEach((t, k) => {
        if (!state.edna.tags.includes(t.name)) fail(`${p}/tagValues/${k}/name`, `tag ${JSON.stringify(t.name)} is not in /edna/tags (tags must be created in advance)`);
      });
      count(subscriber, p, true);
      state.edna.subscribers.push(subscriber);
    });
  }

  // Pushtech
  const accountSecrets = new Map<string, string>();
  if (root.pushtech !== undefined) {
    const pt = object(root.pushtech, "/pushtech");
    onlyKeys(pt, "/pushtech", ["accounts"]);
    array(pt.accounts ?? [], "/pushtech/accounts").forEach((accountValue, i) => {
      const p = `/pushtech/accounts/${i}`;
      const account = object(accountValue, p);
      onlyKeys(account, p, ["account_id", "secret", "contacts"]);
      const accountId = string(account.account_id, `${p}/account_id`);
      if (state.pushtech.accounts.some((a) => a.account_id === accountId)) fail(`${p}/account_id`, `account ${JSON.stringify(accountId)} is listed twice`);
      if (account.secret !== undefined) accountSecrets.set(accountId, string(account.secret, `${p}/secret`));
      const ids = new Set<string>();
      const contacts = array(account.contacts ?? [], `${p}/contacts`).map((c, j) => {
        const check = validateUpdateContactResponse(c);
        if (!check.ok) fail(`${p}/contacts/${j}${check.errors[0]!.path}`, check.errors[0]!.message);
        const contact = structuredClone(c) as PushtechContact;
        if (ids.has(contact.id)) fail(`${p}/contacts/${j}/id`, `contact ${JSON.stringify(contact.id)} is listed twice in this account`);
        ids.add(contact.id);
        count(contact, `${p}/contacts/${j}`, true);
        return contact;
      });
      state.pushtech.accounts.push({ account_id: accountId, contacts });
    });
  }

  return { state, credentials, accountSecrets, records, bytes, sizes };
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  return typeof v === "string" ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : String(v);
}

/** A generated profile id: 24 hex digits, like the vendor's ObjectIds. */
export function generatedProfileId(n: number): string {
  return "5a" + n.toString(16).padStart(22, "0");
}

/** The value of the first `EXT_USER_ID` address, if any. */
export function extUserId(addresses: readonly EdnaAddress[]): string | undefined {
  return addresses.find((a) => a.type === "EXT_USER_ID")?.address;
}

/** A subscription as stored: a copy, with `email_data.email` moved to `email`. */
export function normalizeSubscription(s: Record<string, unknown>): AltcraftSubscription {
  const copy = copyJson(s);
  if (copy.channel === "email" && isObject(copy.email_data)) {
    const email = copy.email_data.email;
    delete copy.email_data;
    if (typeof email === "string") copy.email = email;
  }
  return copy as unknown as AltcraftSubscription;
}

// ------------------------------------------------------------------------------------ the store

/**
 * The sandbox's state. Tests read it through the accessors (each returns a copy, so a test cannot
 * change the sandbox by accident) and seed it with `reset(data)`. The request handlers use
 * `live`, the state itself.
 */
export class SandboxStore {
  private start: Loaded;
  private current: Loaded;
  private overrides: Partial<SandboxCredentials>;
  /** The caps (see "Store caps" above). */
  readonly limits: Readonly<StoreLimits>;

  /** Throws SandboxDataError for data that cannot be loaded or is over the caps, RangeError for a bad cap. */
  constructor(data: unknown, credentialOverrides: Partial<SandboxCredentials> = {}, limits: Partial<StoreLimits> = {}) {
    this.overrides = credentialOverrides;
    this.limits = Object.freeze(resolveLimits(limits));
    this.start = load(data, "sandbox data", this.limits);
    this.current = this.copyOf(this.start);
  }

  /** A deep copy of the loaded data; each copied record keeps its counted size. */
  private copyOf(l: Loaded): Loaded {
    const sizes = new WeakMap<object, number>();
    const copied = <T extends object>(record: T): T => {
      const copy = copyJson(record);
      const size = l.sizes.get(record);
      if (size !== undefined) sizes.set(copy, size);
      return copy;
    };
    const { altcraft, edna, pushtech } = l.state;
    return {
      state: {
        altcraft: { databases: altcraft.databases.map((d) => ({ db_id: d.db_id, profiles: d.profiles.map(copied) })) },
        edna: { tags: [...edna.tags], subscribers: edna.subscribers.map(copied) },
        pushtech: { accounts: pushtech.accounts.map((a) => ({ account_id: a.account_id, contacts: a.contacts.map(copied) })) },
      },
      credentials: { ...l.credentials, ...stripUndefined(this.overrides) },
      accountSecrets: new Map(l.accountSecrets),
      records: l.records,
      bytes: l.bytes,
      sizes,
    };
  }

  /** Back to the start data; with `data`, load that instead (it becomes the start data). Throws SandboxDataError (state unchanged). */
  reset(data?: unknown): void {
    if (data !== undefined) this.start = load(data, "sandbox data", this.limits);
    this.current = this.copyOf(this.start);
  }

  /** What the store holds, as the caps count it: records, and bytes of JSON text. */
  get usage(): { records: number; bytes: number } {
    return { records: this.current.records, bytes: this.current.bytes };
  }

  /**
   * Runs `apply`, which changes `record` (a stored profile, subscriber or contact) in place, and
   * counts the change against the byte cap. When the record grew and the store would go over the
   * cap, the record is put back as it was and the text of the refusal is returned; otherwise
   * undefined.
   */
  change(record: object, apply: () => void): string | undefined {
    const before = this.current.sizes.get(record) ?? storedBytes(record);
    // A copy to put back (records hold JSON values only): cheaper than serializing the record again.
    const saved = copyJson(record) as Record<string, unknown>;
    apply();
    const after = storedBytes(record);
    const total = this.current.bytes + after - before;
    if (after > before && total > this.limits.maxBytes) {
      const target = record as Record<string, unknown>;
      for (const k of Object.keys(target)) delete target[k];
      for (const k of Object.keys(saved)) Object.defineProperty(target, k, { value: saved[k], enumerable: true, writable: true, configurable: true });
      return (
        `The sandbox's store is full: it holds ${this.current.bytes} bytes of its cap of ${this.limits.maxBytes} ` +
        `(maxStoreBytes, --max-store-bytes), and this update would add ${after - before}. Nothing was changed; ` +
        `reset the store (POST /__admin/reset) or start the sandbox with a larger cap`
      );
    }
    this.current.sizes.set(record, after);
    this.current.bytes = total;
    return undefined;
  }

  /** A deep copy of everything (no credentials). */
  snapshot(): SandboxState {
    return structuredClone(this.current.state);
  }

  altcraftDatabase(dbId: number): AltcraftDatabase | undefined {
    const db = this.current.state.altcraft.databases.find((d) => d.db_id === dbId);
    return db && structuredClone(db);
  }

  altcraftProfile(dbId: number, profileId: string): AltcraftProfile | undefined {
    const p = this.live.altcraft.databases.find((d) => d.db_id === dbId)?.profiles.find((x) => x.id === profileId);
    return p && structuredClone(p);
  }

  ednaSubscriber(extId: string): EdnaSubscriber | undefined {
    const s = this.live.edna.subscribers.find((x) => extUserId(x.addresses) === extId);
    return s && structuredClone(s);
  }

  pushtechContact(accountId: string, contactId: string): PushtechContact | undefined {
    const c = this.live.pushtech.accounts.find((a) => a.account_id === accountId)?.contacts.find((x) => x.id === contactId);
    return c && structuredClone(c);
  }

  /** The live state, for the request handlers. */
  get live(): SandboxState {
    return this.current.state;
  }

  /** The credentials in force (for the handlers; never logged, never in a snapshot). */
  get credentials(): Readonly<SandboxCredentials> {
    return this.current.credentials;
  }

  /** The secret of a Pushtech account: its own `secret`, else the shared Pushtech credential. */
  pushtechSecret(accountId: string): string {
    return this.current.accountSecrets.get(accountId) ?? this.current.credentials.pushtech;
  }

  /** Every secret the sandbox knows, to keep out of answers and logs. */
  secrets(): string[] {
    return [this.current.credentials.altcraft, this.current.credentials.edna, this.current.credentials.pushtech, ...this.current.accountSecrets.values()];
  }
}

function stripUndefined(c: Partial<SandboxCredentials>): Partial<SandboxCredentials> {
  const out: Partial<SandboxCredentials> = {};
  for (const k of ["altcraft", "edna", "pushtech"] as const) {
    const v = c[k];
    if (typeof v === "string" && v !== "") out[k] = v;
  }
  return out;
}
