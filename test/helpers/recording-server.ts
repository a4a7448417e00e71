import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  contentType?: string;
  body?: string;
}

/** A real HTTP server on 127.0.0.1 that records each request and answers with the next queued answer. */
export async function startRecordingServer() {
  const received: Recorded[] = [];
  const answers: Answer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const a = answers.shift() ?? { status: 200, body: "{}" };
      res.writeHead(a.status ?? 200, { "content-type": a.contentType ?? "application/json" });
      res.end(a.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer(a: Answer) {
      answers.push(a);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
