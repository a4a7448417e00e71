import { afterAll, expect, test } from "vitest";
import { createAltcraftClient } from "../../generated/altcraft/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";

// Issue-level proof of the batch engine: many profiles through injected faults, the report against the
// store item by item; and an abort whose not_sent items are exactly what the store lacks.
const COUNT = Number(process.env["BATCH_E2E_COUNT"] ?? 100_000);
const TOKEN = "e2e-batch-token-5c1d9e";
const open: Sandbox[] = [];
afterAll(() => Promise.all(open.map((s) => s.close())));

async function sandbox(faults?: string, seed?: number) {
  const profiles = Array.from({ length: COUNT }, (_, i) => ({ id: `p${i}`, fields: { Custom_ID: i, _fname: "before" } }));
  const s = await startSandbox({ data: { credentials: { altcraft: TOKEN }, altcraft: { databases: [{ db_id: 1, profiles }] } }, log: () => {}, ...(faults ? { faults, seed: seed ?? 1 } : {}) });
  open.push(s);
  return s;
}
const params = { db_id: 1, matching: "custom" as const, field_name: "Custom_ID" };
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ Custom_ID: i, _fname: `name-${i}`, visits: i % 7 }));

test(`${COUNT.toLocaleString("en-US")} profiles through 20% injected faults (500, 503, 429 + Retry-After, cut): the report counts every item and matches the store`, async () => {
  const s = await sandbox("500:0.05,503:0.05,429:0.05:0,cut:0.05", 7);
  const client = createAltcraftClient({ baseUrl: `${s.url}/altcraft/api`, token: TOKEN });
  const report = await client.updateProfilesBatch.all(params, items(COUNT), { concurrency: 4, maxItems: 2_000, retry: { attempts: 20, baseDelayMs: 1, maxDelayMs: 20 } });
  expect(report).toMatchObject({ itemsRead: COUNT, accepted: COUNT, rejected: 0, failed: 0, notSent: 0 });
  // One copy of the store, looked up by id (a search per profile would make the check quadratic).
  const byId = new Map(s.store.altcraftDatabase(1)!.profiles.map((p) => [p.id, p]));
  for (let i = 0; i < COUNT; i++) {
    const o = report.items[i]!;
    expect(o.index).toBe(i);
    expect(o.status === "accepted" && o.id).toBe(`p${i}`);
    const stored = byId.get(`p${i}`)!.fields;
    if (stored["_fname"] !== `name-${i}` || stored["visits"] !== i % 7) expect(stored).toMatchObject({ _fname: `name-${i}`, visits: i % 7 });
  }
}, 180_000); // client and sandbox share the process: ~20 s alone on 2 cores, far more under load

test("abort mid-way: not_sent items are exactly those the store lacks, accepted ones are all there", async () => {
  const n = Math.min(COUNT, 20_000);
  const s = await sandbox("delay:1:20", 3);
  const client = createAltcraftClient({ baseUrl: `${s.url}/altcraft/api`, token: TOKEN });
  const controller = new AbortController();
  const report = await client.updateProfilesBatch.all(params, items(n), {
    concurrency: 2,
    maxItems: 500,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.accepted >= n / 4) controller.abort();
    },
  });
  expect(report.notSent).toBeGreaterThan(0);
  expect(report.accepted + report.rejected + report.failed + report.notSent).toBe(report.itemsRead);
  const byId = new Map(s.store.altcraftDatabase(1)!.profiles.map((p) => [p.id, p]));
  for (const o of report.items) {
    const stored = byId.get(`p${o.index}`)!.fields["_fname"];
    expect(stored === `name-${o.index}` ? "in store" : "not in store").toBe(o.status === "accepted" ? "in store" : "not in store");
  }
  // Items never read are not in the report, and not in the store either.
  for (let i = report.itemsRead; i < n; i++) expect(byId.get(`p${i}`)!.fields["_fname"]).toBe("before");
});
