import { createHash } from "node:crypto";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { paramsHash, readJournal } from "../../src/cli/import/journal.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { firstNames, ndjson, PARAMS, profilesData, runAgainst, writeIn } from "./run-import.js";

// A journal trusts its input only by content: the same path and size with other bytes, or ranges
// that claim records the input does not have, are refused with what to do — before anything is
// skipped for a file, as the bytes come for stdin.

const N = 300;
let sandbox: Sandbox;
let dir = "";
let file: (name: string, text: string | Buffer) => string;
beforeAll(async () => {
  sandbox = await startSandbox({ data: profilesData(N) });
  dir = mkdtempSync(path.join(tmpdir(), "profilekit-fingerprint-"));
  file = writeIn(dir);
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => sandbox.reset(profilesData(N)));

/** N items whose first names are `${tag}-${i}`: the same size for tags of the same length. */
const items = (tag: string) => ndjson(Array.from({ length: N }, (_, i) => ({ Custom_ID: `c${i}`, _fname: `${tag}-${i}` })));
const covered = (journal: string) => readJournal(journal)!.entries.reduce((n, e) => n + e.last - e.first + 1, 0);

/** Runs until `chunks` chunks are journaled, then stops as Ctrl-C does. */
async function interrupted(o: { input: string; journal: string; stdin?: Readable }, chunks: number) {
  const controller = new AbortController();
  const watcher = setInterval(() => {
    if ((readJournal(o.journal)?.entries.length ?? 0) >= chunks) controller.abort();
  }, 5);
  try {
    return await runAgainst(sandbox, { ...o, maxItems: 20, concurrency: 1, signal: controller.signal });
  } finally {
    clearInterval(watcher);
  }
}

test("the input overwritten with other bytes of the same size: the resumed run is refused, nothing is skipped or sent", async () => {
  const input = file("same-size.ndjson", items("new"));
  const journal = path.join(dir, "same-size.journal");
  const first = await runAgainst(sandbox, { input, journal, maxItems: 20 });
  expect(first.code).toBe(0);
  expect(covered(journal)).toBe(N);

  writeFileSync(input, items("alt")); // same length, other content
  expect(readFileSync(input).length).toBe(Buffer.byteLength(items("new")));
  sandbox.reset(profilesData(N));
  await expect(runAgainst(sandbox, { input, journal, maxItems: 20 })).rejects.toThrow(
    new RegExp(`--journal ${journal} does not match the input: bytes 0–\\d+ of the input are not those the journal was written for .*Delete ${journal}, or use another --journal, to start over\\.`),
  );
  expect([...firstNames(sandbox).values()].every((name) => name === "old")).toBe(true); // nothing sent
  // Started over with a new journal, everything goes.
  const fresh = await runAgainst(sandbox, { input, journal: path.join(dir, "same-size.2.journal"), maxItems: 20 });
  expect(fresh.code).toBe(0);
  expect(firstNames(sandbox).get("c7")).toBe("alt-7");
});

test("a journal whose ranges claim more records than the input has is refused", async () => {
  const input = file("short.ndjson", items("new"));
  const journal = path.join(dir, "short.journal");
  expect((await runAgainst(sandbox, { input, journal, maxItems: 20 })).code).toBe(0);
  const size = readFileSync(input).length;
  const claim = (first: number, last: number, bytes: [number, number]) => `${JSON.stringify({ first, last, bytes, counts: { accepted: last - first + 1, rejected: 0, failed: 0 } })}\n`;
  const original = readFileSync(journal, "utf8");

  appendFileSync(journal, claim(N, 2 * N - 1, [size, size + 1000])); // records 300–599, past the end
  await expect(runAgainst(sandbox, { input, journal })).rejects.toThrow(/does not fit its input: records 300–599 \(bytes \d+–\d+\) lie past the \d+ bytes of the input it fingerprinted/);

  writeFileSync(journal, original + claim(N, 2 * N - 1, [0, size])); // records 300–599 in bytes the others take
  await expect(runAgainst(sandbox, { input, journal })).rejects.toThrow(/does not fit its input: records 300–599 .* do not follow on from records/);

  // Crafted to pass every check on the journal alone: 400 records in the input's bytes, fingerprint right.
  const header = { journal: "profilekit-import", version: 2, operation: "altcraft.updateProfilesBatch", input, inputFormat: "ndjson", inputBytes: size, params: paramsHash(JSON.parse(PARAMS)) };
  const sha256 = createHash("sha256").update(readFileSync(input)).digest("hex");
  writeFileSync(journal, [header, { read: [0, size], sha256 }].map((l) => `${JSON.stringify(l)}\n`).join("") + claim(0, 399, [0, size]));
  const r = await runAgainst(sandbox, { input, journal });
  expect(r.code).toBe(1);
  expect(r.out).toContain(`The input stopped at an error: --journal ${journal} does not match the input: it covers records up to 399, the input has ${N}`);
});

test("stdin piped again with other bytes: the resumed run stops at the first segment that differs", async () => {
  const journal = path.join(dir, "stdin.journal");
  const first = await interrupted({ input: "-", journal, stdin: Readable.from([Buffer.from(items("new"))]) }, 3);
  expect(first.code).toBe(1);
  expect(covered(journal)).toBeGreaterThan(0);
  expect(covered(journal)).toBeLessThan(N);
  const second = await runAgainst(sandbox, { input: "-", journal, stdin: Readable.from([Buffer.from(items("alt"))]) });
  expect(second.code).toBe(1);
  expect(second.out).toContain("The input is stdin: it is checked against the journal as it comes");
  expect(second.out).toMatch(/The input stopped at an error: --journal .* does not match the input: bytes 0–\d+ of the input are not those the journal was written for/);
  // The same bytes again: the resumed run finishes the import.
  const third = await runAgainst(sandbox, { input: "-", journal, stdin: Readable.from([Buffer.from(items("new"))]) });
  expect(third.code).toBe(0);
  expect(covered(journal)).toBe(N);
});
