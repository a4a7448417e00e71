import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { ImportError, runImport, type ImportOptions } from "../../src/cli/import-command.js";
import { readJournal } from "../../src/cli/import/journal.js";
import { main } from "../../src/cli/main.js";
import { PREFIXES, startSandbox, type Sandbox, type SandboxData } from "../../src/sandbox/index.js";

// `profilekit import` in-process against the sandbox (real sockets, the generated Altcraft client).
const TOKEN = "import-e2e-token-5d1c9a";
const N = 2_000;
const PARAMS = '{"db_id":1,"matching":"custom","field_name":"Custom_ID"}';

/** N Altcraft profiles, Custom_ID c0…c{N-1}, first name "old". */
const data = (n = N): SandboxData => ({
  credentials: { altcraft: TOKEN },
  altcraft: { databases: [{ db_id: 1, profiles: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, fields: { Custom_ID: `c${i}`, _fname: "old" } })) }] },
});

let sandbox: Sandbox;
let dir = "";
const requests: string[] = [];
let onLog: ((line: string) => void) | undefined;
const batchRequests = () => requests.filter((l) => l.startsWith("POST /altcraft/api/v1.1/profiles/update_batch ")).length;
beforeAll(async () => {
  sandbox = await startSandbox({
    data: data(),
    log: (l) => {
      requests.push(l);
      onLog?.(l);
    },
  });
  dir = mkdtempSync(path.join(tmpdir(), "profilekit-import-"));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  sandbox.reset(data());
  requests.length = 0;
});

/** Runs an import with the test's credentials, collecting stdout and progress. */
async function run(o: Partial<ImportOptions> & { input: string }, without: (keyof ImportOptions)[] = []) {
  const out: string[] = [];
  const progress: string[] = [];
  const options: ImportOptions = {
    target: "altcraft.updateProfilesBatch",
    params: PARAMS,
    baseUrl: sandbox.url + PREFIXES.altcraft,
    env: { PROFILEKIT_ALTCRAFT_TOKEN: TOKEN },
    log: (l) => out.push(l),
    progress: { write: (s) => progress.push(s), isTTY: false },
    progressIntervalMs: 5,
    ...o,
  };
  for (const key of without) delete options[key];
  const code = await runImport(options);
  const text = out.join("\n");
  expect(text + progress.join("")).not.toContain(TOKEN);
  return { code, out: text, progress: progress.join("") };
}

