import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { PatchSubscriberRequest } from "../../generated/edna/index.js";
import { HttpError, ValidationError } from "../../src/runtime/errors.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ednaClient, fixture, rejection } from "./helpers.js";

// The generated edna client against the sandbox: baseUrl = sandbox.url + "/edna/api".
let sandbox: Sandbox;
let base = "";
beforeAll(async () => {
  sandbox = await startSandbox({ data: fixture() });
  base = `${sandbox.url}/edna/api`;
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset(fixture()));

const tasha = () => sandbox.store.ednaSubscriber("crm-42");

describe("POST overwrites, PATCH merges", () => {
  // The same body, sent both ways.
  const body = {
    addresses: [
      { address: "crm-42", type: "EXT_USER_ID" as const },
      { address: "79990000000", type: "PHONE" as const },
    ],
    parameterValues: [{ name: "City", valueType: "STRING" as const, value: "Boston" }],
    tagValues: [{ name: "vip" }],
  };

  test("POST (replaceSubscriber): every array becomes exactly what was sent, blacklisted unset", async () => {
    await expect(ednaClient(base).replaceSubscriber(body)).resolves.toBeUndefined();
    expect(tasha()).toEqual({ addresses: body.addresses, parameterValues: body.parameterValues, tagValues: [{ name: "vip" }] });
  });

  test("PATCH (patchSubscriber): addresses by type, parameters by name, tags added, the rest kept", async () => {
    await expect(ednaClient(base).patchSubscriber(body)).resolves.toBeUndefined();
    expect(tasha()).toEqual({
      blacklisted: false,
      addresses: [
        { address: "79990000000", type: "PHONE" },
        { address: "tasha@example.com", type: "EMAIL" },
        { address: "crm-42", type: "EXT_USER_ID" },
      ],
      parameterValues: [
        { name: "Name", valueType: "STRING", value: "Tasha" },
        { name: "City", valueType: "STRING", value: "Boston" },
        { name: "Birthday", valueType: "DATE", value: "1999-12-28" },
      ],
      tagValues: [{ name: "old_tag" }, { name: "vip" }],
    });
  });

  test("PATCH with only the EXT_USER_ID changes only what is sent (blacklisted)", async () => {
    const before = tasha()!;
    await ednaClient(base).patchSubscriber({ addresses: [{ address: "crm-42", type: "EXT_USER_ID" }], blacklisted: true });
    expect(tasha()).toEqual({ ...before, blacklisted: true });
  });

  test("the other subscriber is never touched", async () => {
    const other = sandbox.store.ednaSubscriber("crm-77");
    await ednaClient(base).replaceSubscriber(body);
    await ednaClient(base).patchSubscriber(body);
    expect(sandbox.store.ednaSubscriber("crm-77")).toEqual(other);
  });

  test("the bare /api prefix serves edna as well", async () => {
    await ednaClient(`${sandbox.url}/api`).patchSubscriber({ addresses: [{ address: "crm-77", type: "EXT_USER_ID" }], blacklisted: true });
    expect(sandbox.store.ednaSubscriber("crm-77")!.blacklisted).toBe(true);
  });
});

describe("errors", () => {
  const ext = (id: string): PatchSubscriberRequest => ({ addresses: [{ address: id, type: "EXT_USER_ID" }], blacklisted: true });

  test("a wrong x-api-key is HttpError 401 with a JSON error, nothing changed", async () => {
    const before = sandbox.store.snapshot();
    const error = await rejection(ednaClient(base, { apiKey: "wrong-key" }).patchSubscriber(ext("crm-42")));
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(401);
    expect((error as HttpError).body).toEqual({ error: "unauthorized", message: "The x-api-key is not valid" });
    expect(sandbox.store.snapshot()).toEqual(before);
  });

  test("an unknown EXT_USER_ID is HttpError 404", async () => {
    const error = await rejection(ednaClient(base).patchSubscriber(ext("crm-404")));
    expect((error as HttpError).status).toBe(404);
    expect((error as HttpError).body).toMatchObject({ error: "not_found", message: expect.stringContaining('"crm-404"') });
  });

  test.each(["replaceSubscriber", "patchSubscriber"] as const)("%s: a tag not created in advance is HttpError 400 naming it, nothing changed", async (op) => {
    const before = sandbox.store.snapshot();
    const body = { addresses: [{ address: "crm-42", type: "EXT_USER_ID" as const }], parameterValues: [], tagValues: [{ name: "vip" }, { name: "brand_new" }] };
    const error = await rejection(ednaClient(base)[op](body));
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).body).toEqual({ error: "unknown_tag", message: 'Tag "brand_new" does not exist: a tag must be created in advance', tags: ["brand_new"] });
    expect(sandbox.store.snapshot()).toEqual(before);
  });

  test("an EXT_USER_ID of another client is HttpError 409", async () => {
    const error = await rejection(
      ednaClient(base).patchSubscriber({
        addresses: [
          { address: "crm-42", type: "EXT_USER_ID" },
          { address: "crm-77", type: "EXT_USER_ID" },
        ],
      }),
    );
    expect((error as HttpError).status).toBe(409);
  });

  test("an invalid body is refused by the client before sending; with validate: false, by the sandbox (400 naming the pointer)", async () => {
    const before = sandbox.store.snapshot();
    const bad = { addresses: [{ address: "79997654321", type: "PHONE" }], parameterValues: [{ name: "Birthday", valueType: "DATE", value: "28.12.1999" }], tagValues: [] } as never;
    const refused = await rejection(ednaClient(base).replaceSubscriber(bad));
    expect(refused).toBeInstanceOf(ValidationError);
    const paths = (refused as ValidationError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["/addresses", "/parameterValues/0/value"]));
    expect(sandbox.store.snapshot()).toEqual(before);

    const error = await rejection(ednaClient(base, { validate: false }).replaceSubscriber(bad));
    expect(error).toBeInstanceOf(HttpError);
    const body = (error as HttpError).body as { error: string; message: string; issues: { path: string }[] };
    expect((error as HttpError).status).toBe(400);
    expect(body.error).toBe("invalid_request");
    expect(body.issues.map((i) => i.path)).toEqual(paths);
    expect(body.message).toContain("/parameterValues/0/value");
    expect(sandbox.store.snapshot()).toEqual(before);
  });
});
