import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createAltcraftClient } from "../../generated/altcraft/index.js";
import type { BatchReport } from "../../src/runtime/batch.js";
import { parseRetryAfter, retryDelay } from "../../src/runtime/batch.js";
import { HttpError } from "../../src/runtime/errors.js";

// The chunked methods against a real loopback server that answers like the vendor, with scripted faults.
type Behaviour = "ok" | "500" | "503" | "429" | "cut" | "vendor401" | "400" | "short" | "slow";
let server: Server;
let url = "";
let script: Behaviour[] = [];
let store = new Map<number, string>();
let requests = 0;
let inFlight = 0;
let maxInFlight = 0;
const perItemError = new Set<number>(); // Custom_IDs the "vendor" refuses
/** What arrived on the wire per request: the framing headers and the body's bytes. */
let wire: { contentLength: string | undefined; transferEncoding: string | undefined; bytes: Buffer }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const pieces: Buffer[] = [];
    requests++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    req.on("data", (c: Buffer) => pieces.push(c));
    req.on("end", () => {
      const bytes = Buffer.concat(pieces);
      const body = bytes.toString("utf8");
      wire.push({ contentLength: req.headers["content-length"], transferEncoding: req.headers["transfer-encoding"], bytes });
      const behaviour = script.shift() ?? "ok";
      const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        inFlight--;
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      };
      if (behaviour === "cut") {
        inFlight--;
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"error":0,"res');
        res.socket?.destroy();
        return;
      }
      if (behaviour === "500" || behaviour === "503") return answer(Number(behaviour), { message: "try later" });
      if (behaviour === "429") return answer(429, { message: "slow down" }, { "retry-after": "0" });
      if (behaviour === "400") return answer(400, { message: "bad" });
      if (behaviour === "vendor401") return answer(200, { error: 401, error_text: "Token required" });
      const items = (JSON.parse(body) as { data: { Custom_ID: number; _fname?: string }[] }).data;
      const results = items.map((it) => {
        if (perItemError.has(it.Custom_ID)) return { error: 404, error_text: "Profile not found" };
        store.set(it.Custom_ID, it._fname ?? "");
        return { error: 0, error_text: "Successful operation", profile_id: `p${it.Custom_ID}` };
      });
      const send = () => answer(200, { error: 0, error_text: "Successful operation", result: behaviour === "short" ? results.slice(1) : results });
      if (behaviour === "slow") setTimeout(send, 30);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  store = new Map();
  requests = 0;
  maxInFlight = 0;
  perItemError.clear();
  wire = [];
});

const client = () => createAltcraftClient({ baseUrl: url, token: "secret-token" });
const params = { db_id: 1, matching: "custom" as const, field_name: "Custom_ID" };
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ Custom_ID: i, _fname: `name ${i}` }));
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
const statuses = (r: BatchReport) => r.items.map((o) => o.status);

function checkReport(r: BatchReport, n: number) {
  expect(r.items).toHaveLength(n);
  expect(r.items.map((o) => o.index)).toEqual(Array.from({ length: n }, (_, i) => i));
  expect(r.accepted + r.rejected + r.failed + r.notSent).toBe(r.itemsRead);
  expect(r.itemsRead).toBe(n);
}

