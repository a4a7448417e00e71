import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAltcraftClient } from "../../generated/altcraft/index.js";
import { HttpError } from "../../src/runtime/errors/http-error.js";

// The client reads no answer larger than 16 MiB (the XML decoder's limit), JSON or XML, success or
// error: a larger Content-Length is refused before the body is read, a body without one is counted
// as it comes and the connection dropped once it passes the limit. Over loopback, against a server
// that would send 600 MB if it were let.

const LIMIT = 16 * 1024 * 1024;
const MB = 1024 * 1024;
const HUGE = 600 * MB;
const TOKEN = "answer-size-token";

/** What the server did with one answer: how many body bytes it wrote, and whether the client hung up before the end. */
interface Sent {
  written: number;
  closedEarly: boolean;
  done: Promise<void>;
}

type Answer = (req: IncomingMessage, res: ServerResponse, sent: Sent) => void;

let server: Server;
let baseUrl: string;
let answer: Answer;
let sent: Sent;

beforeAll(async () => {
  server = createServer((req, res) => {
    let finish!: () => void;
    sent = { written: 0, closedEarly: false, done: new Promise((resolve) => (finish = resolve)) };
    const mine = sent;
    res.on("close", () => {
      mine.closedEarly = !res.writableFinished;
      finish();
    });
    req.resume();
    req.on("end", () => answer(req, res, mine));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Writes `head`, then `fill` repeated lazily (only as the socket drains) up to `total` bytes, then `tail`; no Content-Length. */
function stream(status: number, type: string, head: string, fill: string, tail: string, total: number): Answer {
  return (_req, res, s) => {
    res.writeHead(status, { "content-type": type });
    const chunk = Buffer.from(fill.repeat(Math.ceil((64 * 1024) / fill.length)));
    const write = (data: Buffer | string): boolean => {
      s.written += Buffer.byteLength(data);
      return res.write(data);
    };
    write(head);
    const more = (): void => {
      while (!res.destroyed) {
        if (s.written + chunk.length + tail.length > total) {
          res.end(Buffer.concat([chunk.subarray(0, total - tail.length - s.written), Buffer.from(tail)]));
          s.written = total;
          return;
        }
        if (!write(chunk)) return void res.once("drain", more);
      }
    };
    more();
  };
}

/** The highest heap + array buffer use while `promise` runs, above where it started, sampled every 5 ms. */
async function peakMemory<T>(run: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; peak: number }> {
  const use = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const start = use();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, use())), 5);
  const [result] = await Promise.allSettled([run()]);
  clearInterval(timer);
  return { result, peak: Math.max(peak, use()) - start };
}

/** The HttpError the call was refused with. */
function refusedWith(result: PromiseSettledResult<unknown>): HttpError {
  if (result.status === "fulfilled") return expect.fail(`expected an HttpError, the call returned ${JSON.stringify(result.value)?.slice(0, 100)}`);
  expect(result.reason).toBeInstanceOf(HttpError);
  return result.reason as HttpError;
}

const profile = { db_id: 1, email: "a@example.com", data: {} };

describe("answers over the limit are refused while they are read", () => {
  test.each([
    ["XML", "xml", "application/xml", "<xml><error>0</error><error_text>", "a", "</error_text></xml>"],
    ["JSON", "json", "application/json", '{"error":0,"error_text":"', "a", '"}'],
  ] as const)("a 600 MB %s answer without Content-Length: refused after 16 MiB, the connection dropped, the memory bounded", async (_name, format, type, head, fill, tail) => {
    answer = stream(200, type, head, fill, tail, HUGE);
    const client = createAltcraftClient({ baseUrl, token: TOKEN, format });
    const { result, peak } = await peakMemory(() => client.updateProfile(profile));
    const e = refusedWith(result);
    expect(e.status).toBe(200);
    expect(e.message).toContain(`the answer is larger than the client's limit of ${LIMIT} bytes (more than ${LIMIT} bytes came); the rest was not read`);
    expect(e.message).toContain(`${baseUrl}/v1.1/profiles/update`);
    await sent.done;
    expect(sent.closedEarly).toBe(true);
    // What the server got out before the client hung up: the limit, and what the sockets buffered.
    expect(sent.written).toBeGreaterThan(LIMIT);
    expect(sent.written).toBeLessThan(64 * MB);
    // Before: the whole 600 MB was read (1.4 GB of memory) before the 16 MiB check.
    expect(peak).toBeLessThan(100 * MB);
  });

  test("an error answer (HTTP 500) is counted the same way", async () => {
    answer = stream(500, "application/json", '{"error":500,"error_text":"', "b", '"}', HUGE);
    const client = createAltcraftClient({ baseUrl, token: TOKEN });
    const e = refusedWith((await Promise.allSettled([client.updateProfile(profile)]))[0]!);
    expect(e.status).toBe(500);
    expect(e.message).toContain(`larger than the client's limit of ${LIMIT} bytes`);
    await sent.done;
    expect(sent.written).toBeLessThan(64 * MB);
  });

  test("a Content-Length over the limit is refused at once: the body is never read, the connection dropped", async () => {
    answer = (_req, res, s) => {
      res.writeHead(200, { "content-type": "application/xml", "content-length": String(HUGE) });
      res.write("<xml><error>0</error>");
      s.written += 21; // and then nothing: a client that waited for the body would wait forever
    };
    const client = createAltcraftClient({ baseUrl, token: TOKEN, format: "xml" });
    const e = refusedWith((await Promise.allSettled([client.updateProfile(profile)]))[0]!);
    expect(e.message).toContain(`the answer is larger than the client's limit of ${LIMIT} bytes (its Content-Length is ${HUGE})`);
    await sent.done;
    expect(sent.closedEarly).toBe(true);
    expect(sent.written).toBe(21);
  });

  test("the credential never shows in the refusal (here in the URL)", async () => {
    answer = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(HUGE) });
      res.write("{");
    };
    const client = createAltcraftClient({ baseUrl: `${baseUrl}/${TOKEN}`, token: TOKEN });
    const e = refusedWith((await Promise.allSettled([client.updateProfile(profile)]))[0]!);
    expect(e.message).toContain("/api/[redacted]/v1.1/profiles/update");
    expect(JSON.stringify({ message: e.message, url: e.url })).not.toContain(TOKEN);
    await sent.done;
  });
});

