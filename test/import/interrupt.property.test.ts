import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { readJournal } from "../../src/cli/import/journal.js";
import { PREFIXES, startSandbox } from "../../src/sandbox/index.js";
import { compileImportCli } from "./compiled-cli.js";
import { PARAMS, profilesData, ROOT, spawnImport, TOKEN } from "./run-import.js";

// The import loses nothing and corrupts nothing, whatever befalls it: the CLI runs as a child
// process against a sandbox that fails a fifth of its requests (500, 503, 429, cut answers, slow
// ones), and is stopped 1 to 3 times at random points — Ctrl-C (it lets the requests in flight
// finish), Ctrl-C twice (it quits at once) or kill -9 — then run to the end with the same journal.
// After that last run every record is applied, with the values of the input, or listed in
// --failed with its reason; the journal holds each record exactly once.
//
// `npm run test:soak` runs the same property at 100,000 records (vitest --mode soak).

const SOAK = process.env.MODE === "soak"; // vitest sets it from --mode
const N = SOAK ? 100_000 : 2_000;
const CHUNK = SOAK ? 1_000 : 50;
const RUNS = 6;
const SEED = Number(process.env.PROFILEKIT_PROPERTY_SEED ?? 20_261_201);
const FAULTS = "500:0.06,503:0.03,429:0.03:0,cut:0.05,delay:0.03:50";

const dir = mkdtempSync(path.join(tmpdir(), "profilekit-interrupt-"));
let cli: ReturnType<typeof compileImportCli>;
beforeAll(() => {
  cli = compileImportCli(ROOT); // test/import/import-cli.ts and what it imports, as JavaScript
});
afterAll(() => {
  cli.remove();
  rmSync(dir, { recursive: true, force: true });
});

// Records the server cannot take, for --failed to hold: unreadable ones, and unknown profiles.
const unreadable = (i: number) => i % 97 === 13;
const unknown = (i: number) => i % 89 === 7;
const name = (i: number) => `v-${i}-ü`; // a multi-byte character: byte offsets are not character offsets

