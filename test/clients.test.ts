import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAltcraftClient } from "../generated/altcraft/index.js";
import { createEdnaClient } from "../generated/edna/index.js";
import { createPushtechClient } from "../generated/pushtech/index.js";
import { ConfigError, HttpError, NetworkError, ValidationError, VendorError } from "../src/runtime/errors.js";
import { startRecordingServer } from "./helpers/recording-server.js";

// Each generated client against a real HTTP server on 127.0.0.1: what goes over the wire is what the spec says.
let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());
const last = () => server.received.at(-1)!;

describe("altcraft", () => {
  const ok = { error: 0, error_text: "Successful operation", profile_id: "p1" };
  const client = (extra: { tokenIn?: "body" | "header" } = {}) => createAltcraftClient({ baseUrl: `${server.url}/api`, token: "alt-secret-token", ...extra });
  const profile = { db_id: 1, email: "john@example.com", data: { _fname: "John", subscriptions: [{ channel: "sms" as const, phone: "+79000000000", resource_id: 1 }] } };

  test("updateProfile: POST /v1.1/profiles/update with the token in the body", async () => {
    server.answer({ body: JSON.stringify(ok) });
    await expect(client().updateProfile(profile)).resolves.toEqual(ok);
    expect(last().method).toBe("POST");
    expect(last().url).toBe("/api/v1.1/profiles/update");
    expect(last().headers["content-type"]).toBe("application/json");
    expect(last().headers["authorization"]).toBeUndefined();
    expect(JSON.parse(last().body)).toEqual({ token: "alt-secret-token", ...profile });
  });

  test("tokenIn: header sends Authorization: Bearer and keeps the body as given", async () => {
    server.answer({ body: JSON.stringify(ok) });
    await client({ tokenIn: "header" }).updateProfile(profile);
    expect(last().headers["authorization"]).toBe("Bearer alt-secret-token");
    expect(JSON.parse(last().body)).toEqual(profile);
  });

  test("updateProfilesBatch: POST /v1.1/profiles/update_batch with every item", async () => {
    const answer = { error: 0, error_text: "Successful operation", result: [ok, { ...ok, profile_id: "p2" }] };
    server.answer({ body: JSON.stringify(answer) });
    const body = { db_id: 1, matching: "custom" as const, field_name: "Custom_ID", data: [{ Custom_ID: 77 }, { Custom_ID: 88 }] };
    await expect(client().updateProfilesBatch(body)).resolves.toEqual(answer);
    expect(last().url).toBe("/api/v1.1/profiles/update_batch");
    expect(JSON.parse(last().body)).toEqual({ token: "alt-secret-token", ...body });
  });

  test("HTTP 200 with error 401 is a VendorError, not data, and does not print the token", async () => {
    server.answer({ body: JSON.stringify({ error: 401, error_text: "Token required: alt-secret-token" }) });
    const error = await client()
      .updateProfile(profile)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect((error as VendorError).code).toBe(401);
    expect((error as VendorError).message).toMatch(/vendor error 401: Token required/);
    expect((error as VendorError).message).not.toContain("alt-secret-token");
  });

  test("an invalid body is a ValidationError listing every issue, and nothing is sent", async () => {
    const before = server.received.length;
    const bad = { db_id: "alt-secret-token", matching: "custom", data: { subscriptions: [{ channel: "sms" }] } };
    const error = await client()
      .updateProfile(bad as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.operation).toBe("updateProfile");
    expect(v.issues.map((i) => i.path)).toEqual(["/db_id", "/data/subscriptions/0/phone", "/field_name", "/field_value"]);
    expect(v.message).toContain('/field_name: matching "custom" requires field_name');
    expect(v.message).toContain('/data/subscriptions/0/phone: channel "sms" requires phone');
    expect(v.message).not.toContain("alt-secret-token");
    expect(v.issues[0]!.message).toBe('expected an integer, found "[redacted]"');
    expect(server.received.length).toBe(before);
  });

  test("validate: false sends anyway, per call or per client", async () => {
    const bad = { db_id: 1, data: {} } as never; // no email for the default matching
    server.answer({ body: JSON.stringify(ok) });
    await client().updateProfile(bad, { validate: false });
    expect(JSON.parse(last().body)).toEqual({ token: "alt-secret-token", db_id: 1, data: {} });
    server.answer({ body: JSON.stringify(ok) });
    await createAltcraftClient({ baseUrl: `${server.url}/api`, token: "t", validate: false }).updateProfile(bad);
    expect(JSON.parse(last().body)).toEqual({ token: "t", db_id: 1, data: {} });
    await expect(createAltcraftClient({ baseUrl: `${server.url}/api`, token: "t", validate: false }).updateProfile(bad, { validate: true })).rejects.toBeInstanceOf(ValidationError);
  });

  test("baseUrl is required: the spec's server is a per-customer host", () => {
    expect(() => createAltcraftClient({ token: "t" } as never)).toThrow(/options\/baseUrl — expected your API root URL \(the spec's server is https:\/\/\{host\}\/api\)/);
  });

  test("a bad tokenIn is a ConfigError", () => {
    expect(() => createAltcraftClient({ baseUrl: "https://x.example/api", token: "t", tokenIn: "query" as never })).toThrow(/options\/tokenIn/);
  });
});

describe("edna", () => {
  const client = () => createEdnaClient({ baseUrl: `${server.url}/api`, apiKey: "edna-secret-key" });
  const subscriber = { addresses: [{ address: "ext-42", type: "EXT_USER_ID" as const }] };

  test("replaceSubscriber: POST /subscribers/update with x-api-key and the full JSON body", async () => {
    server.answer({ status: 200, body: "" });
    const body = { ...subscriber, blacklisted: false, parameterValues: [{ name: "City", valueType: "STRING" as const, value: "Chicago" }], tagValues: [] };
    await expect(client().replaceSubscriber(body)).resolves.toBeUndefined();
    expect(last().method).toBe("POST");
    expect(last().url).toBe("/api/subscribers/update");
    expect(last().headers["x-api-key"]).toBe("edna-secret-key");
    expect(last().headers["content-type"]).toBe("application/json");
    expect(JSON.parse(last().body)).toEqual(body);
  });

  test("patchSubscriber: PATCH with only what was sent", async () => {
    server.answer({ status: 200, body: "{}" });
    await client().patchSubscriber({ ...subscriber, blacklisted: true });
    expect(last().method).toBe("PATCH");
    expect(last().url).toBe("/api/subscribers/update");
    expect(JSON.parse(last().body)).toEqual({ ...subscriber, blacklisted: true });
  });

  test("a 401 is an HttpError that does not print the key", async () => {
    server.answer({ status: 401, body: JSON.stringify({ message: "bad key edna-secret-key" }) });
    const error = await client()
      .patchSubscriber(subscriber)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(401);
    expect((error as HttpError).message).toContain("PATCH");
    expect((error as HttpError).message).not.toContain("edna-secret-key");
    expect((error as HttpError).message).toContain("[redacted]");
  });

  test("the default base URL is the spec's server", () => {
    let seen = "";
    const c = createEdnaClient({
      apiKey: "k",
      fetch: async (request) => {
        seen = request.url;
        return new Response("", { status: 200 });
      },
    });
    return c.patchSubscriber(subscriber).then(() => expect(seen).toBe("https://app.edna.io/api/subscribers/update"));
  });
});

describe("pushtech", () => {
  const client = () => createPushtechClient({ baseUrl: `${server.url}/api`, token: "acct-secret" });

  test("updateContact: PUT with both path parameters and Authorization: Token token=…", async () => {
    const answer = { id: "c1", name_first: "John", tags: ["a"] };
    server.answer({ status: 200, body: JSON.stringify(answer) });
    const contact = await client().updateContact({ account_id: "acc 1", contact_id: "c1" }, { name_first: "John", tags: ["a"], loyalty_tier: "gold" });
    expect(contact).toEqual(answer);
    expect(last().method).toBe("PUT");
    expect(last().url).toBe("/api/v2/account/acc%201/contact/c1");
    expect(last().headers["authorization"]).toBe("Token token=acct-secret");
    expect(last().headers["content-type"]).toBe("application/json");
    expect(last().headers["accept"]).toBe("application/json");
    expect(JSON.parse(last().body)).toEqual({ name_first: "John", tags: ["a"], loyalty_tier: "gold" });
  });

  test("a 404 is an HttpError carrying the answer", async () => {
    server.answer({ status: 404, body: JSON.stringify({ error: "not found" }) });
    const error = await client()
      .updateContact({ account_id: "a", contact_id: "nope" }, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).body).toEqual({ error: "not found" });
  });
});

describe("client options", () => {
  test.each([
    ["missing credential", () => createPushtechClient({} as never), "/token"],
    ["empty credential", () => createEdnaClient({ apiKey: " " }), "/apiKey"],
    ["relative baseUrl", () => createEdnaClient({ apiKey: "k", baseUrl: "api.example" }), "/baseUrl"],
    ["ftp baseUrl", () => createEdnaClient({ apiKey: "k", baseUrl: "ftp://x.example/api" }), "/baseUrl"],
  ])("%s is a ConfigError naming the option", (_name, create, field) => {
    expect(create).toThrow(ConfigError);
    try {
      create();
    } catch (e) {
      expect((e as ConfigError).field).toBe(field);
      expect((e as ConfigError).message).toMatch(/expected/);
    }
  });

  test("no answer at all is a NetworkError", async () => {
    const c = createEdnaClient({ apiKey: "k", baseUrl: "http://127.0.0.1:1/api" });
    await expect(c.patchSubscriber({ addresses: [{ address: "x", type: "EXT_USER_ID" }] })).rejects.toBeInstanceOf(NetworkError);
  });
});
