import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { UpdateProfileRequest, UpdateProfilesBatchRequest } from "../../generated/altcraft/index.js";
import { ValidationError, VendorError } from "../../src/runtime/errors.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { altcraftClient, CREDENTIALS, fixture, rejection } from "./helpers.js";

// The generated Altcraft client against the sandbox over loopback: every matching mode, JSON and
// XML, batch, errors. baseUrl = sandbox.url + "/altcraft/api".
let sandbox: Sandbox;
let base = "";
beforeAll(async () => {
  sandbox = await startSandbox({ data: fixture() });
  base = `${sandbox.url}/altcraft/api`;
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset(fixture()));

const fname = (id: string) => sandbox.store.altcraftProfile(1, id)?.fields._fname;

describe("updateProfile: every matching mode finds the profile the seeds describe", () => {
  // [name, lookup part of the body, profile it must find]
  const cases: [string, Omit<UpdateProfileRequest, "db_id" | "data">, string][] = [
    ["email (default, omitted): the profile's email", { email: "beta@example.com" } as never, "p-beta"],
    ["email: a subscription's email", { matching: "email", email: "alpha.sub@example.com" }, "p-alpha"],
    ["email: the profile's email first, case-insensitive", { matching: "email", email: "ALPHA@example.com" }, "p-alpha"],
    ["email_profile: the profile's email only", { matching: "email_profile", email: "alpha@example.com" }, "p-alpha"],
    ["email_sub: subscriptions only (beta's subscription holds alpha's email)", { matching: "email_sub", email: "alpha@example.com" }, "p-beta"],
    ["phone: a subscription's phone", { matching: "phone", phone: "+79000000011" }, "p-alpha"],
    ["phone: the profile's phones, compared by digits", { matching: "phone", phone: "79000000001" }, "p-alpha"],
    ["phone_sub: sms subscriptions only", { matching: "phone_sub", phone: "+79000000001" }, "p-beta"],
    ["profile_id", { matching: "profile_id", profile_id: "p-beta" }, "p-beta"],
    ["push_sub: provider + subscription_id", { matching: "push_sub", provider: "ios-apns", subscription_id: "push-beta" }, "p-beta"],
    ["custom: a field, compared as text", { matching: "custom", field_name: "Custom_ID", field_value: "345" }, "p-gamma"],
    ["custom: a tags field holds every tag of 'tag-1, tag-2'", { matching: "custom", field_name: "tags", field_value: "tag-1, tag-2" }, "p-alpha"],
    ["custom_sub: a subscription's custom field", { matching: "custom_sub", field_name: "tg_user", field_value: "alpha_tg" }, "p-alpha"],
    ["email_phone: by email", { matching: "email_phone", email: "gamma@example.com" }, "p-gamma"],
    ["email_phone: by phone, from the profile", { matching: "email_phone", phone: "+79000000002" }, "p-beta"],
    ["email_phone_sub: by phone, from subscriptions", { matching: "email_phone_sub", phone: "+79000000001" }, "p-beta"],
    ["email_phone_sub: by email, from subscriptions", { matching: "email_phone_sub", email: "alpha.sub@example.com" }, "p-alpha"],
  ];

  test.each(cases)("%s", async (_name, lookup, expected) => {
    const answer = await altcraftClient(base).updateProfile({ db_id: 1, ...lookup, data: { _fname: "Found" } } as UpdateProfileRequest);
    expect(answer).toEqual({ error: 0, error_text: "Successful operation", profile_id: expected });
    expect(fname(expected)).toBe("Found");
    for (const other of ["p-alpha", "p-beta", "p-gamma"].filter((id) => id !== expected)) expect(fname(other)).not.toBe("Found");
  });

  test("all 11 modes are covered", () => {
    const modes = new Set(cases.map(([, l]) => (l as { matching?: string }).matching ?? "email"));
    expect([...modes].sort()).toEqual(["custom", "custom_sub", "email", "email_phone", "email_phone_sub", "email_profile", "email_sub", "phone", "phone_sub", "profile_id", "push_sub"]);
  });

  test.each([
    ["email_profile does not look in subscriptions", { matching: "email_profile", email: "alpha.sub@example.com" }],
    ["email_sub does not look in the profile", { matching: "email_sub", email: "gamma@example.com" }],
    ["phone_sub does not look in the profile", { matching: "phone_sub", phone: "+79000000002" }],
    ["email_phone looks in the profile only", { matching: "email_phone", phone: "+79000000011" }],
    ["custom: a tag the profile lacks", { matching: "custom", field_name: "tags", field_value: "tag-1, tag-9" }],
    ["profile_id unknown", { matching: "profile_id", profile_id: "p-nobody" }],
  ] as [string, Omit<UpdateProfileRequest, "db_id" | "data">][])("no match: %s → VendorError 404, nothing created", async (_name, lookup) => {
    const before = sandbox.store.snapshot();
    const error = await rejection(altcraftClient(base).updateProfile({ db_id: 1, ...lookup, data: { _fname: "Nobody" } } as UpdateProfileRequest));
    expect(error).toBeInstanceOf(VendorError);
    expect((error as VendorError).code).toBe(404);
    expect((error as VendorError).vendorMessage).toMatch(/^Profile not found/);
    expect(sandbox.store.snapshot()).toEqual(before);
  });
});

describe("updateProfile: what an update does to the profile", () => {
  test("merges fields, upserts subscriptions, status/priority -1 leave them, 0 applies, segments move", async () => {
    const client = altcraftClient(base);
    await client.updateProfile({
      db_id: 1,
      matching: "profile_id",
      profile_id: "p-alpha",
      add_to_segments: [2, 3],
      remove_from_segments: [1],
      data: {
        _lname: "Lambert",
        visits: { action: "incr", value: 2 },
        tags: { action: "add", value: ["tag-9"] },
        subscriptions: [
          { channel: "sms", phone: "+79000000011", resource_id: 1, status: "unsubscribed", custom_fields: { campaign: "spring" } },
          { channel: "email", email_data: { email: "alpha.new@example.com" }, resource_id: 5 },
          { channel: "whatsapp", cc_data: { phone: "+79000000011" }, resource_id: 1, priority: 0 },
        ],
      },
    });
    let alpha = sandbox.store.altcraftProfile(1, "p-alpha")!;
    expect(alpha.fields).toMatchObject({ _fname: "Alpha", _lname: "Lambert", email: "alpha@example.com", visits: 5, tags: ["tag-1", "tag-2", "tag-3", "tag-9"] });
    expect(alpha.segments).toEqual([2, 3]);
    expect(alpha.subscriptions).toHaveLength(6);
    expect(alpha.subscriptions[1]).toEqual({ channel: "sms", phone: "+79000000011", resource_id: 1, status: "unsubscribed", priority: 5, custom_fields: { source: "import", campaign: "spring" } });
    expect(alpha.subscriptions[4]).toEqual({ channel: "email", email: "alpha.new@example.com", resource_id: 5, status: "subscribed" });
    expect(alpha.subscriptions[5]).toEqual({ channel: "whatsapp", cc_data: { phone: "+79000000011" }, resource_id: 1, priority: 0, status: "subscribed" });

    // -1 leaves status and priority as they are; 0 is applied.
    await client.updateProfile({
      db_id: 1,
      matching: "profile_id",
      profile_id: "p-alpha",
      data: { subscriptions: [{ channel: "sms", phone: "+79000000011", resource_id: 1, status: -1, priority: -1 }] },
    });
    alpha = sandbox.store.altcraftProfile(1, "p-alpha")!;
    expect(alpha.subscriptions[1]).toMatchObject({ status: "unsubscribed", priority: 5 });
    await client.updateProfile({
      db_id: 1,
      matching: "profile_id",
      profile_id: "p-alpha",
      data: { subscriptions: [{ channel: "sms", phone: "+79000000011", resource_id: 1, status: 0, priority: 0 }] },
    });
    expect(sandbox.store.altcraftProfile(1, "p-alpha")!.subscriptions[1]).toMatchObject({ status: 0, priority: 0 });
    // A custom field deleted, and a tag removed, with update functions.
    await client.updateProfile({ db_id: 1, matching: "profile_id", profile_id: "p-alpha", data: { CRM_ID: { action: "delete" }, tags: { action: "delete", value: ["tag-2"] } } });
    expect(sandbox.store.altcraftProfile(1, "p-alpha")!.fields).not.toHaveProperty("CRM_ID");
    expect(sandbox.store.altcraftProfile(1, "p-alpha")!.fields.tags).toEqual(["tag-1", "tag-3", "tag-9"]);
  });

  test("the token may come as Authorization: Bearer instead of the body", async () => {
    await expect(altcraftClient(base, { tokenIn: "header" }).updateProfile({ db_id: 1, email: "gamma@example.com", data: { _fname: "Bearer" } })).resolves.toMatchObject({ profile_id: "p-gamma" });
    expect(fname("p-gamma")).toBe("Bearer");
  });

  test("the bare /api prefix serves Altcraft as well", async () => {
    await expect(altcraftClient(`${sandbox.url}/api`).updateProfile({ db_id: 1, email: "gamma@example.com", data: {} })).resolves.toMatchObject({ profile_id: "p-gamma" });
  });
});

describe("updateProfile: errors", () => {
  test.each(["body", "header"] as const)("a wrong token (in the %s) is HTTP 200 with error 401: VendorError 401, nothing changed", async (tokenIn) => {
    const before = sandbox.store.snapshot();
    const error = await rejection(altcraftClient(base, { token: "not-the-token", tokenIn }).updateProfile({ db_id: 1, email: "alpha@example.com", data: { _fname: "X" } }));
    expect(error).toBeInstanceOf(VendorError);
    expect((error as VendorError).code).toBe(401);
    expect(sandbox.store.snapshot()).toEqual(before);
  });

  test("an unknown db_id is error 404 (Database not found)", async () => {
    const error = await rejection(altcraftClient(base).updateProfile({ db_id: 9, email: "alpha@example.com", data: {} }));
    expect(error).toBeInstanceOf(VendorError);
    expect((error as VendorError).code).toBe(404);
    expect((error as VendorError).vendorMessage).toBe("Database not found: db_id 9");
  });

  test("an invalid body is refused by the client before sending; with validate: false, by the sandbox (error 400 naming the pointer)", async () => {
    const before = sandbox.store.snapshot();
    const bad = { db_id: 1, matching: "custom", field_name: "Custom_ID", data: { _fname: "Bad", subscriptions: [{ channel: "sms", resource_id: 1 }] } } as never;
    const refused = await rejection(altcraftClient(base).updateProfile(bad));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues.map((i) => i.path)).toEqual(["/data/subscriptions/0/phone", "/field_value"]);
    expect(sandbox.store.snapshot()).toEqual(before);

    const error = await rejection(altcraftClient(base, { validate: false }).updateProfile(bad));
    expect(error).toBeInstanceOf(VendorError);
    const v = error as VendorError;
    expect(v.code).toBe(400);
    expect(v.vendorMessage).toContain('/data/subscriptions/0/phone: channel "sms" requires phone');
    expect(v.vendorMessage).toContain('/field_value: matching "custom" requires field_value');
    expect((v.body as { errors: { path: string }[] }).errors.map((i) => i.path)).toEqual(["/data/subscriptions/0/phone", "/field_value"]);
    expect(sandbox.store.snapshot()).toEqual(before);
  });

  test("the sandbox never echoes its token in an error text", async () => {
    const error = await rejection(altcraftClient(base, { validate: false }).updateProfile({ db_id: CREDENTIALS.altcraft, email: "alpha@example.com", data: {} } as never));
    expect(JSON.stringify((error as VendorError).body)).not.toContain(CREDENTIALS.altcraft);
    expect(JSON.stringify((error as VendorError).body)).toContain("[redacted]");
  });
});