describe("answers within the limit are read as before", () => {
  const json = (size: number): Answer => {
    const head = '{"error":0,"error_text":"';
    const tail = '","profile_id":"p1"}';
    return stream(200, "application/json", head, "c", tail, size);
  };

  test("a JSON answer of exactly 16 MiB, without Content-Length, is read; one byte more is refused", async () => {
    const client = createAltcraftClient({ baseUrl, token: TOKEN });
    answer = json(LIMIT);
    const read = await client.updateProfile(profile);
    expect(read.profile_id).toBe("p1");
    expect(read.error_text).toHaveLength(LIMIT - '{"error":0,"error_text":"","profile_id":"p1"}'.length);
    answer = json(LIMIT + 1);
    const e = refusedWith((await Promise.allSettled([client.updateProfile(profile)]))[0]!);
    expect(e.message).toContain("more than 16777216 bytes came");
  });

  test("an XML answer with its Content-Length is read; an answer without a body (204) is what it was", async () => {
    const body = "<xml><error>0</error><error_text>fine</error_text><profile_id>p2</profile_id></xml>";
    answer = (_req, res) => res.writeHead(200, { "content-type": "application/xml", "content-length": String(body.length) }).end(body);
    expect(await createAltcraftClient({ baseUrl, token: TOKEN, format: "xml" }).updateProfile(profile)).toEqual({ error: 0, error_text: "fine", profile_id: "p2" });
    // No body, so no `error` field: the vendor-error check fails on it, as without the counted read.
    answer = (_req, res) => res.writeHead(204).end();
    const e = await createAltcraftClient({ baseUrl, token: TOKEN })
      .updateProfile(profile)
      .catch((e: unknown) => e);
    expect((e as Error).name).toBe("VendorError");
  });
});