function input(format: "ndjson" | "csv"): string {
  const id = (i: number) => (unknown(i) ? `nobody-${i}` : `c${i}`);
  const lines =
    format === "ndjson"
      ? Array.from({ length: N }, (_, i) => (unreadable(i) ? `{"Custom_ID": "c${i}", oops}` : JSON.stringify({ Custom_ID: id(i), _fname: name(i), rank: i })))
      : ["Custom_ID,_fname,rank:number", ...Array.from({ length: N }, (_, i) => `${id(i)},"${name(i)}",${unreadable(i) ? "x" : i}`)];
  const file = path.join(dir, `in-${Date.now()}-${Math.random().toString(36).slice(2)}.${format}`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** Batch requests the sandbox answered, and what to do at each. */
type Requests = { count: number; onRequest: (() => void) | undefined };

type Stop = { kind: "sigint" | "sigint-twice" | "kill"; afterRequests: number; delayMs: number };

/** Runs the import in a child process; stops it as `stop` says once the sandbox has answered that many batch requests. */
async function run(args: string[], requests: Requests, stop?: Stop): Promise<{ code: number | null; signal: string | null; out: string }> {
  const { child, exit } = spawnImport([cli.entry, ...args], TOKEN);
  const start = requests.count;
  requests.onRequest = () => {
    if (!stop || requests.count - start !== stop.afterRequests) return;
    setTimeout(() => {
      if (stop.kind === "kill") child.kill("SIGKILL");
      else {
        child.kill("SIGINT");
        if (stop.kind === "sigint-twice") setTimeout(() => child.kill("SIGINT"), 20);
      }
    }, stop.delayMs);
  };
  const guard = setTimeout(() => child.kill("SIGKILL"), SOAK ? 600_000 : 60_000);
  const result = await exit;
  clearTimeout(guard);
  requests.onRequest = undefined;
  return result;
}

const stopArb = fc.record({
  kind: fc.constantFrom("sigint" as const, "sigint-twice" as const, "kill" as const),
  afterRequests: fc.integer({ min: 1, max: Math.ceil(N / CHUNK) }),
  delayMs: fc.integer({ min: 0, max: 150 }),
});

test(
  `Ctrl-C, Ctrl-C twice and kill -9 at random points under 20% faults, then resumed: each of ${N.toLocaleString("en-US")} records applied or in --failed (${RUNS} runs)`,
  async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("ndjson" as const, "csv" as const), fc.array(stopArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 1_000_000 }), async (format, stops, seed) => {
        const requests: Requests = { count: 0, onRequest: undefined };
        const sandbox = await startSandbox({
          data: profilesData(N),
          faults: FAULTS,
          seed,
          log: (line) => {
            if (!line.includes("update_batch")) return;
            requests.count++;
            requests.onRequest?.();
          },
        });
        try {
          const file = input(format);
          const journal = `${file}.journal`;
          const failed = `${file}.failed.ndjson`;
          const args = [
            "altcraft.updateProfilesBatch",
            "--input",
            file,
            "--params",
            PARAMS,
            "--base-url",
            sandbox.url + PREFIXES.altcraft,
            "--journal",
            journal,
            "--failed",
            failed,
            "--max-items",
            String(CHUNK),
            "--concurrency",
            "4",
          ];
          const began = performance.now();
          for (const stop of stops) {
            const r = await run(args, requests, stop);
            if (r.signal === null && r.code !== 0 && r.code !== 1 && r.code !== 130) throw new Error(`an interrupted run ended with code ${r.code}:\n${r.out}`);
          }
          const last = await run(args, requests);
          console.log(
            `${format}, stops ${stops.map((s) => `${s.kind}@${s.afterRequests}+${s.delayMs}ms`).join(" ")}, seed ${seed}: ${requests.count} requests, ${((performance.now() - began) / 1000).toFixed(1)} s`,
          );
          expect(last.code, last.out).toBe(1); // the records the server cannot take are not accepted

          // Each record: applied with the input's values, or in --failed with its reason.
          const listed = new Map<number, Record<string, unknown>>();
          for (const line of readFileSync(failed, "utf8").split("\n").filter(Boolean)) {
            const entry = JSON.parse(line) as Record<string, unknown>; // every line whole, even after kill -9
            listed.set(entry.index as number, entry);
          }
          const stored = new Map(sandbox.store.altcraftDatabase(1)!.profiles.map((p) => [p.fields.Custom_ID as string, p.fields]));
          const lost: number[] = [];
          for (let i = 0; i < N; i++) {
            const fields = stored.get(`c${i}`);
            const applied = !unreadable(i) && !unknown(i) && fields?._fname === name(i) && fields.rank === i;
            const why = listed.get(i);
            // Failed only once its retries ran out, never because a stop came between them.
            if (why?.status === "failed") expect(why, `record ${i}`).toMatchObject({ attempts: 5 });
            else if (unreadable(i) || unknown(i)) expect(why, `record ${i}`).toMatchObject({ status: "rejected", reason: unreadable(i) ? "input" : "server" });
            else if (!applied && why?.status !== "rejected") lost.push(i);
            if (fields && !applied) expect(fields._fname, `record ${i} corrupted`).toBe("old");
          }
          expect(lost, `records neither applied nor in --failed (${format}, stops ${JSON.stringify(stops)}, seed ${seed})`).toEqual([]);

          // The journal holds each record once; with it, the runs add up to the input.
          const entries = readJournal(journal)!.entries;
          expect(entries.reduce((n, e) => n + e.last - e.first + 1, 0)).toBe(N);
          const totals = entries.reduce((t, e) => t + e.counts.accepted + e.counts.rejected + e.counts.failed, 0);
          expect(totals).toBe(N);
        } finally {
          await sandbox.close();
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  },
  SOAK ? 3_600_000 : 120_000,
);
