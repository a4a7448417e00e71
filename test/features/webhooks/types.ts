// Type rules of the webhooks feature: each webhook's payload has a type and a validator that narrows to it.
import { validateProfileUpdatedPayload, validateUnsubscribedPayload, type ProfileUpdatedPayload, type UnsubscribedPayload, type components, type webhooks } from "./expected/webhooks/index.js";
import { assertType, type Equal } from "../type-assert.js";

export const payload: ProfileUpdatedPayload = { type: "profile.updated", profile: { id: "p1", email: "a@example.com" }, occurredAt: "2024-01-01T00:00:00Z" };
// @ts-expect-error the type is the constant "profile.updated"
export const wrongType: ProfileUpdatedPayload = { type: "profile.deleted", profile: { id: "p1", email: "a@example.com" }, occurredAt: "2024-01-01T00:00:00Z" };

export function read(body: unknown): string | undefined {
  const result = validateProfileUpdatedPayload(body);
  return result.ok ? result.value.profile.email : result.errors[0]?.path;
}
export function reason(body: unknown): string | undefined {
  const result = validateUnsubscribedPayload(body);
  return result.ok ? result.value.reason : undefined;
}

assertType<Equal<ProfileUpdatedPayload, components["schemas"]["ProfileUpdated"]>>();
assertType<Equal<UnsubscribedPayload, NonNullable<webhooks["unsubscribed"]["post"]["requestBody"]>["content"]["application/json"]>>();
assertType<Equal<UnsubscribedPayload["email"], string>>();
