import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli as run } from "../helpers/run-cli.js";
import { runSandbox } from "../../src/cli/sandbox-command.js";
import { parseSandboxData, SandboxDataError, sampleData, startSandbox, type Sandbox, type SandboxData } from "../../src/sandbox/index.js";
import { altcraftClient, CREDENTIALS, ednaClient, EU_SECRET, fixture, pushtechClient, rejection } from "./helpers.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "profilekit-sandbox-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("profilekit sandbox (CLI)", () => {
  test("--data, --faults, --seed: serves the file's data, logs one line per request and never a secret", async () => {
    const file = path.join(dir, "seed.json");
    await writeFile(file, JSON.stringify(fixture()));
    const lines: string[] = [];
    let stop = () => {};
    let listening: (s: Sandbox) => void = () => {};
    const ready = new Promise<Sandbox>((resolve) => (listening = resolve));
    const exit = runSandbox({ port: "0", host: "127.0.0.1", data: file, faults: "500:0", seed: "42", log: (l) => lines.push(l), until: new Promise<void>((r) => (stop = r)), onListening: listening });
    const sandbox = await ready;

    await altcraftClient(`${sandbox.url}/altcraft/api`).updateProfile({ db_id: 1, matching: "profile_id", profile_id: "p-beta", data: { _fname: "Cli" } });
    await altcraftClient(`${sandbox.url}/altcraft/api`, { tokenIn: "header" }).updateProfile({ db_id: 1, email: "beta@example.com", data: {} });
    await ednaClient(`${sandbox.url}/edna/api`).patchSubscriber({ addresses: [{ address: "crm-42", type: "EXT_USER_ID" }], blacklisted: true });
    await pushtechClient(`${sandbox.url}/pushtech/api`).updateContact({ account_id: "my-account", contact_id: "550aac3da096734ce5000001" }, { city: "Cork" });
    await pushtechClient(`${sandbox.url}/pushtech/api`, { token: EU_SECRET }).updateContact({ account_id: "acme/eu", contact_id: "c 1" }, { city: "Nice" });
    await rejection(pushtechClient(`${sandbox.url}/pushtech/api`, { token: "a-wrong-secret-xyz" }).updateContact({ account_id: "my-account", contact_id: "550aac3da096734ce5000001" }, {}));
    await rejection(ednaClient(`${sandbox.url}/edna/api`, { apiKey: "a-wrong-key-xyz" }).patchSubscriber({ addresses: [{ address: "crm-42", type: "EXT_USER_ID" }] }));
    expect(sandbox.store.altcraftProfile(1, "p-beta")!.fields._fname).toBe("Cli");
    stop();
    expect(await exit).toBe(0);

    const log = lines.join("\n");
    expect(log).toContain(`profilekit sandbox listening on ${sandbox.url}`);
    expect(log).toContain(`Altcraft  ${sandbox.url}/altcraft/api`);
    expect(log).toContain("faults: 500:0 (seed 42)");
    const requests = lines.filter((l) => /^(POST|PATCH|PUT) /.test(l));
    expect(requests.map((l) => l.replace(/ \d+ms$/, ""))).toEqual([
      "POST /altcraft/api/v1.1/profiles/update 200",
      "POST /altcraft/api/v1.1/profiles/update 200",
      "PATCH /edna/api/subscribers/update 200",
      "PUT /pushtech/api/v2/account/my-account/contact/550aac3da096734ce5000001 200",
      "PUT /pushtech/api/v2/account/acme%2Feu/contact/c%201 200",
      "PUT /pushtech/api/v2/account/my-account/contact/550aac3da096734ce5000001 401",
      "PATCH /edna/api/subscribers/update 401",
    ]);
    for (const secret of [...Object.values(CREDENTIALS), EU_SECRET, "a-wrong-secret-xyz", "a-wrong-key-xyz"]) expect(log).not.toContain(secret);
    expect(log).toContain("profilekit sandbox stopped.");
  });

  test.each([
    [["sandbox", "--port", "http"], /--port expects a whole number from 0 to 65535, found "http"/],
    [["sandbox", "--seed=-1"], /--seed expects a whole number from 0 to 4294967295, found "-1"/],
    [["sandbox", "--faults", "boom:0.1"], /unknown kind "boom"/],
    [["sandbox", "--data", "/nonexistent/seed.json"], /cannot read --data \/nonexistent\/seed\.json/],
    [["sandbox", "--wat"], /Unknown option '--wat'[\s\S]*Usage:/],
  ])("%j exits 1: %s", async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
  });

  test("a data file with a problem exits 1 naming the file and the JSON Pointer", async () => {
    const file = path.join(dir, "bad.json");
    const data = fixture();
    data.edna!.subscribers![0]!.tagValues.push({ name: "never_created" });
    await writeFile(file, JSON.stringify(data));
    const result = await run("sandbox", "--data", file);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`profilekit sandbox: ${file} at /edna/subscribers/0/tagValues/1/name: tag "never_created" is not in /edna/tags (tags must be created in advance)`);
    await writeFile(file, "{ not json");
    expect((await run("sandbox", "--data", file)).err).toMatch(/is not JSON/);
  });

  test("help lists the command", async () => {
    expect((await run("help")).out).toMatch(/sandbox \[--port 4010\] \[--host 127\.0\.0\.1\] \[--data <seed\.json>\] \[--faults <spec>\] \[--seed <n>\]/);
  });
});

