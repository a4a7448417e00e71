import { describe, expect, test } from "vitest";
import { validateUpdateProfileRequest, validateUpdateProfilesBatchRequest } from "../../generated/altcraft/validators.js";
import { validatePatchSubscriberRequest, validateReplaceSubscriberRequest } from "../../generated/edna/validators.js";
import { validateUpdateContactRequest } from "../../generated/pushtech/validators.js";

// Each rule the specs state, broken once: the generated validator names the place and says what was expected.
type Issue = { path: string; keyword: string; message: string };
type Validate = (v: unknown) => { ok: true } | { ok: false; errors: Issue[] };

const profile = { db_id: 1, email: "john@example.com", data: { _fname: "John" } };
const batch = { db_id: 1, matching: "custom", field_name: "Custom_ID", data: [{ Custom_ID: 77 }, { Custom_ID: 88 }] };
const ext = { address: "crm-42", type: "EXT_USER_ID" };
const subscriber = { addresses: [ext], parameterValues: [], tagValues: [] };
const sub = (s: object) => ({ ...profile, data: { subscriptions: [s] } });

const cases: [string, { validate: Validate; valid: unknown; given: unknown; want: Issue | Issue[] }][] = [
  [
    "Altcraft: the default matching (email) needs email",
    { validate: validateUpdateProfileRequest, valid: profile, given: { db_id: 1, data: {} }, want: { path: "/email", keyword: "required", message: 'matching "email" (the default) requires email' } },
  ],
  [
    "Altcraft: matching custom needs field_name",
    {
      validate: validateUpdateProfileRequest,
      valid: { ...profile, matching: "custom", field_name: "CRM_ID", field_value: 5 },
      given: { db_id: 1, matching: "custom", field_value: 5, data: {} },
      want: { path: "/field_name", keyword: "required", message: 'matching "custom" requires field_name' },
    },
  ],
  [
    "Altcraft: matching custom_sub needs field_value",
    {
      validate: validateUpdateProfileRequest,
      valid: { db_id: 1, matching: "custom_sub", field_name: "tags", field_value: "tag-1, tag-2", data: {} },
      given: { db_id: 1, matching: "custom_sub", field_name: "tags", data: {} },
      want: { path: "/field_value", keyword: "required", message: 'matching "custom_sub" requires field_value' },
    },
  ],
  [
    "Altcraft: matching phone needs phone",
    {
      validate: validateUpdateProfileRequest,
      valid: { db_id: 1, matching: "phone", phone: "+79000000000", data: {} },
      given: { db_id: 1, matching: "phone", data: {} },
      want: { path: "/phone", keyword: "required", message: 'matching "phone" requires phone' },
    },
  ],
  [
    "Altcraft: matching profile_id needs profile_id",
    {
      validate: validateUpdateProfileRequest,
      valid: { db_id: 1, matching: "profile_id", profile_id: "p1", data: {} },
      given: { db_id: 1, matching: "profile_id", email: "a@b.example", data: {} },
      want: { path: "/profile_id", keyword: "required", message: 'matching "profile_id" requires profile_id' },
    },
  ],
  [
    "Altcraft: matching push_sub needs provider and subscription_id",
    {
      validate: validateUpdateProfileRequest,
      valid: { db_id: 1, matching: "push_sub", provider: "android-firebase", subscription_id: "s1", data: {} },
      given: { db_id: 1, matching: "push_sub", provider: "android-firebase", data: {} },
      want: { path: "/subscription_id", keyword: "required", message: 'matching "push_sub" requires subscription_id' },
    },
  ],
  [
    "Altcraft: matching email_phone needs email or phone",
    {
      validate: validateUpdateProfileRequest,
      valid: { db_id: 1, matching: "email_phone", phone: "+7", data: {} },
      given: { db_id: 1, matching: "email_phone", data: {} },
      want: { path: "", keyword: "required", message: 'matching "email_phone" requires email or phone' },
    },
  ],
  [
    "Altcraft: an unknown matching mode",
    {
      validate: validateUpdateProfileRequest,
      valid: profile,
      given: { ...profile, matching: "fuzzy" },
      want: { path: "/matching", keyword: "oneOf", message: expect.stringContaining('expected matching to be one of "email", "email_profile"') as never },
    },
  ],
  [
    "Altcraft: an sms subscription needs phone",
    {
      validate: validateUpdateProfileRequest,
      valid: sub({ channel: "sms", phone: "+7" }),
      given: sub({ channel: "sms", resource_id: 1 }),
      want: { path: "/data/subscriptions/0/phone", keyword: "required", message: 'channel "sms" requires phone' },
    },
  ],
  [
    "Altcraft: a push subscription needs provider",
    {
      validate: validateUpdateProfileRequest,
      valid: sub({ channel: "push", provider: "android-firebase", subscription_id: "s" }),
      given: sub({ channel: "push", subscription_id: "s" }),
      want: { path: "/data/subscriptions/0/provider", keyword: "required", message: 'channel "push" requires provider' },
    },
  ],
  [
    "Altcraft: an email subscription needs email or email_data",
    {
      validate: validateUpdateProfileRequest,
      valid: sub({ channel: "email", email_data: { email: "a@b.example" } }),
      given: sub({ channel: "email" }),
      want: { path: "/data/subscriptions/0", keyword: "required", message: 'channel "email" requires email or email_data' },
    },
  ],
  [
    "Altcraft: telegram_bot cc_data is { id }",
    {
      validate: validateUpdateProfileRequest,
      valid: sub({ channel: "telegram_bot", cc_data: { id: 123 } }),
      given: sub({ channel: "telegram_bot", cc_data: { phone: "+7" } }),
      want: [
        { path: "/data/subscriptions/0/cc_data/id", keyword: "required", message: 'required property "id" is missing' },
        { path: "/data/subscriptions/0/cc_data/phone", keyword: "additionalProperties", message: 'unknown property "phone" (known: id)' },
      ],
    },
  ],
  [
    "Altcraft: whatsapp cc_data is { phone }",
    {
      validate: validateUpdateProfileRequest,
      valid: sub({ channel: "whatsapp", cc_data: { phone: "+7" } }),
      given: sub({ channel: "whatsapp", cc_data: {} }),
      want: { path: "/data/subscriptions/0/cc_data/phone", keyword: "required", message: 'required property "phone" is missing' },
    },
  ],
  [
    "Altcraft: an unknown channel",
    {
      validate: validateUpdateProfileRequest,
      valid: sub({ channel: "viber", cc_data: { phone: "+7" } }),
      given: sub({ channel: "fax" }),
      want: { path: "/data/subscriptions/0/channel", keyword: "oneOf", message: expect.stringContaining('found "fax"') as never },
    },
  ],
  [
    "Altcraft: batch priority accepts -1 but not -2",
    {
      validate: validateUpdateProfilesBatchRequest,
      valid: { ...batch, data: [{ Custom_ID: 1, subscriptions: [{ channel: "sms", phone: "+7", priority: -1, status: -1 }] }] },
      given: { ...batch, data: [{ Custom_ID: 1, subscriptions: [{ channel: "sms", phone: "+7", priority: -2 }] }] },
      want: { path: "/data/0/subscriptions/0/priority", keyword: "minimum", message: "expected a number ≥ -1, found -2" },
    },
  ],
  [
    "Altcraft: batch status accepts 0 but not -2",
    {
      validate: validateUpdateProfilesBatchRequest,
      valid: { ...batch, data: [{ Custom_ID: 1, subscriptions: [{ channel: "sms", phone: "+7", status: 0 }] }] },
      given: { ...batch, data: [{ Custom_ID: 1, subscriptions: [{ channel: "sms", phone: "+7", status: -2 }] }] },
      want: { path: "/data/0/subscriptions/0/status", keyword: "anyOf", message: "expected a string or an integer ≥ -1, found -2" },
    },
  ],
  [
    "Altcraft: batch custom matching needs the field in every item, or field_value",
    {
      validate: validateUpdateProfilesBatchRequest,
      valid: batch,
      given: { ...batch, data: [{ Custom_ID: 77 }, { _fname: "Victor" }] },
      want: {
        path: "/data/1",
        keyword: "x-each-item-requires",
        message: 'matching "custom" requires a value of the field "Custom_ID" (the item\'s own, or the request\'s field_value) in every item of data: this item has none',
      },
    },
  ],
  [
    "Altcraft: custom fields beside system fields; system fields typed",
    {
      validate: validateUpdateProfileRequest,
      valid: { ...profile, data: { _fname: "A", loyalty: "gold", visits: 3 } },
      given: { ...profile, data: { _fname: 1 } },
      want: { path: "/data/_fname", keyword: "type", message: "expected a string, found 1" },
    },
  ],
  [
    "Altcraft: _bdate is a date or a date-time",
    {
      validate: validateUpdateProfileRequest,
      valid: { ...profile, data: { _bdate: "1990-07-06" } },
      given: { ...profile, data: { _bdate: "06.07.1990" } },
      want: { path: "/data/_bdate", keyword: "anyOf", message: expect.stringContaining("or a date (YYYY-MM-DD)") as never },
    },
  ],
  [
    "Altcraft: an unknown top-level field",
    {
      validate: validateUpdateProfileRequest,
      valid: profile,
      given: { ...profile, emial: "x" },
      want: { path: "/emial", keyword: "additionalProperties", message: expect.stringMatching(/^unknown property "emial" \(known: token, db_id, matching, email/) as never },
    },
  ],
  [
    "edna: addresses must contain EXT_USER_ID (POST)",
    {
      validate: validateReplaceSubscriberRequest,
      valid: subscriber,
      given: { ...subscriber, addresses: [{ address: "7999", type: "PHONE" }] },
      want: { path: "/addresses", keyword: "contains", message: 'expected at least one item that is an object with type "EXT_USER_ID"' },
    },
  ],
  [
    "edna: addresses must contain EXT_USER_ID (PATCH)",
    {
      validate: validatePatchSubscriberRequest,
      valid: { addresses: [ext] },
      given: { addresses: [] },
      want: { path: "/addresses", keyword: "contains", message: 'expected at least one item that is an object with type "EXT_USER_ID"' },
    },
  ],
  [
    "edna: POST rewrites whole arrays, so it needs them",
    {
      validate: validateReplaceSubscriberRequest,
      valid: subscriber,
      given: { addresses: [ext], tagValues: [] },
      want: { path: "/parameterValues", keyword: "required", message: 'required property "parameterValues" is missing' },
    },
  ],
  [
    "edna: identifier type is a closed enum",
    {
      validate: validatePatchSubscriberRequest,
      valid: { addresses: [ext] },
      given: { addresses: [ext, { address: "x", type: "VK_ID" }] },
      want: { path: "/addresses/1/type", keyword: "enum", message: expect.stringMatching(/^expected one of "INSTAGRAM_ID", .* found "VK_ID"$/) as never },
    },
  ],
  [
    "edna: valueType is closed",
    {
      validate: validatePatchSubscriberRequest,
      valid: { addresses: [ext], parameterValues: [{ name: "n", valueType: "STRING", value: "v" }] },
      given: { addresses: [ext], parameterValues: [{ name: "n", valueType: "TEXT", value: "v" }] },
      want: { path: "/parameterValues/0/valueType", keyword: "oneOf", message: expect.stringContaining('found "TEXT"') as never },
    },
  ],
  [
    "edna: a DATE value is a date",
    {
      validate: validatePatchSubscriberRequest,
      valid: { addresses: [ext], parameterValues: [{ name: "Birthday", valueType: "DATE", value: "1999-12-28" }] },
      given: { addresses: [ext], parameterValues: [{ name: "Birthday", valueType: "DATE", value: "28.12.1999" }] },
      want: { path: "/parameterValues/0/value", keyword: "format", message: 'expected a date (YYYY-MM-DD), found "28.12.1999"' },
    },
  ],
  [
    "Pushtech: gender is MALE or FEMALE",
    {
      validate: validateUpdateContactRequest,
      valid: { gender: "FEMALE" },
      given: { gender: "OTHER" },
      want: { path: "/gender", keyword: "enum", message: 'expected one of "MALE", "FEMALE", found "OTHER"' },
    },
  ],
  [
    "Pushtech: born_date is ISO 8601, a date or a date-time",
    {
      validate: validateUpdateContactRequest,
      valid: { born_date: "1990-01-01" },
      given: { born_date: "01/01/1990" },
      want: { path: "/born_date", keyword: "anyOf", message: 'expected an RFC 3339 date-time (such as 1990-01-01T00:00:00Z) or a date (YYYY-MM-DD), found "01/01/1990"' },
    },
  ],
  [
    "Pushtech: language is two letters",
    {
      validate: validateUpdateContactRequest,
      valid: { language: "ES" },
      given: { language: "ESP" },
      want: { path: "/language", keyword: "pattern", message: 'expected a string matching ^[A-Za-z]{2}$, found "ESP"' },
    },
  ],
  [
    "Pushtech: channel_subscriptions[].channel is email, sms or push",
    {
      validate: validateUpdateContactRequest,
      valid: { channel_subscriptions: [{ channel: "sms", blacklisted: true }] },
      given: { channel_subscriptions: [{ channel: "fax" }] },
      want: { path: "/channel_subscriptions/0/channel", keyword: "enum", message: 'expected one of "email", "sms", "push", found "fax"' },
    },
  ],
  [
    "Pushtech: custom fields are allowed, objects are not",
    {
      validate: validateUpdateContactRequest,
      valid: { favourite_store: "Madrid", visits: 3 },
      given: { favourite_store: { city: "Madrid" } },
      want: { path: "/favourite_store", keyword: "type", message: "expected a string or a number or a boolean or null or an array, found an object" },
    },
  ],
];

describe.each(cases)("%s", (_name, { validate, valid, given, want }) => {
  test("the valid body passes", () => {
    expect(validate(valid)).toMatchObject({ ok: true });
  });
  test("the broken body names the field and what was expected", () => {
    const result = validate(given);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual(Array.isArray(want) ? want : [want]);
  });
});