describe("updateProfilesBatch.all", () => {
  test("packs by maxItems, accepts every item with its id, in input order", async () => {
    const r = await client().updateProfilesBatch.all(params, items(25), { maxItems: 10 });
    checkReport(r, 25);
    expect(r.accepted).toBe(25);
    expect(requests).toBe(3);
    expect(r.items[7]).toMatchObject({ status: "accepted", id: "p7" });
    expect(store.size).toBe(25);
  });

  test("retries 500, 503, 429 (Retry-After) and a cut answer, then reports every item accepted", async () => {
    script = ["500", "503", "429", "cut"];
    const r = await client().updateProfilesBatch.all(params, items(30), { maxItems: 10, concurrency: 1, ...fast });
    checkReport(r, 30);
    expect(r.accepted).toBe(30);
    expect(requests).toBe(3 + 4);
  });

  test("4xx and vendor errors are not retried: the chunk is rejected with the server's error", async () => {
    script = ["400", "vendor401"];
    const r = await client().updateProfilesBatch.all(params, items(20), { maxItems: 10, concurrency: 1, ...fast });
    checkReport(r, 20);
    expect(requests).toBe(2);
    expect(r.items[0]).toMatchObject({ status: "rejected", reason: "server", code: 400 });
    expect(r.items[15]).toMatchObject({ status: "rejected", reason: "server", code: 401, message: expect.stringContaining("Token required") });
    expect(JSON.stringify(r)).not.toContain("secret-token");
  });

  test("each chunk goes as its UTF-8 bytes with a Content-Length, never chunked; a retry sends the same bytes", async () => {
    script = ["503"];
    const names = ["Jérôme", "Профиль", "😀 emoji", "plain"];
    const input = Array.from({ length: 9 }, (_, i) => ({ Custom_ID: i, _fname: names[i % names.length]! }));
    const r = await client().updateProfilesBatch.all(params, input, { maxItems: 4, concurrency: 1, ...fast });
    expect(r.accepted).toBe(9);
    expect(wire).toHaveLength(4);
    for (const w of wire) {
      expect(w.transferEncoding).toBeUndefined();
      expect(w.contentLength).toBe(String(w.bytes.length));
    }
    // The refused first attempt and its retry carry the same body; the bodies hold the items as sent, in order.
    expect(wire[1]!.bytes.equals(wire[0]!.bytes)).toBe(true);
    const sent = wire.slice(1).flatMap((w) => (JSON.parse(w.bytes.toString("utf8")) as { data: unknown[] }).data);
    expect(sent).toEqual(input);
  });

  test("retries exhausted: failed, with the last error and the number of attempts", async () => {
    script = ["503", "503", "503"];
    const r = await client().updateProfilesBatch.all(params, items(5), { ...fast, retry: { attempts: 3, baseDelayMs: 1 } });
    checkReport(r, 5);
    expect(r.failed).toBe(5);
    expect(r.items[0]).toMatchObject({ status: "failed", attempts: 3, error: expect.stringContaining("HTTP 503") });
  });

  test("per-item errors are per-item rejections; a missing result is a failure, never a silent success", async () => {
    perItemError.add(3);
    const r = await client().updateProfilesBatch.all(params, items(6), {});
    expect(r.items[3]).toMatchObject({ status: "rejected", reason: "server", code: 404, message: "Profile not found" });
    expect(r.accepted).toBe(5);
    perItemError.clear();
    script = ["short"];
    const short = await client().updateProfilesBatch.all(params, items(4), {});
    expect(statuses(short)).toEqual(["failed", "failed", "failed", "failed"]);
    expect(short.items[0]).toMatchObject({ error: "the answer has 3 results for 4 items" });
  });

  test("invalid and too-large items are refused before sending, and the rest goes on", async () => {
    const input = [...items(3), { _fname: "no Custom_ID" }, { Custom_ID: 99, _fname: "x".repeat(5000) }, { Custom_ID: 4 }];
    const r = await client().updateProfilesBatch.all(params, input, { maxBytes: 2000 });
    checkReport(r, 6);
    expect(r.items[3]).toMatchObject({ status: "rejected", reason: "validation", issues: [expect.objectContaining({ keyword: "x-each-item-requires" })] });
    expect(r.items[4]).toMatchObject({ status: "rejected", reason: "too_large", maxBytes: 2000 });
    expect(r.accepted).toBe(4);
    expect([...store.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 4]);
  });

  test("never more than `concurrency` requests in flight, and a streamed input is read only as chunks can go", async () => {
    script = Array.from({ length: 40 }, () => "slow" as const);
    let pulled = 0;
    let maxAhead = 0;
    let answered = 0;
    async function* source() {
      for (let i = 0; i < 400; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - answered);
        yield { Custom_ID: i, _fname: `n${i}` };
      }
    }
    const r = await client().updateProfilesBatch.all(params, source(), {
      maxItems: 10,
      concurrency: 3,
      onProgress: (p) => (answered = p.accepted + p.rejected + p.failed),
    });
    checkReport(r, 400);
    expect(maxInFlight).toBeLessThanOrEqual(3);
    // In flight (3 chunks) + the one being packed, and one item read ahead of it.
    expect(maxAhead).toBeLessThanOrEqual((3 + 1) * 10 + 1);
  });

  test("abort: stops reading; what was never sent is not_sent, and exactly that is missing from the store", async () => {
    script = Array.from({ length: 100 }, () => "slow" as const);
    const controller = new AbortController();
    const r = await client().updateProfilesBatch.all(params, items(500), {
      maxItems: 10,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.accepted >= 50) controller.abort();
      },
    });
    expect(r.accepted + r.rejected + r.failed + r.notSent).toBe(r.itemsRead);
    expect(r.notSent).toBeGreaterThan(0);
    expect(r.itemsRead).toBeLessThan(500);
    for (const o of r.items) expect(store.has(o.index)).toBe(o.status === "accepted");
  });

  test("XML: the same chunks as XML bodies, one result per item", async () => {
    const xmlServer = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const n = (body.match(/<data[ >]/g) ?? []).length;
        res.writeHead(200, { "content-type": "application/xml" });
        res.end(`<xml><error>0</error><error_text>ok</error_text>${"<result><error>0</error><error_text>ok</error_text><profile_id>x</profile_id></result>".repeat(n)}</xml>`);
      });
    });
    await new Promise<void>((resolve) => xmlServer.listen(0, "127.0.0.1", resolve));
    const xmlUrl = `http://127.0.0.1:${(xmlServer.address() as AddressInfo).port}/api`;
    const c = createAltcraftClient({ baseUrl: xmlUrl, token: "t", format: "xml" });
    const r = await c.updateProfilesBatch.all(params, items(23), { maxItems: 10 });
    checkReport(r, 23);
    expect(r.accepted).toBe(23);
    await new Promise<void>((resolve) => xmlServer.close(() => resolve()));
  });
});

