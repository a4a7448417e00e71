import { expect, test } from "vitest";
import { ValidationError } from "../../../src/runtime/index.js";
import { json, loopback } from "../loopback.js";
import { createReadWriteOnlyClient, validateCreateUserRequest, validateCreateUserResponse } from "./expected/read-write-only/index.js";

// readOnly / writeOnly in the validators and on the wire: `id` is required in answers only, `password`
// in requests only.

const server = loopback();

test.each([
  ["a request without the readOnly id", validateCreateUserRequest, { name: "Ann", password: "correct horse" }, true],
  ["a request without the writeOnly password", validateCreateUserRequest, { name: "Ann" }, false],
  ["an answer without the writeOnly password", validateCreateUserResponse, { id: "u1", name: "Ann" }, true],
  ["an answer without the readOnly id", validateCreateUserResponse, { name: "Ann" }, false],
] as const)("%s", (_, validate, value, ok) => {
  expect(validate(value).ok).toBe(ok);
});

test("a request is sent without id; the answer comes back without password", async () => {
  server.reply(json({ id: "u1", name: "Ann" }, 201));
  const user = await createReadWriteOnlyClient({ baseUrl: server.url }).createUser({ name: "Ann", password: "correct horse" });
  expect(user).toEqual({ id: "u1", name: "Ann" });
  expect(JSON.parse(server.only().body.toString())).toEqual({ name: "Ann", password: "correct horse" });
});

test("the writeOnly password's own rules still apply to a request", async () => {
  const error = await createReadWriteOnlyClient({ baseUrl: server.url })
    .createUser({ name: "Ann", password: "short" })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: "/password", keyword: "minLength" })]);
  expect(server.got).toHaveLength(0);
});
