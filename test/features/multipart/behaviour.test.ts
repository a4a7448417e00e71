import { expect, test } from "vitest";
import { loopback, multipartParts } from "../loopback.js";
import { createMultipartClient } from "./expected/multipart/index.js";

// multipart/form-data on the wire: one part per field, the file with the encoding's Content-Type, the JSON
// part as application/json, one part per file of an array, a text field without a Content-Type.

const server = loopback();

test("each field is a part with its own headers", async () => {
  const client = createMultipartClient({ baseUrl: server.url });
  await client.uploadAvatar({
    file: new Blob(["PNG"]),
    meta: { caption: "me" },
    attachments: [new Blob(["one"], { type: "text/plain" }), new File(["two"], "two.txt", { type: "text/plain" })],
    note: "hello",
  });
  const got = server.only();
  expect(got.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  expect(multipartParts(got)).toEqual([
    { headers: { "content-disposition": 'form-data; name="file"; filename="blob"', "content-type": "image/png" }, body: "PNG" },
    { headers: { "content-disposition": 'form-data; name="meta"', "content-type": "application/json" }, body: '{"caption":"me"}' },
    { headers: { "content-disposition": 'form-data; name="attachments"; filename="blob"', "content-type": "text/plain" }, body: "one" },
    { headers: { "content-disposition": 'form-data; name="attachments"; filename="two.txt"', "content-type": "text/plain" }, body: "two" },
    { headers: { "content-disposition": 'form-data; name="note"' }, body: "hello" },
  ]);
});

// The runtime takes bytes for a file too, though the type says Blob.
test("a file given as bytes is a file part too", async () => {
  await createMultipartClient({ baseUrl: server.url }).uploadAvatar({ file: new Uint8Array([80, 78, 71]) as unknown as Blob });
  expect(multipartParts(server.only())).toEqual([{ headers: { "content-disposition": 'form-data; name="file"; filename="blob"', "content-type": "image/png" }, body: "PNG" }]);
});

// `as never`: the generated type of a $ref'd multipart schema says string for the file (see multipart/types.ts).
test("a $ref'd multipart schema: the Blob is sent as a file", async () => {
  await createMultipartClient({ baseUrl: server.url }).uploadDocument({ document: new Blob(["%PDF"], { type: "application/pdf" }) as never, title: "Contract" });
  expect(multipartParts(server.only())).toEqual([
    { headers: { "content-disposition": 'form-data; name="document"; filename="blob"', "content-type": "application/pdf" }, body: "%PDF" },
    { headers: { "content-disposition": 'form-data; name="title"' }, body: "Contract" },
  ]);
});