describe("retry timing", () => {
  test("full jitter below the exponential cap; Retry-After honoured up to the maximum", () => {
    const e503 = new HttpError("POST", "u", 503, undefined, "");
    expect(retryDelay(e503, 1, 100, 10_000, () => 0.5)).toBe(50);
    expect(retryDelay(e503, 4, 100, 10_000, () => 1)).toBe(800);
    expect(retryDelay(e503, 20, 100, 10_000, () => 1)).toBe(10_000);
    const e429 = new HttpError("POST", "u", 429, undefined, "", "3");
    expect(retryDelay(e429, 1, 100, 10_000, () => 0)).toBe(3000);
    expect(retryDelay(new HttpError("POST", "u", 429, undefined, "", "3600"), 1, 100, 10_000, () => 0)).toBe(10_000);
  });
  test("Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-23T10:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 10:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});

describe("streamBatch at its edges", () => {
  test("an abort leaves no item read without an outcome, and closes the input", async () => {
    script = Array.from({ length: 10 }, () => "slow" as const);
    const controller = new AbortController();
    let pulled = 0;
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; i < 100; i++) {
          pulled++;
          if (i === 2) controller.abort();
          yield { Custom_ID: i };
        }
      } finally {
        closed = true;
      }
    }
    const r = await client().updateProfilesBatch.all(params, source(), { maxItems: 2, concurrency: 1, signal: controller.signal });
    expect(r.itemsRead).toBe(pulled);
    expect(r.items.filter(Boolean)).toHaveLength(pulled);
    expect(closed).toBe(true);
  });

  test("a consumer that stops early closes the input too", async () => {
    let closed = false;
    function* source() {
      try {
        for (let i = 0; i < 100; i++) yield { Custom_ID: i };
      } finally {
        closed = true;
      }
    }
    for await (const chunk of client().updateProfilesBatch.stream(params, source(), { maxItems: 10 })) {
      expect(chunk.items.length).toBeGreaterThan(0);
      break;
    }
    expect(closed).toBe(true);
  });

  test("an input that breaks: the chunks already sent are still reported, then the error", async () => {
    async function* source() {
      for (let i = 0; i < 4; i++) yield { Custom_ID: i };
      throw new Error("EIO: the disk went away");
    }
    const seen: number[] = [];
    const run = async () => {
      for await (const chunk of client().updateProfilesBatch.stream(params, source(), { maxItems: 2, concurrency: 4 })) seen.push(...chunk.items.map((o) => o.index));
    };
    await expect(run()).rejects.toThrow("EIO");
    expect(seen.sort()).toEqual([0, 1]);
    expect([...store.keys()].sort()).toEqual([0, 1]);
  });
});
