import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createAltcraftClient, type UpdateProfilesBatchItem } from "../generated/altcraft/index.js";
import { chunkBody, packChunks } from "../src/runtime/batch.js";
import { altcraftBatchTransport } from "../test/helpers/altcraft-batch.js";
import { fmt, printTable } from "./compare.js";

/** A synthetic profile of about 300 B – 2 KB of JSON, some of it multi-byte. */
export function syntheticProfile(i: number): Record<string, unknown> {
  const words = 1 + ((i * 7919) % 40);
  return {
    Custom_ID: i,
    _fname: i % 5 === 0 ? "Jérôme" : "Olly",
    _lname: "Lambert",
    email: `user${i}@example.com`,
    phones: ["+79000000000"],
    _bdate: "1990-02-22",
    note: "Профиль клиента ".repeat(words).slice(0, 40 * words),
    subscriptions: [{ channel: "email", email: `user${i}@example.com`, resource_id: 1 + (i % 3), status: "subscribed" }],
  };
}

export const batchTransport = () => altcraftBatchTransport("bench-token-123", { db_id: 1, matching: "custom", field_name: "Custom_ID" });

/** Packing only (serialize each item once, count bytes, cut chunks, build each body) against the floor. */
async function packing(count: number, format: "json" | "xml") {
  const framing = batchTransport().framing(format);
  const items = Array.from({ length: count }, (_, i) => syntheticProfile(i));
  // The floor: serializing every item once, nothing else.
  const floorStart = performance.now();
  let floorBytes = 0;
  if (format === "json") for (const item of items) floorBytes += JSON.stringify(item).length;
  else for (let i = 0; i < items.length; i++) floorBytes += framing.serialize(items[i], i).length;
  const floor = performance.now() - floorStart;
  const start = performance.now();
  let bodies = 0;
  let bytes = 0;
  for await (const c of packChunks(items, framing, { maxItems: 10_000, maxBytes: 10_485_760 }, undefined)) {
    if (c.kind !== "chunk") continue;
    bytes += chunkBody(framing, c.items).length;
    bodies++;
  }
  const ours = performance.now() - start;
  return { floor, ours, bodies, mb: bytes / 1e6, floorMb: floorBytes / 1e6 };
}

/** Peak RSS of a fresh process streaming `count` profiles through streamBatch into a sink, concurrency 4. */
function peakRss(count: number, heapMb?: number): number {
  const flags = heapMb ? [`--max-old-space-size=${heapMb}`] : [];
  const run = spawnSync(process.execPath, [...flags, "--import", "tsx", "bench/batch-rss.ts", String(count)], { encoding: "utf8", env: process.env });
  if (run.status !== 0) throw new Error(`bench/batch-rss.ts failed: ${run.stderr}`);
  return Number(/maxRss=(\d+)/.exec(run.stdout)![1]);
}

/**
 * Throughput of updateProfilesBatch.all into the sandbox running in its own process (as a server is),
 * over loopback: `count` profiles at concurrency 4 against concurrency 1.
 */
async function throughput(count: number): Promise<string[][]> {
  const dir = mkdtempSync(path.join(tmpdir(), "profilekit-bench-"));
  const token = "bench-altcraft-token";
  const profiles = Array.from({ length: count }, (_, i) => ({ id: `p${i}`, fields: { Custom_ID: i } }));
  writeFileSync(path.join(dir, "data.json"), JSON.stringify({ credentials: { altcraft: token }, altcraft: { databases: [{ db_id: 1, profiles }] } }));
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/profilekit.ts", "sandbox", "--port", "0", "--data", path.join(dir, "data.json")], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`the sandbox exited with ${code}`)));
    });
    const client = createAltcraftClient({ baseUrl: `${url}/altcraft/api`, token });
    const params = { db_id: 1, matching: "custom" as const, field_name: "Custom_ID" };
    const rows: string[][] = [];
    const rates: number[] = [];
    for (const concurrency of [1, 4]) {
      const items = Array.from({ length: count }, (_, i) => syntheticProfile(i) as UpdateProfilesBatchItem);
      const start = performance.now();
      const report = await client.updateProfilesBatch.all(params, items, { concurrency, maxItems: 2_000 });
      const seconds = (performance.now() - start) / 1000;
      if (report.accepted !== count) throw new Error(`accepted ${report.accepted} of ${count}`);
      rates.push(count / seconds);
      rows.push([
        `${fmt(count)} profiles, concurrency ${concurrency}, 2,000 per request`,
        `${seconds.toFixed(2)} s`,
        `${fmt(count / seconds)} /s`,
        concurrency === 1 ? "1.00×" : `${(rates[1]! / rates[0]!).toFixed(2)}×`,
      ]);
    }
    return rows;
  } finally {
    child.kill();
  }
}

export async function benchBatch(): Promise<void> {
  const count = Number(process.env["BENCH_BATCH_ITEMS"] ?? 1_000_000);
  const rows: string[][] = [];
  for (const format of ["json", "xml"] as const) {
    const r = await packing(count, format);
    const floorName = format === "json" ? "JSON.stringify of each item" : "encoding each item to XML";
    rows.push([
      `pack ${fmt(count)} profiles, ${format} (${r.mb.toFixed(0)} MB, ${r.bodies} bodies)`,
      floorName,
      `${(r.floor / 1000).toFixed(2)} s`,
      `${(r.ours / 1000).toFixed(2)} s`,
      `${(r.ours / r.floor).toFixed(2)}×`,
    ]);
  }
  printTable("Batch packing: profilekit's packer against the floor of serializing each item once, same process (time × = ours / floor)", ["run", "floor", "floor time", "profilekit", "time ×"], rows);
  // Two runs: V8's own heap sizing (it lets garbage pile up while memory is free), and a heap capped at
  // 100 MB, which the run only survives if what it holds live stays bounded. Both include ~75 MB of
  // Node + tsx start-up (an empty script under tsx peaks at about that).
  const rows2 = [undefined, 100].map((heap) => {
    const rss = peakRss(count, heap);
    return [`${fmt(count)} streamed profiles, JSON, validated, ${heap ? `heap capped at ${heap} MB` : "default heap"}`, `${(rss / 1024).toFixed(0)} MB`, `≤ ${4 * 10 + 150} MB`];
  });
  const loop = await throughput(Math.min(count, 100_000));
  printTable("Batch throughput into the sandbox (its own process) over loopback: concurrency 4 against 1", ["run", "time", "throughput", "ratio"], loop);
  printTable("Batch memory: peak RSS of a fresh process streaming profiles through the batch engine into a sink (concurrency 4, 10 MB chunks)", ["run", "peak RSS", "target"], rows2);
}
