import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { xmlShapes } from "../../generated/altcraft/xml.js";
import type { ItemOutcome } from "../../src/runtime/batch.js";
import { packChunks, type BatchFraming } from "../../src/runtime/batch-pack.js";
import { decodeXml } from "../../src/runtime/xml.js";
import { altcraftBatchTransport } from "../helpers/altcraft-batch.js";

// Packing, for random item sizes (multi-byte UTF-8, items near the limit), random limits and both formats.
const transport = altcraftBatchTransport("t-ü-😀", { db_id: 1, matching: "custom", field_name: "Custom_ID", skip_triggers: true });
const framings: Record<"json" | "xml", BatchFraming> = { json: transport.framing("json"), xml: transport.framing("xml") };

const text = fc.string({ unit: fc.oneof(fc.constantFrom("a", "b", " ", "&", "<"), fc.constantFrom("é", "Ж", "€", "😀")), maxLength: 300 });
const item = fc.record({ Custom_ID: fc.nat(), _fname: text, note: fc.string({ unit: "grapheme-ascii", maxLength: 2000 }) });
const bytes = (s: string) => Buffer.byteLength(s, "utf8");

async function pack(items: unknown[], format: "json" | "xml", maxItems: number, maxBytes: number) {
  const chunks: { indexes: number[]; body: string }[] = [];
  const refused: ItemOutcome[] = [];
  for await (const c of packChunks(items, framings[format], { maxItems, maxBytes }, undefined)) {
    if (c.kind === "refused") refused.push(c.outcome);
    else {
      chunks.push({ indexes: c.indexes, body: new TextDecoder("utf-8", { fatal: true }).decode(c.body) });
      // Released at once: the next chunk is written into the same buffer, and must not change this one's text.
      c.release();
    }
  }
  return { chunks, refused };
}

describe.each(["json", "xml"] as const)("%s", (format) => {
  test("every chunk within both limits; in order, chunks hold exactly the packable input; the rest is too large (1,000 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 200, max: 6000 }), async (items, maxItems, maxBytes) => {
        const { chunks, refused } = await pack(items, format, maxItems, maxBytes);
        for (const c of chunks) {
          expect(c.indexes.length).toBeLessThanOrEqual(maxItems);
          expect(bytes(c.body)).toBeLessThanOrEqual(maxBytes);
        }
        // Each item is in exactly one chunk, or refused as too large — never both, never neither, in input order.
        const placed = chunks.flatMap((c) => c.indexes);
        const tooLarge = refused.map((o) => (o.status === "rejected" && o.reason === "too_large" ? o.index : -1));
        expect(tooLarge).not.toContain(-1);
        expect([...placed, ...tooLarge].sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
        expect(placed).toEqual([...placed].sort((a, b) => a - b));
        // The bodies carry the items themselves, unchanged, with the envelope around them.
        for (const c of chunks) {
          type Body = { data: Record<string, unknown>[]; token: string };
          const body = (format === "json" ? JSON.parse(c.body) : decodeXml(c.body, xmlShapes["updateProfilesBatch"]!.request!)) as Body;
          expect(body.token).toBe("t-ü-😀");
          const sent = c.indexes.map((i) => items[i]!);
          if (format === "json") expect(body.data).toEqual(sent);
          // XML: a custom field's text comes back as a string (Custom_ID "77"), everything else as sent.
          else expect(body.data.map((d) => ({ ...d, Custom_ID: Number(d["Custom_ID"]) }))).toEqual(sent);
        }
        // A too-large item really is: alone in an envelope it would not fit.
        for (const o of refused) if (o.status === "rejected" && o.reason === "too_large") expect(o.bytes).toBeGreaterThan(maxBytes);
      }),
      { numRuns: 1000 },
    );
  });

  test("a chunk is as full as the limits allow: the next item would not have fitted", async () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ Custom_ID: i, _fname: "Ж".repeat(i * 7) }));
    const { chunks } = await pack(items, format, 8, 3000);
    const framing = framings[format];
    for (let k = 0; k + 1 < chunks.length; k++) {
      const c = chunks[k]!;
      if (c.indexes.length === 8) continue;
      const next = framing.serialize(items[chunks[k + 1]!.indexes[0]!], 0);
      expect(bytes(c.body) + bytes(next) + bytes(framing.separator)).toBeGreaterThan(3000);
    }
  });
});

test("a chunk's body stays as written until it is released; a released buffer is written again by a later chunk", async () => {
  const items = Array.from({ length: 40 }, (_, i) => ({ Custom_ID: i, _fname: "Ж".repeat(30 + i) }));
  const framing = framings.json;
  const held: { body: Uint8Array; copy: Buffer; release(): void }[] = [];
  const buffers = new Set<ArrayBufferLike>();
  let reused = false;
  for await (const c of packChunks(items, framing, { maxItems: 5, maxBytes: 100_000 }, undefined)) {
    if (c.kind !== "chunk") continue;
    if (buffers.has(c.body.buffer)) reused = true;
    buffers.add(c.body.buffer);
    held.push({ body: c.body, copy: Buffer.from(c.body), release: c.release });
    // Two bodies in flight at a time, as a concurrency of 2 would hold them: the older one was held
    // while this one was packed, and is unchanged; then it is released.
    if (held.length >= 2) {
      const older = held.at(-2)!;
      expect(Buffer.from(older.body).equals(older.copy)).toBe(true);
      older.release();
    }
  }
  expect(held.map((h) => (JSON.parse(h.copy.toString("utf8")) as { data: unknown[] }).data).flat()).toEqual(items);
  expect(reused).toBe(true);
  expect(buffers.size).toBeLessThan(held.length);
});
