import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { HttpError, ValidationError } from "../../src/runtime/errors.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { EU_SECRET, fixture, pushtechClient, rejection } from "./helpers.js";

// The generated Pushtech client against the sandbox: baseUrl = sandbox.url + "/pushtech/api".
let sandbox: Sandbox;
let base = "";
beforeAll(async () => {
  sandbox = await startSandbox({ data: fixture() });
  base = `${sandbox.url}/pushtech/api`;
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset(fixture()));

const john = { account_id: "my-account", contact_id: "550aac3da096734ce5000001" };

describe("updateContact", () => {
  test("changes the sent fields, keeps the rest (custom fields included), answers the contact as the seed shows", async () => {
    const answer = await pushtechClient(base).updateContact(john, { name_first: "Johnny", phone_countrycode: "44", phone_number: "7712345678", tags: ["tag2"], favourite_store: "Sevilla" });
    expect(answer).toEqual({
      id: "550aac3da096734ce5000001",
      name_first: "Johnny",
      name_last: "Doe",
      email: "johndoe@example.com",
      tags: ["tag2"],
      favourite_store: "Sevilla",
      loyalty_points: 120,
      phone_countrycode: "44",
      phone_number: "7712345678",
    });
    expect(Object.keys(answer)[0]).toBe("id");
    expect(sandbox.store.pushtechContact("my-account", "550aac3da096734ce5000001")).toEqual(answer);
    expect(sandbox.store.pushtechContact("my-account", "550aac3da096734ce5000002")).toEqual({ id: "550aac3da096734ce5000002", name_first: "Jane" });
  });

  test("path parameters are percent-decoded, and an account's own secret is checked", async () => {
    const eu = { account_id: "acme/eu", contact_id: "c 1" };
    await expect(pushtechClient(base, { token: EU_SECRET }).updateContact(eu, { city: "Paris" })).resolves.toEqual({ id: "c 1", name_first: "Émile", city: "Paris" });
    const error = await rejection(pushtechClient(base).updateContact(eu, { city: "Lyon" })); // the shared secret is not this account's
    expect((error as HttpError).status).toBe(401);
    expect(sandbox.store.pushtechContact("acme/eu", "c 1")!.city).toBe("Paris");
  });

  test("an id in the body is ignored: the contact is the path's", async () => {
    await expect(pushtechClient(base).updateContact(john, { id: "other", name_last: "D." } as never)).resolves.toMatchObject({ id: "550aac3da096734ce5000001", name_last: "D." });
  });

  test("the bare /api prefix serves Pushtech as well", async () => {
    await expect(pushtechClient(`${sandbox.url}/api`).updateContact(john, { city: "Madrid" })).resolves.toMatchObject({ city: "Madrid" });
  });
});

describe("errors", () => {
  test("a wrong secret is HttpError 401, nothing changed", async () => {
    const before = sandbox.store.snapshot();
    const error = await rejection(pushtechClient(base, { token: "wrong-secret" }).updateContact(john, { name_first: "X" }));
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(401);
    expect((error as HttpError).body).toMatchObject({ error: "unauthorized" });
    expect((error as HttpError).message).not.toContain("wrong-secret");
    expect(sandbox.store.snapshot()).toEqual(before);
  });

  test.each([
    ["an unknown contact", { account_id: "my-account", contact_id: "nope" }, 'No contact "nope" in account "my-account"'],
    ["an unknown account", { account_id: "other-account", contact_id: "550aac3da096734ce5000001" }, 'No account "other-account"'],
  ])("%s is HttpError 404", async (_name, path, message) => {
    const error = await rejection(pushtechClient(base).updateContact(path, { name_first: "X" }));
    expect((error as HttpError).status).toBe(404);
    expect((error as HttpError).body).toEqual({ error: "not_found", message });
  });

  test("an invalid body is refused by the client before sending; with validate: false, by the sandbox (400 naming the pointer)", async () => {
    const before = sandbox.store.snapshot();
    const bad = { gender: "male", last_latitude: 123 } as never;
    const refused = await rejection(pushtechClient(base).updateContact(john, bad));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues.map((i) => i.path)).toEqual(["/gender", "/last_latitude"]);
    expect(sandbox.store.snapshot()).toEqual(before);

    const error = await rejection(pushtechClient(base, { validate: false }).updateContact(john, bad));
    expect((error as HttpError).status).toBe(400);
    const body = (error as HttpError).body as { error: string; issues: { path: string }[]; message: string };
    expect(body.error).toBe("invalid_request");
    expect(body.issues.map((i) => i.path)).toEqual(["/gender", "/last_latitude"]);
    expect(body.message).toMatch(/\/gender: .*; \/last_latitude: /);
    expect(sandbox.store.snapshot()).toEqual(before);
  });
});
