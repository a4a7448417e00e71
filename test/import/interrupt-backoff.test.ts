import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { readJournal } from "../../src/cli/import/journal.js";
import { PREFIXES, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { firstNames, loopbackServer, ndjson, profilesData, runAgainst, writeIn } from "./run-import.js";

// Ctrl-C while chunks wait to be retried: those chunks were not acknowledged, so they are not_sent
// (left for the resumed run), never journaled as failed after one of their attempts.
//
// A proxy in front of the sandbox lets the first 2 requests through and then answers 503 with
// Retry-After: 2 s, so the next chunks are sure to be waiting in backoff when the signal comes.

const N = 1_000;
let sandbox: Sandbox;
let proxy: Awaited<ReturnType<typeof loopbackServer>>;
let dir = "";
const state = { passed: 0, refused: 0, failing: true, onRefused: () => {} };

beforeAll(async () => {
  sandbox = await startSandbox({ data: profilesData(N) });
  proxy = await loopbackServer(forward);
  dir = mkdtempSync(path.join(tmpdir(), "profilekit-backoff-"));
});
afterAll(async () => {
  await proxy.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (state.failing && state.passed >= 2) {
    res.writeHead(503, { "content-type": "application/json", "retry-after": "2" });
    res.end('{"error":503,"error_text":"busy"}');
    state.refused++;
    state.onRefused();
    return;
  }
  state.passed++;
  const answer = await fetch(sandbox.url + (req.url ?? "/"), { method: "POST", headers: { "content-type": String(req.headers["content-type"]) }, body: Buffer.concat(chunks) });
  res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
  res.end(await answer.text());
}

test("chunks in backoff at Ctrl-C are not_sent: not in --failed, not journaled, sent by the resumed run", async () => {
  const input = writeIn(dir)("in.ndjson", ndjson(Array.from({ length: N }, (_, i) => ({ Custom_ID: `c${i}`, _fname: `new-${i}` }))));
  const journal = path.join(dir, "in.journal");
  const failed = path.join(dir, "in.failed.ndjson");
  const controller = new AbortController();
  state.onRefused = () => {
    if (state.refused === 2) setTimeout(() => controller.abort(), 200); // both chunks now sleep ~2 s
  };
  const options = { input, journal, failed, baseUrl: proxy.url + PREFIXES.altcraft, maxItems: 100, concurrency: 2 };
  const first = await runAgainst(sandbox, { ...options, signal: controller.signal });
  expect(first.code).toBe(1);
  expect(first.out).toMatch(/Interrupted: \d+ items read were not sent/);
  expect(readFileSync(failed, "utf8")).toBe(""); // two tries of five are no reason to give up on an item
  const covered = readJournal(journal)!.entries.reduce((n, e) => n + e.last - e.first + 1, 0);
  expect(covered).toBe(200); // the two chunks answered

  state.failing = false;
  const second = await runAgainst(sandbox, options);
  expect(second.code).toBe(0);
  expect(second.out).toContain(`${N} items read (200 skipped: acknowledged in the journal); ${N - 200} accepted, 0 rejected, 0 failed`);
  const names = firstNames(sandbox);
  const missing = Array.from({ length: N }, (_, i) => i).filter((i) => names.get(`c${i}`) !== `new-${i}`);
  expect(missing).toEqual([]);
  expect(readFileSync(failed, "utf8")).toBe("");
}, 30_000);
