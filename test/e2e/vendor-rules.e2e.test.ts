/**
 * The rules where the specs follow the vendor pages exactly (neither stricter nor looser), each
 * broken once. For every rule the spec says it (the description the docs site renders), the
 * generated validator gives the verdict, and the sandbox — over loopback, with the client's own
 * validation off so the sandbox judges — answers the same.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { validateUpdateProfilesBatchRequest, validateUpdateProfileRequest } from "../../generated/altcraft/validators.js";
import { validateReplaceSubscriberRequest } from "../../generated/edna/validators.js";
import { validateUpdateContactRequest } from "../../generated/pushtech/validators.js";
import { resolvePointer } from "../../src/codegen/pointer.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { loadDoc } from "../helpers/spec-bodies.js";
import { altcraftClient, CREDENTIALS, fixture } from "./helpers.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ data: fixture() });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset(fixture()));

type Verdict = { ok: true } | { ok: false; errors: { path: string; keyword: string; message: string }[] };

/** The sandbox's answer to a raw request (no client-side validation): HTTP status and body. */
async function send(api: "altcraft" | "edna" | "pushtech", method: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (api === "edna") headers["x-api-key"] = CREDENTIALS.edna;
  if (api === "pushtech") headers["authorization"] = `Token token=${CREDENTIALS.pushtech}`;
  const sent = api === "altcraft" ? { token: CREDENTIALS.altcraft, ...(body as object) } : body;
  const r = await fetch(`${sandbox.url}/${api}/api${path}`, { method, headers, body: JSON.stringify(sent) });
  const text = await r.text();
  return { status: r.status, body: text === "" ? undefined : JSON.parse(text) };
}

/** A description in a spec (what the docs site shows), by JSON Pointer. */
const described = (api: string, pointer: string): string => {
  const node = resolvePointer(loadDoc(api), pointer) as { description?: unknown } | undefined;
  if (typeof node?.description !== "string") throw new Error(`specs/${api}/openapi.yaml${pointer} has no description`);
  return node.description;
};

// ------------------------------------------------------------------ Altcraft batch lookups

