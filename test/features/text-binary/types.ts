// Type rules of the text-binary feature: text is a string both ways; binary goes up as a Blob, bytes or a stream and comes back as a Blob.
import { createTextBinaryClient, type DownloadFileResponse, type EchoNoteResponse, type UploadFileRequest } from "./expected/text-binary/index.js";
import { assertType, type Equal } from "../type-assert.js";

const client = createTextBinaryClient();

export const note: Promise<string> = client.echoNote("hello");
export const file: Promise<Blob> = client.downloadFile({ name: "a.bin" });
void client.uploadFile({ name: "a.bin" }, new Blob([new Uint8Array([1, 2])]));
void client.uploadFile({ name: "a.bin" }, new Uint8Array([1, 2]));
void client.uploadFile({ name: "a.bin" }, new ArrayBuffer(2));
void client.uploadFile({ name: "a.bin" }, new Blob(["x"]).stream());

// @ts-expect-error a text body is a string
void client.echoNote({ text: "hello" });
// @ts-expect-error a binary body is not a plain object
void client.uploadFile({ name: "a.bin" }, { bytes: [1, 2] });

assertType<Equal<EchoNoteResponse, string>>();
assertType<Equal<DownloadFileResponse, Blob>>();
assertType<Equal<UploadFileRequest, Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>>>();