describe("data file", () => {
  test("the embedded sample loads, and its profiles are found by the seeds' own examples", async () => {
    expect(parseSandboxData(sampleData)).toBe(sampleData);
    const s = await startSandbox();
    try {
      const batch = await altcraftClient(`${s.url}/altcraft/api`, { token: "sandbox-altcraft-token" }).updateProfilesBatch({
        db_id: 1,
        matching: "custom",
        field_name: "Custom_ID",
        data: [
          { _fname: "Lala", Custom_ID: 77 },
          { _fname: "Victor", Custom_ID: 88 },
        ],
      });
      expect(batch.result!.map((r) => r.profile_id)).toEqual(["54759eb3c090d83494e2d804", "54759eb3c090d83494e2d805"]);
      await ednaClient(`${s.url}/edna/api`, { apiKey: "sandbox-edna-key" }).patchSubscriber({ addresses: [{ address: "any_string", type: "EXT_USER_ID" }], blacklisted: true });
      await expect(
        pushtechClient(`${s.url}/pushtech/api`, { token: "sandbox-pushtech-secret" }).updateContact({ account_id: "my-account", contact_id: "550aac3da096734ce5000001" }, { name_first: "John" }),
      ).resolves.toMatchObject({ favourite_store: "Madrid" });
    } finally {
      await s.close();
    }
  });

  const broken = (edit: (d: SandboxData) => void) => {
    const d = fixture();
    edit(d);
    return d;
  };
  test.each([
    ["an unknown top-level key", { profiles: [] }, "", "/profiles"],
    [
      "a subscription its channel does not allow",
      broken((d) => d.altcraft!.databases![0]!.profiles![0]!.subscriptions!.push({ channel: "sms", resource_id: 1 })),
      "/altcraft/databases/0/profiles/0/subscriptions/4/phone",
      undefined,
    ],
    ["a profile field of the wrong type", broken((d) => (d.altcraft!.databases![0]!.profiles![1]!.fields!.email = "not an email")), "/altcraft/databases/0/profiles/1/fields/email", undefined],
    ["a profile id used twice", broken((d) => (d.altcraft!.databases![0]!.profiles![1]!.id = "p-alpha")), "/altcraft/databases/0/profiles/1/id", undefined],
    ["an edna subscriber without EXT_USER_ID", broken((d) => (d.edna!.subscribers![1]!.addresses = [{ address: "1", type: "PHONE" }])), "/edna/subscribers/1/addresses", undefined],
    ["a Pushtech contact with an object field", broken((d) => (d.pushtech!.accounts![0]!.contacts![1]!.address = { city: "x" })), "/pushtech/accounts/0/contacts/1/address", undefined],
  ] as [string, unknown, string, string | undefined][])("%s is a SandboxDataError at its pointer", (_name, data, pointer, keyPointer) => {
    const error = (() => {
      try {
        parseSandboxData(data);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SandboxDataError);
    expect((error as SandboxDataError).pointer).toBe(keyPointer ?? pointer);
  });

  test("profiles without an id get generated, deterministic ids", async () => {
    const s = await startSandbox({ data: { altcraft: { databases: [{ db_id: 1, profiles: [{ fields: { email: "a@example.com" } }, { fields: { email: "b@example.com" } }] }] } } });
    try {
      expect(s.store.snapshot().altcraft.databases[0]!.profiles.map((p) => p.id)).toEqual(["5a0000000000000000000001", "5a0000000000000000000002"]);
    } finally {
      await s.close();
    }
  });
});

describe("admin routes", () => {
  test("GET /__admin/store shows the state (no credentials); POST /__admin/reset restores or loads data", async () => {
    const s = await startSandbox({ data: fixture() });
    try {
      const admin = { "x-admin-token": s.adminToken };
      const json = { ...admin, "content-type": "application/json" };
      const store = async () => (await fetch(`${s.url}/__admin/store`, { headers: admin })).json() as Promise<Record<string, unknown>>;
      const initial = await store();
      expect(initial).toEqual(s.store.snapshot());
      expect(JSON.stringify(initial)).not.toContain(CREDENTIALS.altcraft);
      expect(JSON.stringify(initial)).not.toContain(EU_SECRET);

      await pushtechClient(`${s.url}/pushtech/api`).updateContact({ account_id: "my-account", contact_id: "550aac3da096734ce5000002" }, { city: "Rome" });
      expect(await store()).not.toEqual(initial);
      expect((await fetch(`${s.url}/__admin/reset`, { method: "POST", headers: admin })).status).toBe(200);
      expect(await store()).toEqual(initial);

      const other: SandboxData = { edna: { tags: ["a"], subscribers: [] } };
      const loaded = await fetch(`${s.url}/__admin/reset`, { method: "POST", headers: json, body: JSON.stringify(other) });
      expect(loaded.status).toBe(200);
      expect(await store()).toEqual({ altcraft: { databases: [] }, edna: { tags: ["a"], subscribers: [] }, pushtech: { accounts: [] } });

      const bad = await fetch(`${s.url}/__admin/reset`, { method: "POST", headers: json, body: JSON.stringify({ edna: { tags: [1] } }) });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: "invalid_data", pointer: "/edna/tags/0" });
      expect((await fetch(`${s.url}/__admin/store`, { method: "DELETE", headers: admin })).status).toBe(405);
    } finally {
      await s.close();
    }
  });
});
