import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, test, vi } from "vitest";
import { readCsv } from "../../src/cli/import/csv.js";
import type { InputRecord } from "../../src/cli/import/input.js";
import { readNdjson } from "../../src/cli/import/ndjson.js";
import { startSandbox } from "../../src/sandbox/index.js";
import { failedLines, firstNames, ndjson, profilesData, runAgainst, writeIn } from "./run-import.js";

// Hostile input costs bounded time and memory: reading is linear in the length of a line (or CSV
// row), and a line over the limit is rejected as it streams, without ever being held whole.

const CHUNK = 64 * 1024;
const MiB = 1024 * 1024;

/** `head`, then `size` bytes of `fill` in fresh 64 KiB chunks, then `tail`: as a file stream would come. */
function lazy(head: string, size: number, fill: number, tail: string, onChunk: () => void = () => {}): Readable {
  return Readable.from(
    (function* () {
      yield Buffer.from(head);
      for (let left = size; left > 0; left -= CHUNK) {
        onChunk();
        yield Buffer.alloc(Math.min(CHUNK, left), fill); // fresh each time: one held is memory that shows
      }
      yield Buffer.from(tail);
    })(),
  );
}

async function all(records: AsyncIterable<InputRecord>): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

// A real collection before each reading of the heap: garbage is no memory held.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const memory = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** The fastest of three runs (after one to warm up), in ms. */
async function time(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm-up
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    gc();
    const t = performance.now();
    await run();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const ndjsonLine = (size: number) => lazy('{"Custom_ID":"c1","_fname":"', size, 0x61, '"}\n{"Custom_ID":"c2"}\n');
const csvRow = (size: number) => lazy('Custom_ID,_fname\nc1,"', size, 0x61, '"\nc2,x\n');

describe("time is linear in line length", () => {
  // Timed against a peer measured alongside, which suffers the same caches and page faults: the
  // same bytes read in one piece, decoded (and parsed). Linear reading takes about its peer's time;
  // quadratic reading (each piece copied with all the ones before it) some 15 times it at 32 MiB.
  const SIZE = 32 * MiB;

  /** Reading all of `stream` in one piece, decoded, then parsed as JSON when `json`. */
  async function peer(stream: Readable, json: boolean): Promise<void> {
    const parts: Buffer[] = [];
    for await (const c of stream) parts.push(c as Buffer);
    const text = Buffer.concat(parts).toString();
    if (json) JSON.parse(text.slice(0, text.indexOf("\n")));
  }

  test("NDJSON: a 32 MiB line reads in about the time of one copy of it", async () => {
    const read = () => all(readNdjson(ndjsonLine(SIZE), { maxRecordBytes: 64 * MiB }));
    expect((await read()).map((r) => r.ok)).toEqual([true, true]);
    const reader = await time(read);
    const copy = await time(() => peer(ndjsonLine(SIZE), true));
    console.log(`NDJSON 32 MiB line: ${reader.toFixed(0)} ms, its peer ${copy.toFixed(0)} ms`);
    expect(reader / copy).toBeLessThan(3);
  }, 120_000);

  test("CSV: a 32 MiB cell reads in about the time of one copy of it", async () => {
    const read = () => all(readCsv(csvRow(SIZE), { maxRecordBytes: 64 * MiB }));
    expect((await read()).map((r) => r.ok)).toEqual([true, true]);
    const reader = await time(read);
    const copy = await time(() => peer(csvRow(SIZE), false));
    console.log(`CSV 32 MiB cell: ${reader.toFixed(0)} ms, its peer ${copy.toFixed(0)} ms`);
    expect(reader / copy).toBeLessThan(3);
  }, 120_000);
});

describe("bytes copied are linear in line length", () => {
  /** The bytes Buffer.concat produced while reading: every copy of a line's pieces goes through it. */
  async function copied(read: () => Promise<unknown>): Promise<number> {
    const concat = vi.spyOn(Buffer, "concat");
    try {
      await read();
      return concat.mock.results.reduce((n, r) => n + (r.value as Buffer).length, 0);
    } finally {
      concat.mockRestore();
    }
  }

  test("a 16 MiB line or CSV cell is copied about once, not once per 64 KiB piece", async () => {
    const line = await copied(() => all(readNdjson(ndjsonLine(16 * MiB), { maxRecordBytes: 64 * MiB })));
    const cell = await copied(() => all(readCsv(csvRow(16 * MiB), { maxRecordBytes: 64 * MiB })));
    console.log(`bytes copied: NDJSON ${(line / MiB).toFixed(1)} MiB, CSV ${(cell / MiB).toFixed(1)} MiB for 16 MiB`);
    expect(line).toBeLessThan(2 * 16 * MiB);
    expect(cell).toBeLessThan(2 * 16 * MiB);
  }, 120_000);
});

describe("a line over the limit is rejected as it streams; reading goes on", () => {
  /** Reads with a 1 MiB limit, sampling memory as the 32 MiB line streams; returns the records and the growth. */
  async function over(make: (size: number, onChunk: () => void) => Readable, read: typeof readNdjson) {
    const before = memory();
    let peak = before;
    let chunks = 0;
    const sample = () => {
      if (++chunks % 32 === 0) peak = Math.max(peak, memory()); // every 2 MiB
    };
    const records = await all(read(make(32 * MiB, sample), { maxRecordBytes: MiB }));
    return { records, growth: peak - before };
  }

  test("NDJSON: the line is a too-large record with its line number and size; the next line is read", async () => {
    const { records, growth } = await over((size, onChunk) => lazy('{"Custom_ID":"c1","_fname":"', size, 0x61, '"}\n{"Custom_ID":"c2"}\n', onChunk), readNdjson);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ ok: false, line: 1, tooLarge: { bytes: 32 * MiB + 30, maxBytes: MiB }, end: 32 * MiB + 31 });
    expect((records[0] as { text: string }).text.length).toBeLessThanOrEqual(201);
    expect(records[1]).toMatchObject({ ok: true, line: 2, item: { Custom_ID: "c2" } });
    console.log(`NDJSON 32 MiB line over a 1 MiB limit: memory grew ${(growth / MiB).toFixed(1)} MiB`);
    expect(growth).toBeLessThan(12 * MiB); // the limit and a few chunks, never the line
  }, 60_000);

  test("CSV: the row is a too-large record with its line number; the rows after it are read", async () => {
    const { records, growth } = await over((size, onChunk) => lazy('Custom_ID,_fname\nc1,"', size, 0x61, '\n"\nc2,x\n', onChunk), readCsv);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ ok: false, line: 2, tooLarge: { maxBytes: MiB } });
    expect(records[1]).toMatchObject({ ok: true, line: 4, item: { Custom_ID: "c2", _fname: "x" } }); // the cell held a newline
    console.log(`CSV 32 MiB cell over a 1 MiB limit: memory grew ${(growth / MiB).toFixed(1)} MiB`);
    expect(growth).toBeLessThan(12 * MiB);
  }, 60_000);
});

test("through the import: the line over the limit is in --failed as too_large with its line and size; the others are stored", async () => {
  const sandbox = await startSandbox({ data: profilesData(3) });
  const dir = mkdtempSync(path.join(tmpdir(), "profilekit-limits-"));
  try {
    const big = JSON.stringify({ Custom_ID: "c1", _fname: "x".repeat(100_000) });
    const input = writeIn(dir)("in.ndjson", ndjson([{ Custom_ID: "c0", _fname: "a" }, big, { Custom_ID: "c2", _fname: "b" }]));
    const failed = path.join(dir, "failed.ndjson");
    const r = await runAgainst(sandbox, { input, failed, maxRecordBytes: 50_000 });
    expect(r.code).toBe(1);
    expect(r.out).toContain("3 items read; 2 accepted, 1 rejected, 0 failed");
    expect(failedLines(failed)).toEqual([
      { index: 1, line: 2, status: "rejected", reason: "too_large", bytes: big.length, maxBytes: 50_000, text: expect.stringMatching(/^\{"Custom_ID":"c1","_fname":"x+…$/) },
    ]);
    expect(Object.fromEntries(firstNames(sandbox))).toEqual({ c0: "a", c1: "old", c2: "b" });
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
