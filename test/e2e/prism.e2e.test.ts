import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { UpdateProfileRequest } from "../../generated/altcraft/index.js";
import { HttpError, VendorError } from "../../src/runtime/errors.js";
import { PREFIXES, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { altcraftClient, ednaClient, fixture, flaggingFetch, pushtechClient, rejection, startPrism, type PrismFlag, type PrismProxy } from "./helpers.js";

// Stoplight Prism (5.14.2, a dev dependency) as a validating proxy in front of the sandbox:
// `prism proxy specs/<api>/openapi.yaml <sandbox>/<prefix> --errors`. The generated clients call
// Prism; Prism checks each request against the spec, forwards it to the sandbox, and checks the
// answer. What Prism flags shows in the `sl-violations` header of the answer, or (with --errors) as
// its own problem+json answer (422 for a request, 500 for an answer): every call records both
// (flaggingFetch, a real fetch), and any flag fails the test.
//
// Prism routes on the path as the spec's `paths` write it (it ignores the `servers` base path), and
// forwards to the upstream URL + that path: the client's baseUrl is the bare Prism URL, and the
// upstream URL carries the sandbox's prefix.
//
// Two things Prism cannot do with these specs, and what the runs do about them:
// - Altcraft: the token goes as a Bearer header or in the body; the spec says the latter with an
//   empty security alternative (`{}`), which Prism honours. Most runs use tokenIn: "header", and
//   one test sends the body token.
// - Pushtech: Prism 5.14.2 does not support the `http` scheme `Token` and reports a Warning
//   ("We currently do not support this type of security scheme: http/token") on every request;
//   with --errors its proxy turns any request diagnostic, warnings included, into a 422 without
//   forwarding. Pushtech's Prism therefore runs without --errors, and the test fails on any flag
//   in `sl-violations` other than that one warning (request and answer are still checked).

const PUSHTECH_SCHEME_WARNING = "We currently do not support this type of security scheme: http/token";

let sandbox: Sandbox;
let altcraftPrism: PrismProxy;
let ednaPrism: PrismProxy;
let pushtechPrism: PrismProxy;
beforeAll(async () => {
  sandbox = await startSandbox({ data: fixture() });
  [altcraftPrism, ednaPrism, pushtechPrism] = await Promise.all([
    startPrism("specs/altcraft/openapi.yaml", sandbox.url + PREFIXES.altcraft, { errors: true }),
    startPrism("specs/edna/openapi.yaml", sandbox.url + PREFIXES.edna, { errors: true }),
    startPrism("specs/pushtech/openapi.yaml", sandbox.url + PREFIXES.pushtech, { errors: false }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([altcraftPrism?.stop(), ednaPrism?.stop(), pushtechPrism?.stop()]);
  await sandbox?.close();
});
beforeEach(() => sandbox.reset(fixture()));

/** The flags, minus the one warning Prism gives on every Pushtech request. */
const unexpected = (flags: PrismFlag[]) =>
  flags.map((f) => ({ ...f, violations: f.violations.filter((v) => v.message !== PUSHTECH_SCHEME_WARNING) })).filter((f) => f.violations.length > 0 || f.problem !== undefined);

describe("Altcraft through Prism (--errors)", () => {
  const prism = () => {
    const f = flaggingFetch();
    return { ...f, client: altcraftClient(altcraftPrism.url, { tokenIn: "header", fetch: f.fetch }) };
  };

  test("the token in the body (the client's default): allowed by the spec's {} alternative, Prism flags nothing", async () => {
    const f = flaggingFetch();
    const client = altcraftClient(altcraftPrism.url, { fetch: f.fetch });
    await expect(client.updateProfile({ db_id: 1, email: "beta@example.com", data: { _fname: "Body token" } })).resolves.toMatchObject({ error: 0, profile_id: "p-beta" });
    await expect(client.updateProfilesBatch({ db_id: 1, matching: "custom", field_name: "Custom_ID", data: [{ Custom_ID: 77 }] })).resolves.toMatchObject({ error: 0 });
    expect(f.flags).toEqual([]);
  });

  test("updateProfile in every matching mode: Prism flags neither request nor answer", async () => {
    const { client, flags } = prism();
    const lookups: [Omit<UpdateProfileRequest, "db_id" | "data">, string][] = [
      [{ email: "beta@example.com" } as never, "p-beta"],
      [{ matching: "email_profile", email: "alpha@example.com" }, "p-alpha"],
      [{ matching: "email_sub", email: "alpha@example.com" }, "p-beta"],
      [{ matching: "phone", phone: "+79000000011" }, "p-alpha"],
      [{ matching: "phone_sub", phone: "+79000000001" }, "p-beta"],
      [{ matching: "profile_id", profile_id: "p-gamma" }, "p-gamma"],
      [{ matching: "push_sub", provider: "android-firebase", subscription_id: "push-alpha" }, "p-alpha"],
      [{ matching: "custom", field_name: "tags", field_value: "tag-1, tag-2" }, "p-alpha"],
      [{ matching: "custom_sub", field_name: "tg_user", field_value: "alpha_tg" }, "p-alpha"],
      [{ matching: "email_phone", phone: "+79000000002" }, "p-beta"],
      [{ matching: "email_phone_sub", email: "alpha.sub@example.com" }, "p-alpha"],
    ];
    for (const [lookup, id] of lookups) {
      const answer = await client.updateProfile({
        db_id: 1,
        ...lookup,
        data: { _fname: "Prism", subscriptions: [{ channel: "telegram_bot", cc_data: { id: 5 }, resource_id: 3 }] },
      } as UpdateProfileRequest);
      expect(answer).toEqual({ error: 0, error_text: "Successful operation", profile_id: id });
    }
    expect(unexpected(flags)).toEqual([]);
  });

  test("the seed's request example, and updateProfilesBatch with per-item results", async () => {
    const { client, flags } = prism();
    await client.updateProfile({
      db_id: 1,
      matching: "email",
      email: "alpha@example.com",
      detect_geo: true,
      data: {
        _fname: "Olly",
        _lname: "Lambert",
        email: "alpha@example.com",
        phones: ["+79000000000"],
        subscriptions: [
          {
            channel: "email",
            email: "example@example.com",
            resource_id: 2,
            custom_fields: { _browser_name: "Firefox", _device_type: "web", custom_field_1: "test value" },
            cats: ["category_1", "category_2"],
          },
          { channel: "sms", phone: "+79000000000", resource_id: 1 },
          { channel: "push", subscription_id: "a81c264a938b475", provider: "android-firebase", resource_id: 1 },
          { channel: "whatsapp", cc_data: { phone: "+79000000000" } },
          { channel: "viber", cc_data: { phone: "+79000000000" } },
        ],
        _bdate: "1990-02-22T21:00:00Z",
        _sex: 0,
        _regip: "94.231.119.122",
        _tz: "Europe/Moscow",
        custom_field: "custom_value",
      },
    });
    const batch = await client.updateProfilesBatch({
      db_id: 1,
      matching: "custom",
      field_name: "Custom_ID",
      skip_triggers: true,
      data: [
        {
          _fname: "Lala",
          _lname: "Doe",
          Custom_ID: 77,
          email: "example@example.com",
          subscriptions: [{ channel: "email", email_data: { email: "example@example.com" }, resource_id: 28, custom_fields: { custom_field: "test value" }, cats: ["category_1", "category_2"] }],
        },
        { _fname: "Victor", Custom_ID: 88, email: "example@example.com" },
        { _fname: "Nobody", Custom_ID: 1 },
      ],
    });
    expect(batch.result!.map((r) => r.error)).toEqual([0, 0, 404]);
    await client.updateProfilesBatch({ db_id: 1, matching: "phone", data: [{ phones: ["+79000000011"] }] });
    await client.updateProfilesBatch({ db_id: 1, data: [{ email: "gamma@example.com", _fname: "G" }] });
    expect(unexpected(flags)).toEqual([]);
  });

  test("vendor errors (HTTP 200, error ≠ 0) are answers the spec allows", async () => {
    const { client, flags } = prism();
    const wrongToken = await rejection(
      altcraftClient(altcraftPrism.url, { tokenIn: "header", token: "wrong", fetch: flaggingFetch().fetch }).updateProfile({ db_id: 1, email: "alpha@example.com", data: {} }),
    );
    expect((wrongToken as VendorError).code).toBe(401);
    expect(((await rejection(client.updateProfile({ db_id: 1, email: "nobody@example.com", data: {} }))) as VendorError).code).toBe(404);
    expect(((await rejection(client.updateProfile({ db_id: 42, email: "alpha@example.com", data: {} }))) as VendorError).code).toBe(404);
    expect(unexpected(flags)).toEqual([]);
  });

  test("the guard works: a body the spec refuses (validate: false) is flagged by Prism and never reaches the sandbox", async () => {
    const f = flaggingFetch();
    const before = sandbox.store.snapshot();
    const error = await rejection(
      altcraftClient(altcraftPrism.url, { tokenIn: "header", validate: false, fetch: f.fetch }).updateProfile({ db_id: 1, matching: "custom", data: { _fname: "Bad" } } as never),
    );
    expect((error as HttpError).status).toBe(422);
    expect(unexpected(f.flags)).toHaveLength(1);
    expect(JSON.stringify(f.flags[0]!.problem)).toContain("field_name");
    expect(sandbox.store.snapshot()).toEqual(before);
  });
});

describe("edna through Prism (--errors)", () => {
  const prism = () => {
    const f = flaggingFetch();
    return { ...f, client: ednaClient(ednaPrism.url, { fetch: f.fetch }) };
  };

  test("replaceSubscriber (the seed's example) and patchSubscriber: Prism flags nothing", async () => {
    const { client, flags } = prism();
    await client.replaceSubscriber({
      blacklisted: true,
      addresses: [
        { address: "79997654321", type: "PHONE" },
        { address: "crm-42", type: "EXT_USER_ID" },
      ],
      parameterValues: [
        { name: "Name", valueType: "STRING", value: "Tasha" },
        { name: "Middle name", valueType: "STRING", value: "Ann" },
        { name: "Gender", valueType: "ENUM", value: "FEMALE" },
        { name: "Birthday", valueType: "DATE", value: "1999-12-28" },
      ],
      tagValues: [{ name: "old_tag" }],
    });
    await client.patchSubscriber({
      addresses: [{ address: "crm-42", type: "EXT_USER_ID" }],
      blacklisted: false,
      parameterValues: [{ name: "Score", valueType: "NUMBER", value: "4.5" }],
      tagValues: [{ name: "vip" }],
    });
    expect(sandbox.store.ednaSubscriber("crm-42")).toMatchObject({ blacklisted: false, tagValues: [{ name: "old_tag" }, { name: "vip" }] });
    expect(unexpected(flags)).toEqual([]);
  });

  test("a wrong x-api-key: 401, which the spec declares", async () => {
    const f = flaggingFetch();
    const error = await rejection(ednaClient(ednaPrism.url, { apiKey: "wrong", fetch: f.fetch }).patchSubscriber({ addresses: [{ address: "crm-42", type: "EXT_USER_ID" }] }));
    expect((error as HttpError).status).toBe(401);
    expect(unexpected(f.flags)).toEqual([]);
  });
});

describe("Pushtech through Prism (sl-violations checked; see the header comment)", () => {
  test("updateContact (the seed's example), with the path parameters: nothing flagged but the known scheme warning", async () => {
    const f = flaggingFetch();
    const answer = await pushtechClient(pushtechPrism.url, { fetch: f.fetch }).updateContact(
      { account_id: "my-account", contact_id: "550aac3da096734ce5000001" },
      { name_first: "John", name_last: "Doe", email: "johndoe@example.com", phone_countrycode: "44", phone_number: "7712345678", tags: ["tag1", "tag2"], gender: "MALE", last_latitude: 27.994401 },
    );
    expect(answer).toMatchObject({ id: "550aac3da096734ce5000001", tags: ["tag1", "tag2"], favourite_store: "Madrid" });
    expect(f.flags.length).toBeGreaterThan(0); // Prism did look: its warning is there
    expect(unexpected(f.flags)).toEqual([]);
  });

  test("a wrong secret (401) and an unknown contact (404) are answers the spec declares", async () => {
    const f = flaggingFetch();
    expect(
      ((await rejection(pushtechClient(pushtechPrism.url, { token: "wrong", fetch: f.fetch }).updateContact({ account_id: "my-account", contact_id: "550aac3da096734ce5000001" }, {}))) as HttpError)
        .status,
    ).toBe(401);
    expect(((await rejection(pushtechClient(pushtechPrism.url, { fetch: f.fetch }).updateContact({ account_id: "my-account", contact_id: "nope" }, {}))) as HttpError).status).toBe(404);
    expect(unexpected(f.flags)).toEqual([]);
  });

  test("the guard works: a body the spec refuses (validate: false) is flagged", async () => {
    const f = flaggingFetch();
    await rejection(
      pushtechClient(pushtechPrism.url, { validate: false, fetch: f.fetch }).updateContact({ account_id: "my-account", contact_id: "550aac3da096734ce5000001" }, { gender: "male" } as never),
    );
    const flagged = unexpected(f.flags).flatMap((x) => x.violations);
    expect(flagged).toContainEqual(expect.objectContaining({ severity: "Error", location: ["request", "body", "gender"] }));
  });
});