describe("updateProfile in XML", () => {
  const xml = () => altcraftClient(base, { format: "xml" });

  test("an XML body is decoded by the spec's shape, answered in XML, and updates the store", async () => {
    const answer = await xml().updateProfile({
      db_id: 1,
      matching: "custom",
      field_name: "Custom_ID",
      field_value: 88,
      data: { _fname: "Xml", phones: ["+79000000002", "+79000000003"], subscriptions: [{ channel: "sms", phone: "+79000000003", resource_id: 4, cats: ["c1"] }] },
    });
    expect(answer).toEqual({ error: 0, error_text: "Successful operation", profile_id: "p-beta" });
    const beta = sandbox.store.altcraftProfile(1, "p-beta")!;
    expect(beta.fields).toMatchObject({ _fname: "Xml", phones: ["+79000000002", "+79000000003"] });
    expect(beta.subscriptions.at(-1)).toEqual({ channel: "sms", phone: "+79000000003", resource_id: 4, cats: ["c1"], status: "subscribed" });
  });

  test("every matching mode works in XML too (push_sub, email_phone_sub)", async () => {
    await expect(xml().updateProfile({ db_id: 1, matching: "push_sub", provider: "android-firebase", subscription_id: "push-alpha", data: { _fname: "XmlPush" } })).resolves.toMatchObject({
      profile_id: "p-alpha",
    });
    await expect(xml().updateProfile({ db_id: 1, matching: "email_phone_sub", email: "alpha@example.com", data: {} })).resolves.toMatchObject({ profile_id: "p-beta" });
  });

  test("vendor errors come back in XML as VendorError", async () => {
    const error = await rejection(altcraftClient(base, { format: "xml", token: "wrong" }).updateProfile({ db_id: 1, email: "alpha@example.com", data: {} }));
    expect(error).toBeInstanceOf(VendorError);
    expect((error as VendorError).code).toBe(401);
  });

  test("a JSON request answered in XML when Accept prefers it", async () => {
    const response = await fetch(`${base}/v1.1/profiles/update`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/xml;q=1, application/json;q=0.5" },
      body: JSON.stringify({ token: CREDENTIALS.altcraft, db_id: 1, email: "gamma@example.com", data: {} }),
    });
    expect(response.headers.get("content-type")).toBe("application/xml");
    expect(await response.text()).toBe("<xml><error>0</error><error_text>Successful operation</error_text><profile_id>p-gamma</profile_id></xml>");
  });
});