const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const ndjson = (items: unknown[]) => items.map((i) => (typeof i === "string" ? i : JSON.stringify(i))).join("\n") + "\n";
const profiles = () => new Map(sandbox.store.altcraftDatabase(1)!.profiles.map((p) => [p.fields.Custom_ID as string, p]));
const failedLines = (p: string) =>
  readFileSync(p, "utf8")
    .trimEnd()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("profilekit import, in-process against the sandbox", () => {
  test("2,000 NDJSON items: every one accepted and stored, exit 0, the journal covers the input", async () => {
    const input = file("all.ndjson", ndjson(Array.from({ length: N }, (_, i) => ({ Custom_ID: `c${i}`, _fname: `new-${i}`, visits: i }))));
    const journal = path.join(dir, "all.journal");
    const failed = path.join(dir, "all.failed.ndjson");
    const r = await run({ input, journal, failed, maxItems: 300, concurrency: 3 });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^altcraft\.updateProfilesBatch: 2000 items read; 2000 accepted, 0 rejected, 0 failed in [\d.]+ s \(\d+ items\/s\)\.$/);
    expect(batchRequests()).toBe(7); // 300 × 6 + 200
    const stored = profiles();
    for (let i = 0; i < N; i++) expect(stored.get(`c${i}`)?.fields).toEqual({ Custom_ID: `c${i}`, _fname: `new-${i}`, visits: i });
    const j = readJournal(journal)!;
    expect(j.header).toMatchObject({ operation: "altcraft.updateProfilesBatch", input, inputFormat: "ndjson", inputBytes: readFileSync(input).length });
    expect(j.entries.map((e) => e.last - e.first + 1).sort((a, b) => a - b)).toEqual([200, 300, 300, 300, 300, 300, 300]);
    expect(j.entries.reduce((n, e) => n + e.counts.accepted, 0)).toBe(N);
    expect(readFileSync(failed, "utf8")).toBe("");
  });

  test("bad lines, invalid items and unknown profiles go to --failed with their index and line; exit 1", async () => {
    const items: unknown[] = Array.from({ length: 50 }, (_, i) => ({ Custom_ID: `c${i}`, _fname: `new-${i}` }));
    items[3] = '{"Custom_ID": "c3", _fname: oops}'; // not JSON
    items[10] = { Custom_ID: "c10", _fname: 42 }; // breaks the spec: refused before sending
    items[20] = { Custom_ID: "nobody", _fname: "x" }; // the server finds no profile
    items[30] = "[1, 2]"; // not an object
    const text = ndjson(items).replace('{"Custom_ID":"c5"', '\n{"Custom_ID":"c5"'); // a blank line: not a record
    const failed = path.join(dir, "bad.failed.ndjson");
    const r = await run({ input: file("bad.ndjson", text), failed, maxItems: 8 });
    expect(r.code).toBe(1);
    expect(r.out).toContain("50 items read; 46 accepted, 4 rejected, 0 failed");
    expect(r.out).toContain(`Items not accepted: ${failed}`);
    const lines = failedLines(failed).sort((a, b) => (a.index as number) - (b.index as number));
    expect(lines).toEqual([
      { index: 3, line: 4, status: "rejected", reason: "input", error: expect.stringMatching(/^not JSON: /), text: '{"Custom_ID": "c3", _fname: oops}' },
      { index: 10, line: 12, status: "rejected", reason: "validation", issues: [expect.objectContaining({ path: "/_fname" })], item: { Custom_ID: "c10", _fname: 42 } },
      { index: 20, line: 22, status: "rejected", reason: "server", code: 404, message: 'Profile not found: matching "custom", Custom_ID = "nobody"', item: { Custom_ID: "nobody", _fname: "x" } },
      { index: 30, line: 32, status: "rejected", reason: "input", error: "expected a JSON object, found an array", text: "[1, 2]" },
    ]);
    const stored = profiles();
    for (let i = 0; i < 50; i++) expect(stored.get(`c${i}`)!.fields._fname).toBe([3, 10, 20, 30].includes(i) ? "old" : `new-${i}`);
  });

  test("CSV with the nested-field convention", async () => {
    const csv = [
      "Custom_ID,_fname,visits:number,vip:boolean,subscriptions.0.channel,subscriptions.0.email,subscriptions.0.resource_id:number",
      "c1,Ann,3,true,email,ann@example.com,1",
      "c2,,7,false,,,",
    ].join("\r\n");
    const r = await run({ input: file("people.csv", csv) });
    expect(r.code).toBe(0);
    const stored = profiles();
    expect(stored.get("c1")).toMatchObject({
      fields: { Custom_ID: "c1", _fname: "Ann", visits: 3, vip: true },
      subscriptions: [{ channel: "email", email: "ann@example.com", resource_id: 1, status: "subscribed" }],
    });
    expect(stored.get("c2")).toMatchObject({ fields: { Custom_ID: "c2", _fname: "old", visits: 7, vip: false }, subscriptions: [] });
  });

  test("--format xml", async () => {
    const r = await run({
      input: file(
        "xml.ndjson",
        ndjson([
          { Custom_ID: "c1", _fname: "über <xml> & co" },
          { Custom_ID: "c2", visits: 5 },
        ]),
      ),
      format: "xml",
    });
    expect(r.code).toBe(0);
    expect(profiles().get("c1")!.fields._fname).toBe("über <xml> & co");
    expect(profiles().get("c2")!.fields.visits).toBe("5"); // XML carries a custom field (no schema type) as text
  });

  test("stdin (-), credentials and base URL from the environment", async () => {
    const stdin = Readable.from([ndjson([{ Custom_ID: "c7", _fname: "from stdin" }])]);
    const r = await run({ input: "-", stdin, env: { PROFILEKIT_ALTCRAFT_TOKEN: TOKEN, PROFILEKIT_ALTCRAFT_BASE_URL: sandbox.url + PREFIXES.altcraft } }, ["baseUrl"]);
    expect(r.out).toMatch(/1 items read; 1 accepted/);
    expect(r.code).toBe(0);
    expect(profiles().get("c7")!.fields._fname).toBe("from stdin");
  });

  test("interrupted (signal) then resumed with the journal: nothing lost, acknowledged items not sent again", async () => {
    const input = file("resume.ndjson", ndjson(Array.from({ length: N }, (_, i) => ({ Custom_ID: `c${i}`, _fname: `resumed-${i}` }))));
    const journal = path.join(dir, "resume.journal");
    const failed = path.join(dir, "resume.failed.ndjson");
    // Stopped (as by Ctrl-C) when the sandbox answers the second request: 2 of 20 chunks, 2 more at most in flight.
    const controller = new AbortController();
    onLog = () => {
      if (batchRequests() === 2) controller.abort();
    };
    const first = await run({ input, journal, failed, maxItems: 100, concurrency: 2, signal: controller.signal });
    onLog = undefined;
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/Interrupted.*Run the same command again to resume from/);
    const covered = readJournal(journal)!.entries.reduce((n, e) => n + e.last - e.first + 1, 0);
    expect(covered).toBeGreaterThanOrEqual(200);
    expect(covered).toBeLessThanOrEqual(400);
    requests.length = 0;
    const second = await run({ input, journal, failed, maxItems: 100, concurrency: 2 });
    expect(second.code).toBe(0);
    expect(second.out).toContain(`Resuming from ${journal}: ${covered} items acknowledged earlier are skipped.`);
    expect(second.out).toContain(`${N} items read (${covered} skipped: acknowledged in the journal); ${N - covered} accepted`);
    expect(second.out).toContain(`With the earlier runs in the journal: ${N} accepted, 0 rejected, 0 failed.`);
    const entries = readJournal(journal)!.entries;
    expect(entries.reduce((n, e) => n + e.last - e.first + 1, 0)).toBe(N); // no index twice
    const stored = profiles();
    for (let i = 0; i < N; i++) expect(stored.get(`c${i}`)!.fields._fname).toBe(`resumed-${i}`);
    // A finished journal: a third run sends nothing and exits 0.
    requests.length = 0;
    const third = await run({ input, journal, failed });
    expect(third.code).toBe(0);
    expect(batchRequests()).toBe(0);
    // Another --params or input is refused.
    await expect(run({ input, journal, params: '{"db_id":2,"matching":"custom","field_name":"Custom_ID"}' })).rejects.toThrow(/belongs to another import: it was written with other --params/);
    writeFileSync(input, ndjson([{ Custom_ID: "c0" }]));
    await expect(run({ input, journal })).rejects.toThrow(/belongs to another import: its input is .*resume\.ndjson \(ndjson, \d+ bytes\), this run's is .*\(ndjson, 19 bytes\)/);
  });

  test("missing credential, missing base URL, unknown operation, bad --params: clear errors, no secret", async () => {
    const input = file("one.ndjson", ndjson([{ Custom_ID: "c1" }]));
    await expect(run({ input, env: {} })).rejects.toThrow(
      new ImportError("set the PROFILEKIT_ALTCRAFT_TOKEN environment variable to the altcraft credential (it is never read from the command line)"),
    );
    await expect(run({ input }, ["baseUrl"])).rejects.toThrow(/the altcraft API needs a base URL: pass --base-url or set PROFILEKIT_ALTCRAFT_BASE_URL/);
    await expect(run({ input, target: "altcraft.updateProfile" })).rejects.toThrow(
      /altcraft\.updateProfile is not a batch operation of the altcraft client \(batch operations: altcraft\.updateProfilesBatch\)/,
    );
    await expect(run({ input, target: "nosuch.op" })).rejects.toThrow(/no generated client for API "nosuch" \(known: altcraft, edna, pushtech\)/);
    await expect(run({ input, params: "{db_id:1}" })).rejects.toThrow(/--params is not JSON/);
    await expect(run({ input: path.join(dir, "missing.ndjson") })).rejects.toThrow(/cannot read --input .*missing\.ndjson: ENOENT/);
    // Envelope problems (here: no db_id) stop the run with the validator's message.
    await expect(run({ input, params: '{"matching":"custom","field_name":"Custom_ID"}' })).rejects.toThrow(/does not match the spec/);
  });

  test("through main(): usage, --help, and a wrong token reported per item without printing it", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const cli = (...args: string[]) =>
      main(
        ["import", ...args],
        (s) => out.push(s),
        (s) => err.push(s),
      );
    expect(await cli("--help")).toBe(0);
    expect(out.join("\n")).toMatch(/^Usage: profilekit import <api>\.<operation> --input/);
    expect(await cli("altcraft.updateProfilesBatch")).toBe(1);
    expect(err.join("\n")).toMatch(/--input is required/);
    const input = file("wrong.ndjson", ndjson([{ Custom_ID: "c1" }]));
    const failed = path.join(dir, "wrong.failed.ndjson");
    const saved = process.env.PROFILEKIT_ALTCRAFT_TOKEN;
    process.env.PROFILEKIT_ALTCRAFT_TOKEN = "wrong-token-abcdef";
    try {
      expect(await cli("altcraft.updateProfilesBatch", "--input", input, "--params", PARAMS, "--base-url", sandbox.url + PREFIXES.altcraft, "--failed", failed)).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.PROFILEKIT_ALTCRAFT_TOKEN;
      else process.env.PROFILEKIT_ALTCRAFT_TOKEN = saved;
    }
    expect(failedLines(failed)).toEqual([
      { index: 0, line: 1, status: "rejected", reason: "server", code: 401, message: expect.stringMatching(/vendor error 401: Invalid token/), item: { Custom_ID: "c1" } },
    ]);
    expect(out.join("\n") + err.join("\n") + readFileSync(failed, "utf8")).not.toContain("wrong-token-abcdef");
  });
});
