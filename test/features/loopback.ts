// A real HTTP server on 127.0.0.1 for the features' behaviour tests: it records each request as it came
// (method, request target, headers, raw body bytes) and answers with the next queued reply.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";

export interface Got {
  method: string;
  /** The request target as sent: path and query, percent-encoding untouched. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** A JSON answer. */
export const json = (value: unknown, status = 200, type = "application/json"): Reply => ({ status, headers: { "content-type": type }, body: JSON.stringify(value) });

/** Starts a server for the calling test file (closed after it); the log and the queue are emptied before each test. */
export function loopback() {
  let server: Server | undefined;
  let origin = "";
  const got: Got[] = [];
  const replies: Reply[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        got.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
        const r = replies.shift() ?? { status: 204 };
        res.writeHead(r.status ?? 200, r.headers ?? {});
        res.end(r.body ?? "");
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));
  beforeEach(() => {
    got.length = 0;
    replies.length = 0;
  });
  return {
    /** The server's origin, `http://127.0.0.1:<port>` (known once the file's tests run). */
    get url(): string {
      return origin;
    },
    got,
    reply(...r: Reply[]): void {
      replies.push(...r);
    },
    /** The one request of the test. */
    only(): Got {
      if (got.length !== 1) throw new Error(`expected one request, the server got ${got.length}`);
      return got[0]!;
    },
  };
}

export interface Part {
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** The parts of a multipart body, by the boundary of its Content-Type. */
export function multipartParts(got: Got): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/.exec(got.headers["content-type"] ?? "");
  if (!boundary) throw new Error(`not a multipart request: ${got.headers["content-type"]}`);
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  const text = got.body.toString("latin1");
  return text
    .split(delimiter)
    .slice(1, -1)
    .map((raw) => {
      const part = raw.replace(/^\r\n/, "").replace(/\r\n$/, "");
      const end = part.indexOf("\r\n\r\n");
      const headers: Record<string, string> = {};
      for (const line of part.slice(0, end).split("\r\n")) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      return { headers, body: Buffer.from(part.slice(end + 4), "latin1").toString("utf8") };
    });
}