const BATCH = "/components/schemas";
describe("Altcraft batch: each item's lookup value is its own, else the request's; with neither the request is invalid", () => {
  // [mode, extra request fields, the item's own lookup, the request-level lookup, the profile both find, the schema that says it]
  const modes: [string, object, object, object, string, string][] = [
    ["email", {}, { email: "beta@example.com" }, { email: "beta@example.com" }, "p-beta", "UpdateProfilesBatchByEmail"],
    ["email_profile", {}, { email: "alpha@example.com" }, { email: "alpha@example.com" }, "p-alpha", "UpdateProfilesBatchByEmail"],
    ["email_sub", {}, { email: "alpha@example.com" }, { email: "alpha@example.com" }, "p-beta", "UpdateProfilesBatchByEmail"],
    ["phone", {}, { phones: ["+79000000002"] }, { phone: "+79000000002" }, "p-beta", "UpdateProfilesBatchByPhone"],
    ["phone_sub", {}, { phones: ["+79000000001"] }, { phone: "+79000000001" }, "p-beta", "UpdateProfilesBatchByPhone"],
    ["profile_id", {}, { profile_id: "p-gamma" }, { profile_id: "p-gamma" }, "p-gamma", "UpdateProfilesBatchByProfileId"],
    [
      "push_sub",
      {},
      { subscriptions: [{ channel: "push", provider: "ios-apns", subscription_id: "push-beta" }] },
      { provider: "ios-apns", subscription_id: "push-beta" },
      "p-beta",
      "UpdateProfilesBatchByPushSubscription",
    ],
    ["custom", { field_name: "CRM_ID" }, { CRM_ID: "B-2" }, { field_value: "B-2" }, "p-beta", "UpdateProfilesBatchByCustomField"],
    ["custom_sub", { field_name: "tg_user" }, { tg_user: "alpha_tg" }, { field_value: "alpha_tg" }, "p-alpha", "UpdateProfilesBatchByCustomField"],
    ["email_phone", {}, { phones: ["+79000000002"] }, { email: "beta@example.com" }, "p-beta", "UpdateProfilesBatchByEmailOrPhone"],
    ["email_phone_sub", {}, { email: "alpha.sub@example.com" }, { phone: "+79000000011" }, "p-alpha", "UpdateProfilesBatchByEmailOrPhone"],
  ];

  describe.each(modes)("matching %s", (mode, extra, own, fromRequest, found, schema) => {
    const base = { db_id: 1, matching: mode, ...extra };

    test("the spec says it", () => {
      expect(described("altcraft", `${BATCH}/${schema}`)).toMatch(/,\s+else\s+by\s+the\s+request's/);
      expect(described("altcraft", `${BATCH}/UpdateProfilesBatchRequest`)).toMatch(/else from the request's lookup field\(s\) for the mode; an\s+item with neither makes the request invalid/);
    });

    test("the item's own value: valid, and the sandbox finds the profile by it", async () => {
      const body = { ...base, data: [{ ...own, _fname: "Own" }] };
      expect(validateUpdateProfilesBatchRequest(body).ok).toBe(true);
      const answer = await send("altcraft", "POST", "/v1.1/profiles/update_batch", body);
      expect(answer.body).toMatchObject({ error: 0, result: [{ error: 0, profile_id: found }] });
    });

    test("the request's value for an item without one: valid, and the sandbox finds the profile by it", async () => {
      const body = { ...base, ...fromRequest, data: [{ _fname: "Shared" }] };
      expect(validateUpdateProfilesBatchRequest(body).ok).toBe(true);
      const answer = await send("altcraft", "POST", "/v1.1/profiles/update_batch", body);
      expect(answer.body).toMatchObject({ error: 0, result: [{ error: 0, profile_id: found }] });
      expect(sandbox.store.altcraftProfile(1, found)!.fields._fname).toBe("Shared");
    });

    test("an item with neither: invalid, the issue names the item and the mode; the sandbox refuses the request and changes nothing", async () => {
      const body = { ...base, data: [{ ...own, _fname: "Own" }, { _fname: "Nobody" }] };
      const verdict = validateUpdateProfilesBatchRequest(body) as Verdict;
      const issue = { path: "/data/1", keyword: "x-each-item-requires", message: expect.stringMatching(new RegExp(`^matching "${mode}" requires .* in every item of data: this item has none$`)) };
      expect(verdict).toEqual({ ok: false, errors: [issue] });
      const answer = await send("altcraft", "POST", "/v1.1/profiles/update_batch", body);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ error: 400, errors: [issue] });
      expect(answer.body.error_text).toContain("/data/1");
      expect(sandbox.store.altcraftProfile(1, found)!.fields._fname).not.toBe("Own");
    });
  });

  test("matching omitted is email: an item without email and no request email is named with the default", () => {
    expect(validateUpdateProfilesBatchRequest({ db_id: 1, data: [{ email: "a@example.com" }, {}, {}, { _fname: "D" }] })).toEqual({
      ok: false,
      errors: [1, 2, 3].map((n) => ({
        path: `/data/${n}`,
        keyword: "x-each-item-requires",
        message: `matching "email" (the default) requires an email (the item's email, or the request's email) in every item of data: this item has none`,
      })),
    });
  });

  test("the issue's cases: phone without any phone is refused; the table's own custom form is accepted and found", async () => {
    expect(validateUpdateProfilesBatchRequest({ db_id: 1, matching: "phone", data: [{ _fname: "A" }] }).ok).toBe(false);
    const table = { db_id: 1, matching: "custom", field_name: "CRM_ID", field_value: "123420", data: [{ _fname: "Lala" }] };
    expect(validateUpdateProfilesBatchRequest(table).ok).toBe(true);
    const defaults = await startSandbox(); // the sample data holds a profile with CRM_ID 123420
    try {
      const r = await fetch(`${defaults.url}/altcraft/api/v1.1/profiles/update_batch`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token: "sandbox-altcraft-token", ...table }),
      });
      expect(await r.json()).toMatchObject({ error: 0, result: [{ error: 0, profile_id: "54759eb3c090d83494e2d804" }] });
    } finally {
      await defaults.close();
    }
  });

  test("an item whose own custom field is null falls back to field_value, in the validator and the sandbox", async () => {
    const body = { db_id: 1, matching: "custom", field_name: "CRM_ID", field_value: "A-1", data: [{ CRM_ID: null, _fname: "Null" }] };
    expect(validateUpdateProfilesBatchRequest(body).ok).toBe(true);
    expect((await send("altcraft", "POST", "/v1.1/profiles/update_batch", body)).body).toMatchObject({ error: 0, result: [{ error: 0, profile_id: "p-alpha" }] });
    expect(validateUpdateProfilesBatchRequest({ ...body, field_value: undefined }).ok).toBe(false);
  });

  test("updateProfile (one profile) is unchanged: the request itself carries the lookup", () => {
    expect(validateUpdateProfileRequest({ db_id: 1, matching: "phone", data: {} })).toMatchObject({ ok: false, errors: [{ path: "/phone", message: 'matching "phone" requires phone' }] });
  });
});

