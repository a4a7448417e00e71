import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { readJournal, RangeSet } from "../../src/cli/import/journal.js";
import { PREFIXES, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { loopbackServer, spawnImport } from "./run-import.js";

// Crash safety of `profilekit import --journal`: the CLI runs as a child process (tsx on the
// source, no build), is killed with SIGKILL mid-way, and is run again with the same journal.
// Afterwards the sandbox holds every profile with its sent values, the journal covers the whole
// input, and the second run sent exactly the items the journal did not cover.
//
// Between the child and the sandbox sits a gate: it passes the first GATE requests through and
// then holds the answers of every later one (the requests are applied, the answers never come),
// so the kill always lands mid-way, with chunks in flight, whatever the machine's speed.
//
// Items: PROFILEKIT_IMPORT_CRASH_ITEMS (default 100,000: about 5 s here, seeding included).

const N = Number(process.env.PROFILEKIT_IMPORT_CRASH_ITEMS ?? 100_000);
const CHUNK = Math.max(1, Math.floor(N / 100)); // 100 chunks
const GATE = 5;
const TOKEN = "crash-test-token-8e21f0";

let sandbox: Sandbox;
let gate: Awaited<ReturnType<typeof loopbackServer>>;
let dir = "";
const gateState = { open: false, requests: 0, items: 0, held: [] as ServerResponse[] };

beforeAll(async () => {
  const profiles = Array.from({ length: N }, (_, i) => ({ id: `p${i}`, fields: { Custom_ID: `c${i}`, _fname: "old" } }));
  sandbox = await startSandbox({ data: { credentials: { altcraft: TOKEN }, altcraft: { databases: [{ db_id: 1, profiles }] } } });
  gate = await loopbackServer(pass);
  dir = mkdtempSync(path.join(tmpdir(), "profilekit-crash-"));
});
afterAll(async () => {
  await gate.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Forwards one request to the sandbox; past the gate (while closed) the answer is held forever. */
async function pass(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  const n = ++gateState.requests;
  gateState.items += ((JSON.parse(body.toString()) as { data?: unknown[] }).data ?? []).length;
  const answer = await fetch(sandbox.url + (req.url ?? "/"), { method: req.method ?? "POST", headers: { "content-type": req.headers["content-type"] ?? "application/json" }, body });
  const text = await answer.text();
  if (!gateState.open && n > GATE) {
    gateState.held.push(res); // applied by the sandbox, never answered
    return;
  }
  res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
  res.end(text);
}

/** Runs `profilekit <args>` in a child process: scripts/profilekit.ts, the CLI's source through tsx (no build). */
const cli = (args: string[]) => spawnImport(["--import", "tsx", "scripts/profilekit.ts", ...args], TOKEN);

const covered = (journal: string) => new RangeSet((readJournal(journal)?.entries ?? []).map((e) => [e.first, e.last] as const));

test(`kill -9 mid-way, run again with the same journal: all ${N.toLocaleString("en-US")} profiles updated, nothing acknowledged sent twice`, async () => {
  const input = path.join(dir, "profiles.ndjson");
  writeFileSync(input, Array.from({ length: N }, (_, i) => JSON.stringify({ Custom_ID: `c${i}`, _fname: `imported-${i}`, rank: i })).join("\n") + "\n");
  const journal = path.join(dir, "import.journal");
  const failed = path.join(dir, "failed.ndjson");
  const args = [
    "import",
    "altcraft.updateProfilesBatch",
    "--input",
    input,
    "--params",
    '{"db_id":1,"matching":"custom","field_name":"Custom_ID"}',
    "--base-url",
    gate.url + PREFIXES.altcraft,
    "--journal",
    journal,
    "--failed",
    failed,
    "--max-items",
    String(CHUNK),
    "--concurrency",
    "4",
  ];

  // Run 1: wait until the chunks let through are journaled (the rest hang at the gate), then SIGKILL.
  const first = cli(args);
  while (covered(journal).size < GATE * CHUNK) {
    const early = await Promise.race([first.exit, new Promise((resolve) => setTimeout(resolve, 50))]);
    if (early) throw new Error(`the first run ended before the kill: ${JSON.stringify(early)}`);
  }
  first.child.kill("SIGKILL");
  expect((await first.exit).signal).toBe("SIGKILL");
  const afterKill = covered(journal);
  expect(afterKill.size).toBe(GATE * CHUNK); // only answered chunks are journaled
  expect(gateState.requests).toBeGreaterThan(GATE); // chunks were in flight (applied, unanswered) at the kill
  for (const res of gateState.held) res.destroy();

  // Run 2: same command, gate open.
  gateState.open = true;
  gateState.requests = 0;
  gateState.items = 0;
  const second = await cli(args).exit;
  expect(second.out).toContain(`Resuming from ${journal}: ${afterKill.size} items acknowledged earlier are skipped.`);
  expect(second.code).toBe(0);
  expect(second.out).toContain(`${N} items read (${afterKill.size} skipped: acknowledged in the journal); ${N - afterKill.size} accepted, 0 rejected, 0 failed`);
  expect(gateState.items).toBe(N - afterKill.size); // exactly what the journal did not cover: in-flight chunks again, acknowledged ones never

  const all = covered(journal);
  expect(all.ranges).toEqual([[0, N - 1]]);
  expect(readJournal(journal)!.entries.reduce((n, e) => n + e.last - e.first + 1, 0)).toBe(N); // no index journaled twice
  const profiles = sandbox.store.altcraftDatabase(1)!.profiles;
  expect(profiles).toHaveLength(N);
  expect(readFileSync(failed, "utf8")).toBe("");
  const wrong = profiles.filter((p, i) => p.fields._fname !== `imported-${i}` || p.fields.rank !== i || p.fields.Custom_ID !== `c${i}`);
  expect(wrong).toEqual([]);
}, 120_000);
