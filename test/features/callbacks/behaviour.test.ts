import { expect, test } from "vitest";
import { validateSubscribeOnEventPayload } from "./expected/callbacks/index.js";

// A 3.0 callback's payload validator: 3.0 rules (nullable) apply.

test.each([
  ["a good event", { id: "e1", kind: "created" }, true],
  ["nullable: null allowed", { id: "e1", kind: "deleted", note: null }, true],
  ["a kind outside the enum", { id: "e1", kind: "updated" }, false],
  ["a missing id", { kind: "created" }, false],
] as const)("%s", (_, payload, ok) => {
  expect(validateSubscribeOnEventPayload(payload).ok).toBe(ok);
});

test("a rejected payload says where", () => {
  const result = validateSubscribeOnEventPayload({ id: 1, kind: "created" });
  expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(["/id"]);
});