// ------------------------------------------------------------------ Altcraft batch size

describe('Altcraft batch: "not recommended" above 10,000 profiles or 10 MB is not forbidden', () => {
  const op = "/paths/~1v1.1~1profiles~1update_batch/post";

  test("the spec says it, and keeps the recommendation as the chunked methods' defaults (10 MB read as 10,000,000 bytes)", () => {
    expect(described("altcraft", op)).toMatch(/It is a recommendation, not a limit: a larger request is still\s+valid/);
    const doc = loadDoc("altcraft");
    expect(resolvePointer(doc, `${op}/x-batch`)).toMatchObject({ maxItems: 10_000, maxBytes: 10_000_000 });
    expect(resolvePointer(doc, `${BATCH}/UpdateProfilesBatchFields/properties/data/maxItems`)).toBeUndefined();
  });

  test("10,001 items: valid, and the sandbox answers one result per item", async () => {
    const body = { db_id: 1, data: Array.from({ length: 10_001 }, (_, i) => ({ email: i === 10_000 ? "gamma@example.com" : `u${i}@example.com` })) };
    expect(validateUpdateProfilesBatchRequest(body).ok).toBe(true);
    const answer = await send("altcraft", "POST", "/v1.1/profiles/update_batch", body);
    expect(answer.body.error).toBe(0);
    expect(answer.body.result).toHaveLength(10_001);
    expect(answer.body.result[10_000]).toMatchObject({ error: 0, profile_id: "p-gamma" });
  });

  test("over 10 MB (11 MiB): valid, and the sandbox applies it", async () => {
    const filler = "x".repeat(1024 * 1024);
    const body = { db_id: 1, data: Array.from({ length: 11 }, (_, i) => ({ email: i === 0 ? "alpha@example.com" : `u${i}@example.com`, note: filler })) };
    expect(JSON.stringify(body).length).toBeGreaterThan(11 * 1024 * 1024);
    expect(validateUpdateProfilesBatchRequest(body).ok).toBe(true);
    const answer = await send("altcraft", "POST", "/v1.1/profiles/update_batch", body);
    expect(answer.body).toMatchObject({ error: 0 });
    expect(answer.body.result).toHaveLength(11);
    expect(sandbox.store.altcraftProfile(1, "p-alpha")!.fields.note).toBe(filler);
  });

  test("the chunked methods split at 10,000 items and 10,000,000 bytes by default, and take larger sizes when asked", async () => {
    const bodies: { items: number; bytes: number }[] = [];
    const fetch = async (request: Request): Promise<Response> => {
      const text = await request.text();
      const items = (JSON.parse(text) as { data: unknown[] }).data.length;
      bodies.push({ items, bytes: Buffer.byteLength(text) });
      const result = Array.from({ length: items }, () => ({ error: 0, error_text: "ok", profile_id: "p" }));
      return new Response(JSON.stringify({ error: 0, error_text: "ok", result }), { headers: { "content-type": "application/json" } });
    };
    const client = altcraftClient("http://vendor.invalid/api", { fetch });
    const small = Array.from({ length: 10_001 }, (_, i) => ({ email: `u${i}@example.com` }));
    expect((await client.updateProfilesBatch.all({ db_id: 1 }, small)).accepted).toBe(10_001);
    expect(bodies.map((b) => b.items)).toEqual([10_000, 1]);
    bodies.length = 0;
    const big = Array.from({ length: 12 }, (_, i) => ({ email: `u${i}@example.com`, note: "x".repeat(900_000) }));
    await client.updateProfilesBatch.all({ db_id: 1 }, big);
    expect(Math.max(...bodies.map((b) => b.bytes))).toBeLessThanOrEqual(10_000_000);
    expect(Math.max(...bodies.map((b) => b.bytes))).toBeGreaterThan(9_000_000);
    bodies.length = 0;
    expect((await client.updateProfilesBatch.all({ db_id: 1 }, small, { maxItems: 20_000 })).accepted).toBe(10_001);
    expect(bodies.map((b) => b.items)).toEqual([10_001]);
  });
});

// ------------------------------------------------------------------ Pushtech

