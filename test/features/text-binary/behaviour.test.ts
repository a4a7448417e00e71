import { expect, test } from "vitest";
import { loopback } from "../loopback.js";
import { createTextBinaryClient, type TextBinaryClient } from "./expected/text-binary/index.js";

// Text and binary bodies on the wire: text/plain as its characters (UTF-8), octet-stream as its bytes;
// answers: text as a string, binary as a Blob.

const server = loopback();
const client = (): TextBinaryClient => createTextBinaryClient({ baseUrl: server.url });
const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);

const uploads: [string, Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>][] = [
  ["a Blob", new Blob([bytes])],
  ["a Uint8Array", bytes],
  ["an ArrayBuffer", bytes.slice().buffer],
  ["a ReadableStream", new Blob([bytes]).stream()],
];

test.each(uploads)("an octet-stream upload from %s is sent as its bytes", async (_, body) => {
  await expect(client().uploadFile({ name: "a b.bin" }, body)).resolves.toBeUndefined();
  const got = server.only();
  expect(got.method).toBe("PUT");
  expect(got.url).toBe("/files/a%20b.bin");
  expect(got.headers["content-type"]).toBe("application/octet-stream");
  expect([...got.body]).toEqual([...bytes]);
});

test("a text/plain body and answer", async () => {
  server.reply({ status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: "stored: héllo ✓" });
  await expect(client().echoNote("héllo ✓")).resolves.toBe("stored: héllo ✓");
  const got = server.only();
  expect(got.headers["content-type"]).toBe("text/plain");
  expect(got.headers["accept"]).toBe("text/plain");
  expect(got.body.toString("utf8")).toBe("héllo ✓");
});

test("an octet-stream answer is a Blob of its bytes", async () => {
  server.reply({ status: 200, headers: { "content-type": "application/octet-stream" }, body: bytes });
  const blob = await client().downloadFile({ name: "a.bin" });
  expect(blob).toBeInstanceOf(Blob);
  expect(blob.type).toBe("application/octet-stream");
  expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([...bytes]);
  expect(server.only().headers["accept"]).toBe("application/octet-stream");
});
