import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { altcraftClient, CREDENTIALS, ednaClient, fixture, pushtechClient } from "./helpers.js";

// Bad input against the raw server with fetch: every case is a clear 4xx with a JSON (or, for
// Altcraft XML, an XML) explanation, and the same sandbox still answers normal calls afterwards.
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ data: fixture() });
});
afterAll(() => sandbox.close());

const ALTCRAFT = "/altcraft/api/v1.1/profiles/update";
const EDNA = "/edna/api/subscribers/update";
const PUSHTECH = "/pushtech/api/v2/account/my-account/contact/550aac3da096734ce5000001";
const AUTH: Record<string, Record<string, string>> = {
  [ALTCRAFT]: { authorization: `Bearer ${CREDENTIALS.altcraft}` },
  [EDNA]: { "x-api-key": CREDENTIALS.edna },
  [PUSHTECH]: { authorization: `Token token=${CREDENTIALS.pushtech}` },
};
const METHOD: Record<string, string> = { [ALTCRAFT]: "POST", [EDNA]: "PATCH", [PUSHTECH]: "PUT" };

async function call(path: string, init: RequestInit & { duplex?: "half" } = {}) {
  const admin = path.startsWith("/__admin/") ? { "x-admin-token": sandbox.adminToken } : {};
  const response = await fetch(sandbox.url + path, { method: METHOD[path] ?? "GET", ...init, headers: { ...AUTH[path], ...admin, ...(init.headers as Record<string, string>) } });
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type"), allow: response.headers.get("allow"), text, json: () => JSON.parse(text) as Record<string, unknown> };
}

describe("malformed bodies", () => {
  test.each([ALTCRAFT, EDNA, PUSHTECH])("malformed JSON on %s → 400", async (path) => {
    const r = await call(path, { headers: { "content-type": "application/json" }, body: '{"db_id": 1, "data": {' });
    expect(r.status).toBe(400);
    expect(r.type).toBe("application/json");
    const body = r.json();
    if (path === ALTCRAFT) expect(body).toMatchObject({ error: 400, error_text: expect.stringMatching(/^Malformed JSON: /) });
    else expect(body).toMatchObject({ error: "malformed_body", message: expect.stringMatching(/^Malformed JSON: /) });
  });

  test.each([
    ["unclosed element", "<xml><db_id>1</db_id><data>", /Cannot read the XML/],
    ["a closing tag that does not match (the seed's typo)", "<xml><profile_id>x<profile_id></xml>", /Cannot read the XML/],
    ["a DOCTYPE (no XXE, no entity expansion)", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><db_id>&e;</db_id></xml>', /DOCTYPE/],
    ["another root element", "<profile><db_id>1</db_id></profile>", /expected the root element &lt;xml&gt;, found &lt;profile&gt;/],
    ["text where the shape wants elements", "<xml><data>just text</data></xml>", /Cannot read the XML/],
  ])("malformed XML on Altcraft (%s) → 400 in XML", async (_name, xml, reason) => {
    const r = await call(ALTCRAFT, { headers: { "content-type": "application/xml" }, body: xml });
    expect(r.status).toBe(400);
    expect(r.type).toBe("application/xml");
    expect(r.text).toMatch(/^<xml><error>400<\/error><error_text>.+<\/error_text><\/xml>$/);
    expect(r.text).toMatch(reason);
  });

  test("invalid UTF-8 → 400", async () => {
    const r = await call(EDNA, { headers: { "content-type": "application/json" }, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) });
    expect(r.status).toBe(400);
    expect(r.json()).toEqual({ error: "malformed_body", message: "The body is not valid UTF-8" });
  });

  test("JSON that is not an object is a validation error, not a crash", async () => {
    const altcraft = await call(ALTCRAFT, { headers: { "content-type": "application/json" }, body: "[1, 2]" });
    expect(altcraft.status).toBe(200);
    expect(altcraft.json()).toMatchObject({ error: 400, error_text: expect.stringMatching(/^Invalid request: \(the body\): /) });
    const edna = await call(EDNA, { headers: { "content-type": "application/json" }, body: "null" });
    expect(edna.status).toBe(400);
    expect(edna.json()).toMatchObject({ error: "invalid_request" });
  });
});

