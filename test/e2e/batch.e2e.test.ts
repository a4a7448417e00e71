import { afterAll, describe, expect, test } from "vitest";
import type { UpdateProfilesBatchItem } from "../../generated/altcraft/index.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { altcraftClient, fixture } from "./helpers.js";

// The generated batch engine (updateProfilesBatch.all) against the sandbox: chunks within the
// spec's limits, one outcome per item in input order, retries through injected faults.
const open: Sandbox[] = [];
afterAll(() => Promise.all(open.map((s) => s.close())));
async function sandboxWith(o: SandboxOptions = {}) {
  const lines: string[] = [];
  const s = await startSandbox({ data: fixture(), log: (l) => lines.push(l), ...o });
  open.push(s);
  return { s, lines, batches: () => lines.filter((l) => l.startsWith("POST /altcraft/api/v1.1/profiles/update_batch ")) };
}
const params = { db_id: 1, matching: "custom", field_name: "Custom_ID" } as const;

describe("updateProfilesBatch.all against the sandbox", () => {
  test("20,005 items go as 3 requests of at most 10,000; every item has its outcome, in order", async () => {
    const { s, batches } = await sandboxWith();
    const known = new Map<number, readonly [number, string]>([
      [0, [77, "p-alpha"]],
      [9_999, [88, "p-beta"]],
      [10_000, [345, "p-gamma"]],
      [15_000, [77, "p-alpha"]],
      [20_004, [88, "p-beta"]],
    ]);
    const items: UpdateProfilesBatchItem[] = Array.from({ length: 20_005 }, (_, i) => ({ Custom_ID: known.get(i)?.[0] ?? 100_000 + i, _fname: `item-${i}` }));
    const report = await altcraftClient(`${s.url}/altcraft/api`).updateProfilesBatch.all(params, items);
    expect(batches()).toHaveLength(3);
    expect(batches().every((l) => / 200 /.test(l))).toBe(true);
    expect(report).toMatchObject({ itemsRead: 20_005, accepted: 5, rejected: 20_000, failed: 0, notSent: 0 });
    expect(report.items.map((o) => o.index)).toEqual(items.map((_, i) => i));
    for (const [index, [, id]] of known) expect(report.items[index]).toMatchObject({ status: "accepted", id });
    expect(report.items[1]).toEqual({ index: 1, status: "rejected", reason: "server", code: 404, message: 'Profile not found: matching "custom", Custom_ID = 100001' });
    // Chunks run 4 at a time, so which of beta's two items the server saw last is not fixed.
    expect(["item-9999", "item-20004"]).toContain(s.store.altcraftProfile(1, "p-beta")!.fields._fname);
  });

  test("XML chunks too", async () => {
    const { s, batches } = await sandboxWith();
    const report = await altcraftClient(`${s.url}/altcraft/api`).updateProfilesBatch.all(params, [{ Custom_ID: 77 }, { Custom_ID: 88 }, { Custom_ID: 345 }], { format: "xml", maxItems: 2 });
    expect(batches()).toHaveLength(2);
    expect(report.items.map((o) => (o.status === "accepted" ? o.id : o.status))).toEqual(["p-alpha", "p-beta", "p-gamma"]);
  });

  test("injected 503, 429 and cut answers are retried until every chunk is answered (deterministic: one request at a time)", async () => {
    const { s, batches } = await sandboxWith({ faults: "503:0.2,429:0.15:0,cut:0.15", seed: 11 });
    const items = Array.from({ length: 400 }, (_, i) => ({ Custom_ID: [77, 88, 345][i % 3]!, visits: i }));
    const report = await altcraftClient(`${s.url}/altcraft/api`).updateProfilesBatch.all(params, items, { maxItems: 20, concurrency: 1, retry: { attempts: 12, baseDelayMs: 1, maxDelayMs: 5 } });
    expect(report).toMatchObject({ itemsRead: 400, accepted: 400, rejected: 0, failed: 0 });
    const faulted = batches().filter((l) => l.includes("(fault: "));
    expect(batches().length).toBe(20 + faulted.length);
    expect(new Set(faulted.map((l) => /\(fault: (\w+)/.exec(l)![1]))).toEqual(new Set(["503", "429", "cut"]));
    expect(s.store.altcraftProfile(1, "p-alpha")!.fields.visits).toBe(399);
  });
});