describe("updateProfilesBatch", () => {
  test("custom matching (the seed's example): one result per item, in order, a per-item error for an unknown one", async () => {
    const answer = await altcraftClient(base).updateProfilesBatch({
      db_id: 1,
      matching: "custom",
      field_name: "Custom_ID",
      skip_triggers: true,
      data: [
        {
          _fname: "Lala",
          _lname: "Doe",
          Custom_ID: 77,
          subscriptions: [{ channel: "email", email_data: { email: "lala@example.com" }, resource_id: 28, custom_fields: { custom_field: "test value" }, cats: ["category_1", "category_2"] }],
        },
        { _fname: "Nobody", Custom_ID: 999 },
        { _fname: "Victor", Custom_ID: 88 },
      ],
    });
    expect(answer).toEqual({
      error: 0,
      error_text: "Successful operation",
      result: [
        { error: 0, error_text: "Successful operation", profile_id: "p-alpha" },
        { error: 404, error_text: 'Profile not found: matching "custom", Custom_ID = 999' },
        { error: 0, error_text: "Successful operation", profile_id: "p-beta" },
      ],
    });
    expect(fname("p-alpha")).toBe("Lala");
    expect(fname("p-beta")).toBe("Victor");
    expect(sandbox.store.altcraftProfile(1, "p-alpha")!.subscriptions.at(-1)).toEqual({
      channel: "email",
      email: "lala@example.com",
      resource_id: 28,
      custom_fields: { custom_field: "test value" },
      cats: ["category_1", "category_2"],
      status: "subscribed",
    });
  });

  // [mode, items, expected profile per item]
  const modes: [string, UpdateProfilesBatchRequest, (string | undefined)[]][] = [
    ["email (item.email)", { db_id: 1, data: [{ email: "beta@example.com" }, { email: "alpha.sub@example.com" }, { email: "none@example.com" }] }, ["p-beta", "p-alpha", undefined]],
    ["email_sub (item.email)", { db_id: 1, matching: "email_sub", data: [{ email: "alpha@example.com" }] }, ["p-beta"]],
    ["phone (item.phones[0])", { db_id: 1, matching: "phone", data: [{ phones: ["+79000000011"] }, { phones: ["+79000000002", "+79000000001"] }] }, ["p-alpha", "p-beta"]],
    ["phone_sub, limited by resource_id", { db_id: 1, matching: "phone_sub", resource_id: 2, data: [{ phones: ["+79000000001"] }, { phones: ["+79000000011"] }] }, ["p-beta", undefined]],
    ["profile_id (item.profile_id, not stored)", { db_id: 1, matching: "profile_id", data: [{ profile_id: "p-gamma" }, { profile_id: "p-alpha" }] }, ["p-gamma", "p-alpha"]],
    ["push_sub (the item's push subscription)", { db_id: 1, matching: "push_sub", data: [{ subscriptions: [{ channel: "push", provider: "ios-apns", subscription_id: "push-beta" }] }] }, ["p-beta"]],
    ["custom_sub (item[field_name])", { db_id: 1, matching: "custom_sub", field_name: "tg_user", data: [{ tg_user: "alpha_tg" }] }, ["p-alpha"]],
    ["email_phone (email, else phones[0])", { db_id: 1, matching: "email_phone", data: [{ email: "gamma@example.com" }, { phones: ["+79000000002"] }] }, ["p-gamma", "p-beta"]],
  ];

  test.each(modes)("matching %s", async (_mode, body, expected) => {
    const answer = await altcraftClient(base).updateProfilesBatch(body);
    expect(answer.result!.map((r) => (r.error === 0 ? r.profile_id : undefined))).toEqual(expected);
    expect(answer.result!.filter((r) => r.error !== 0).every((r) => r.error === 404)).toBe(true);
  });

  test("profile_id matching does not store the item's profile_id as a field", async () => {
    await altcraftClient(base).updateProfilesBatch({ db_id: 1, matching: "profile_id", data: [{ profile_id: "p-gamma", _fname: "G" }] });
    expect(sandbox.store.altcraftProfile(1, "p-gamma")!.fields).toEqual({ _fname: "G", email: "gamma@example.com", Custom_ID: 345 });
  });

  test("XML, both ways", async () => {
    const answer = await altcraftClient(base, { format: "xml" }).updateProfilesBatch({ db_id: 1, matching: "custom", field_name: "Custom_ID", data: [{ _fname: "One", Custom_ID: 345 }] });
    // One <result> is still a list.
    expect(answer).toEqual({ error: 0, error_text: "Successful operation", result: [{ error: 0, error_text: "Successful operation", profile_id: "p-gamma" }] });
    expect(fname("p-gamma")).toBe("One");
  });

  test("an unknown db_id fails the whole request", async () => {
    const error = await rejection(altcraftClient(base).updateProfilesBatch({ db_id: 3, data: [{ email: "alpha@example.com" }] }));
    expect((error as VendorError).code).toBe(404);
  });

  // Batches over the page's recommended size: test/e2e/vendor-rules.e2e.test.ts.
});
