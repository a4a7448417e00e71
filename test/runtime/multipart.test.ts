import { expect, test } from "vitest";
import { encodeMultipart } from "../../src/runtime/body.js";

test("multipart parts: files with a filename, JSON and text fields without one, hostile names escaped", async () => {
  const { payload, contentType } = encodeMultipart(
    {
      'a"b\r\nX-Injected: 1': "v",
      meta: { k: [1] },
      doc: new File(["%PDF"], 'q"\n.pdf', { type: "application/pdf" }),
      raw: new Uint8Array([1, 2]),
      skipped: undefined,
      n: 5,
    },
    { raw: { contentType: "image/png" } },
  );
  const boundary = /boundary=(profilekit-[0-9a-f]{24})$/.exec(contentType)![1]!;
  const text = new TextDecoder().decode(await payload.arrayBuffer());
  expect(text).toBe(
    [
      `--${boundary}\r\nContent-Disposition: form-data; name="a%22b%0D%0AX-Injected: 1"\r\n\r\nv\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n\r\n{"k":[1]}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="doc"; filename="q%22%0A.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="raw"; filename="blob"\r\nContent-Type: image/png\r\n\r\n\u0001\u0002\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="n"\r\n\r\n5\r\n`,
      `--${boundary}--\r\n`,
    ].join(""),
  );
  // A new boundary each time: no body can be written to close another's parts.
  expect(encodeMultipart({}, undefined).contentType).not.toBe(contentType);
});
