import { expect, test } from "vitest";
import { validateProfileUpdatedPayload, validateUnsubscribedPayload } from "./expected/webhooks/index.js";

// What a webhook receiver does with the generated validators: a good payload is accepted (and typed),
// a bad one rejected with JSON Pointers to what is wrong.

const good = { type: "profile.updated", profile: { id: "p1", email: "a@example.com" }, occurredAt: "2024-05-01T12:00:00Z" };

test("a good profileUpdated payload is accepted as it is", () => {
  expect(validateProfileUpdatedPayload(good)).toEqual({ ok: true, value: good });
});

const bad: [string, unknown, { path: string; keyword: string }[]][] = [
  ["a bad e-mail, deep in the payload", { ...good, profile: { id: "p1", email: "not an e-mail" } }, [{ path: "/profile/email", keyword: "format" }]],
  ["a missing field", { type: "profile.updated", profile: { id: "p1", email: "a@example.com" } }, [{ path: "/occurredAt", keyword: "required" }]],
  ["another event type", { ...good, type: "profile.deleted" }, [{ path: "/type", keyword: "const" }]],
  ["a bad date-time", { ...good, occurredAt: "yesterday" }, [{ path: "/occurredAt", keyword: "format" }]],
  ["not an object", [good], [{ path: "", keyword: "type" }]],
];

test.each(bad)("profileUpdated: %s is rejected at its pointer", (_, payload, issues) => {
  const result = validateProfileUpdatedPayload(payload);
  expect(result.ok).toBe(false);
  expect(result.ok ? [] : result.errors.map(({ path, keyword }) => ({ path, keyword }))).toEqual(issues);
});

test("unsubscribed (an inline schema): accepted and rejected", () => {
  expect(validateUnsubscribedPayload({ email: "a@example.com", reason: "too many" }).ok).toBe(true);
  expect(validateUnsubscribedPayload({ reason: "too many" })).toEqual({ ok: false, errors: [expect.objectContaining({ path: "/email", keyword: "required" })] });
});