describe("Pushtech: phones are plain strings, dates are ISO 8601 dates or date-times, gdpr_remote_ip a string", () => {
  const path = "/v2/account/my-account/contact/550aac3da096734ce5000001";
  const fields = "/components/schemas/UpdateContactRequest/properties";
  const allowed = {
    phone_countrycode: "+44",
    phone_number: "7712 345678",
    phone: "+44 7712 345678",
    born_date: "1990-01-01",
    gdpr_date: "2024-05-25T10:00:00Z",
    gdpr_remote_ip: "203.0.113.7 (proxy)",
  };

  test("the spec says it: no digit pattern, no IP format, dates as date or date-time", () => {
    const doc = loadDoc("pushtech");
    for (const name of ["phone_countrycode", "phone_number", "phone", "gdpr_remote_ip"]) {
      expect(resolvePointer(doc, `${fields}/${name}`), name).toEqual(expect.objectContaining({ type: "string" }));
      expect(JSON.stringify(resolvePointer(doc, `${fields}/${name}`)), name).not.toMatch(/"pattern"|"format"|"anyOf"/);
    }
    for (const name of ["born_date", "gdpr_date"]) expect(described("pushtech", `${fields}/${name}`)).toMatch(/a date \(`1990-01-01`\) or a date-time/);
  });

  test("what people send is valid, and the sandbox stores it as sent", async () => {
    expect(validateUpdateContactRequest(allowed)).toEqual({ ok: true, value: allowed });
    const answer = await send("pushtech", "PUT", path, allowed);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject(allowed);
  });

  test.each([
    ["born_date not ISO 8601", { born_date: "01/01/1990" }, "/born_date", "anyOf"],
    ["gdpr_date not ISO 8601", { gdpr_date: "25.05.2024" }, "/gdpr_date", "anyOf"],
    ["gdpr_remote_ip not a string", { gdpr_remote_ip: 3405803783 }, "/gdpr_remote_ip", "type"],
    ["phone not a string", { phone: 447712345678 }, "/phone", "type"],
  ])("broken once (%s): the validator and the sandbox refuse it at the same place", async (_name, body, pointer, keyword) => {
    expect(validateUpdateContactRequest(body)).toMatchObject({ ok: false, errors: [{ path: pointer, keyword }] });
    const answer = await send("pushtech", "PUT", path, body);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain(pointer);
  });
});

// ------------------------------------------------------------------ kept on purpose

describe("kept on purpose, and the spec says why", () => {
  test("edna POST requires parameterValues and tagValues: leaving one out would wipe it", async () => {
    expect(described("edna", "/paths/~1subscribers~1update/post")).toMatch(/are therefore required here \(send `\[\]` to clear\s+them deliberately\): leaving one out would wipe/);
    const body = { addresses: [{ address: "crm-42", type: "EXT_USER_ID" }], parameterValues: [] };
    expect(validateReplaceSubscriberRequest(body)).toMatchObject({ ok: false, errors: [{ path: "/tagValues", keyword: "required" }] });
    const answer = await send("edna", "POST", "/subscribers/update", body);
    expect(answer.status).toBe(400);
    expect(sandbox.store.live.edna.subscribers[0]!.tagValues).toEqual([{ name: "old_tag" }]);
  });

  test("Pushtech list_subscriptions / channel_subscriptions stay arrays", async () => {
    const one = { list_subscriptions: { list_id: "L1", subscribed: true } };
    expect(validateUpdateContactRequest(one)).toMatchObject({ ok: false, errors: [{ path: "/list_subscriptions", keyword: "type" }] });
    expect((await send("pushtech", "PUT", "/v2/account/my-account/contact/550aac3da096734ce5000001", one)).status).toBe(400);
    expect(validateUpdateContactRequest({ list_subscriptions: [{ list_id: "L1", subscribed: true }, { list_id: "L2" }] }).ok).toBe(true);
  });

  test("Altcraft subscription emails keep format: email", async () => {
    const body = { db_id: 1, email: "alpha@example.com", data: { subscriptions: [{ channel: "email", email: "not an address", resource_id: 1 }] } };
    const issue = expect.objectContaining({ path: "/data/subscriptions/0/email", keyword: "format", message: 'expected an e-mail address, found "not an address"' });
    expect(validateUpdateProfileRequest(body)).toMatchObject({ ok: false, errors: expect.arrayContaining([issue]) });
    const answer = await send("altcraft", "POST", "/v1.1/profiles/update", body);
    expect(answer.body).toMatchObject({ error: 400, errors: expect.arrayContaining([issue]) });
  });
});
