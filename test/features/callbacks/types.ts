// Type rules of the callbacks feature: a 3.0 callback's payload has a type (nullable included) and a validator.
import { createCallbacksClient, validateSubscribeOnEventPayload, type SubscribeOnEventPayload } from "./expected/callbacks/index.js";
import { assertType, type Equal } from "../type-assert.js";

void createCallbacksClient().subscribe({ callbackUrl: "https://me.example.com/hook" });

export const event: SubscribeOnEventPayload = { id: "e1", kind: "created", note: null };
// @ts-expect-error kind is created or deleted
export const badKind: SubscribeOnEventPayload = { id: "e1", kind: "updated" };

export const check: (value: unknown) => boolean = (value) => validateSubscribeOnEventPayload(value).ok;
assertType<Equal<SubscribeOnEventPayload["note"], string | null | undefined>>();