describe("content types", () => {
  test.each([
    [ALTCRAFT, "text/plain"],
    [ALTCRAFT, undefined],
    [EDNA, "application/xml"],
    [EDNA, "application/x-www-form-urlencoded"],
    [PUSHTECH, "text/plain"],
  ])("%s with Content-Type %s → 415", async (path, type) => {
    const r = await call(path, { headers: type ? { "content-type": type } : {}, body: new TextEncoder().encode("{}") });
    expect(r.status).toBe(415);
    expect(r.text).toMatch(/Unsupported Content-Type/);
  });

  test("charset and +json suffixes are JSON", async () => {
    const r = await call(PUSHTECH, { headers: { "content-type": "application/merge-patch+json; charset=utf-8" }, body: JSON.stringify({ city: "Leeds" }) });
    expect(r.status).toBe(200);
  });
});

describe("sizes", () => {
  const fifty = 50 * 1024 * 1024;

  test.each([EDNA, ALTCRAFT])("a 50 MB body on %s → 413 (announced by Content-Length)", async (path) => {
    const r = await call(path, { headers: { "content-type": "application/json" }, body: new Uint8Array(fifty).fill(0x20) });
    expect(r.status).toBe(413);
    expect(r.text).toMatch(/larger than 16777216 bytes/);
  });

  test("a 50 MB body streamed without Content-Length → 413", async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 50) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const r = await call(PUSHTECH, { headers: { "content-type": "application/json" }, body, duplex: "half" });
    expect(r.status).toBe(413);
    expect(r.json()).toMatchObject({ error: "too_large" });
  });
});

describe("routes and methods", () => {
  test.each([
    "/nope",
    "/__admin/nope",
    "/altcraft/api/v1.1/profiles/delete",
    "/edna/api/v1.1/profiles/update",
    "/pushtech/api/subscribers/update",
    "/api/v2/account/a/contact",
    "/altcraft/api/v1.1/profiles/update/",
  ])("unknown path %s → 404", async (path) => {
    const r = await call(path, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(r.status).toBe(404);
    expect(r.json()).toMatchObject({ error: "not_found" });
  });

  test.each([
    [ALTCRAFT, "GET", "POST"],
    ["/altcraft/api/v1.1/profiles/update_batch", "PUT", "POST"],
    [EDNA, "DELETE", "POST, PATCH"],
    [EDNA, "GET", "POST, PATCH"],
    [PUSHTECH, "POST", "PUT"],
    [PUSHTECH, "PATCH", "PUT"],
  ])("%s with %s → 405, Allow: %s", async (path, method, allow) => {
    const r = await call(path, { method, ...(method === "GET" ? {} : { headers: { "content-type": "application/json" }, body: "{}" }) });
    expect(r.status).toBe(405);
    expect(r.allow).toBe(allow);
    expect(r.json()).toMatchObject({ error: "method_not_allowed" });
  });

  test("a path parameter that is not valid percent-encoding → 400", async () => {
    const r = await call("/pushtech/api/v2/account/%E0%A4%A/contact/1", { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" });
    expect(r.status).toBe(400);
  });

  test("GET / lists the prefixes", async () => {
    const r = await call("/");
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ apis: { altcraft: "/altcraft/api", edna: "/edna/api", pushtech: "/pushtech/api", all: "/api" } });
  });
});

describe("after all that", () => {
  test("the same sandbox still answers every API normally", async () => {
    await expect(altcraftClient(`${sandbox.url}/altcraft/api`).updateProfile({ db_id: 1, email: "gamma@example.com", data: { _fname: "Still" } })).resolves.toMatchObject({
      error: 0,
      profile_id: "p-gamma",
    });
    await expect(ednaClient(`${sandbox.url}/edna/api`).patchSubscriber({ addresses: [{ address: "crm-42", type: "EXT_USER_ID" }], blacklisted: true })).resolves.toBeUndefined();
    await expect(pushtechClient(`${sandbox.url}/pushtech/api`).updateContact({ account_id: "my-account", contact_id: "550aac3da096734ce5000002" }, { city: "York" })).resolves.toMatchObject({
      city: "York",
    });
    const store = await (await fetch(`${sandbox.url}/__admin/store`, { headers: { "x-admin-token": sandbox.adminToken } })).json();
    expect(store).toMatchObject({ altcraft: { databases: [{ db_id: 1 }, { db_id: 2 }] } });
  });
});
