// Type tests: checked by `tsc --noEmit` (part of `npm test`). Each @ts-expect-error must be a real error.
import { createPushtechClient, type UpdateContactRequest } from "../../generated/pushtech/index.js";

const client = createPushtechClient({ token: "secret" });

// Both path parameters are needed.
void client.updateContact({ account_id: "a", contact_id: "c" }, { name_first: "John" });
// @ts-expect-error contact_id is missing
void client.updateContact({ account_id: "a" }, { name_first: "John" });
// @ts-expect-error the path parameters cannot be left out
void client.updateContact({ name_first: "John" });

// Custom fields are allowed beside the typed system fields, which keep their types.
export const custom: UpdateContactRequest = { name_first: "John", tags: ["vip"], loyalty_tier: "gold", visits: 3 };
// @ts-expect-error gender is MALE or FEMALE
export const badGender: UpdateContactRequest = { gender: "OTHER" };
// @ts-expect-error channel_subscriptions[].channel is email, sms or push
export const badChannel: UpdateContactRequest = { channel_subscriptions: [{ channel: "fax" }] };
// @ts-expect-error tags is an array of strings
export const badTags: UpdateContactRequest = { tags: "vip" };
