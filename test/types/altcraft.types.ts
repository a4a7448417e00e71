// Type tests: checked by `tsc --noEmit` (part of `npm test`). Each @ts-expect-error must be a real error.
import { createAltcraftClient, type UpdateProfileRequest, type UpdateProfilesBatchRequest } from "../../generated/altcraft/index.js";

const client = createAltcraftClient({ baseUrl: "https://example.com/api", token: "t" });
const data = { _fname: "John" };

// matching defaults to email: no matching, with email, compiles; the token comes from the client.
export const byDefault: UpdateProfileRequest = { db_id: 1, email: "john@example.com", data };
void client.updateProfile({ db_id: 1, email: "john@example.com", data });
// @ts-expect-error the default (email) matching needs email
export const noEmail: UpdateProfileRequest = { db_id: 1, data };

// matching "custom" needs field_name and field_value.
export const custom: UpdateProfileRequest = { db_id: 1, matching: "custom", field_name: "CRM_ID", field_value: 42, data };
// @ts-expect-error matching "custom" without field_name
export const customNoName: UpdateProfileRequest = { db_id: 1, matching: "custom", field_value: 42, data };
// @ts-expect-error matching "phone" needs phone
export const phoneNoPhone: UpdateProfileRequest = { db_id: 1, matching: "phone", email: "a@b.example", data };
// @ts-expect-error push_sub needs provider and subscription_id
export const pushNoId: UpdateProfileRequest = { db_id: 1, matching: "push_sub", provider: "android-firebase", data };
// email_phone: email or phone.
export const byPhoneOnly: UpdateProfileRequest = { db_id: 1, matching: "email_phone", phone: "+79000000000", data };
// @ts-expect-error email_phone with neither email nor phone
export const neither: UpdateProfileRequest = { db_id: 1, matching: "email_phone", data };
// @ts-expect-error "fuzzy" is not a matching mode
export const badMode: UpdateProfileRequest = { db_id: 1, matching: "fuzzy", email: "a@b.example", data };

// A subscription's channel decides its fields.
export const sms: UpdateProfileRequest = { db_id: 1, email: "a@b.example", data: { subscriptions: [{ channel: "sms", phone: "+79000000000" }] } };
// @ts-expect-error an sms subscription needs phone
export const smsNoPhone: UpdateProfileRequest = { db_id: 1, email: "a@b.example", data: { subscriptions: [{ channel: "sms", resource_id: 1 }] } };
// @ts-expect-error a telegram_bot subscription's cc_data is { id }
export const tgPhone: UpdateProfileRequest = { db_id: 1, email: "a@b.example", data: { subscriptions: [{ channel: "telegram_bot", cc_data: { phone: "+7" } }] } };
// @ts-expect-error "fax" is not a channel
export const fax: UpdateProfileRequest = { db_id: 1, email: "a@b.example", data: { subscriptions: [{ channel: "fax" }] } };

// Custom fields sit beside typed system fields.
export const customFields: UpdateProfileRequest = { db_id: 1, email: "a@b.example", data: { _fname: "A", Custom_ID: 77, tags: ["x"] } };
// @ts-expect-error _fname is a string
export const badFname: UpdateProfileRequest = { db_id: 1, email: "a@b.example", data: { _fname: 1 } };

// Batch: status and priority accept -1 (leave unchanged) and 0.
export const batch: UpdateProfilesBatchRequest = {
  db_id: 1,
  matching: "custom",
  field_name: "Custom_ID",
  data: [{ Custom_ID: 77, subscriptions: [{ channel: "email", email: "a@b.example", status: -1, priority: 0 }] }],
};
// @ts-expect-error batch matching "custom" needs field_name
export const batchNoName: UpdateProfilesBatchRequest = { db_id: 1, matching: "custom", data: [{ Custom_ID: 77 }] };

// @ts-expect-error baseUrl is required (the server is https://{host}/api)
createAltcraftClient({ token: "t" });
// @ts-expect-error tokenIn is "body" or "header"
createAltcraftClient({ baseUrl: "https://example.com/api", token: "t", tokenIn: "query" });
