// Type rules of the read-write-only feature: a readOnly field cannot be sent, a writeOnly field is not in the answer.
import { createReadWriteOnlyClient, type CreateUserRequest, type CreateUserResponse } from "./expected/read-write-only/index.js";
import { assertType, type Equal } from "../type-assert.js";

const client = createReadWriteOnlyClient();

// id is required by the schema but readOnly: a request without it compiles.
export const request: CreateUserRequest = { name: "Ann", password: "correct horse" };
// @ts-expect-error id is readOnly: it cannot be sent
export const withId: CreateUserRequest = { id: "u1", name: "Ann", password: "correct horse" };
// @ts-expect-error password is required in a request (writeOnly fields are still sent)
export const noPassword: CreateUserRequest = { name: "Ann" };

export async function answer(): Promise<string> {
  const user = await client.createUser({ name: "Ann", password: "correct horse" });
  // @ts-expect-error password is writeOnly: it is not in the answer
  void user.password;
  return user.id;
}

assertType<Equal<keyof CreateUserResponse, "id" | "name">>();
