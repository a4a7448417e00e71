/** Reading an answer's body, counted: what keeps a hostile or broken server from filling memory. */
import { HttpError } from "./errors/http-error.js";
import { redact } from "./redact.js";
import { XML_DECODE_LIMITS } from "./xml-shape.js";

/** The largest answer read, JSON or XML, in bytes: the XML decoder's own limit (16 MiB). */
export const MAX_ANSWER_BYTES = XML_DECODE_LIMITS.maxBytes;

/**
 * The answer's body read into memory, counted: a Content-Length over MAX_ANSWER_BYTES, or more bytes
 * than that arriving, cancels the body and throws HttpError before anything is parsed. `null` for an
 * answer without a body. A stream reader and bytes only: it runs wherever fetch does.
 */
export async function readAnswerBytes(request: Request, response: Response, secrets: readonly string[]): Promise<Uint8Array<ArrayBuffer> | null> {
  if (response.body === null) return null;
  const tooLarge = (what: string): HttpError => {
    const text = `the answer is larger than the client's limit of ${MAX_ANSWER_BYTES} bytes (${what}); the rest was not read`;
    return new HttpError(request.method, redact(response.url || request.url, secrets), response.status, undefined, text, response.headers.get("retry-after") ?? undefined, { secrets });
  };
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_ANSWER_BYTES) {
    response.body.cancel().catch(() => undefined);
    throw tooLarge(`its Content-Length is ${declared}`);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      reader.cancel().catch(() => undefined);
      throw tooLarge(`more than ${MAX_ANSWER_BYTES} bytes came`);
    }
    chunks.push(chunk.value);
  }
  // fetch's chunks sit on plain ArrayBuffers: one chunk is the body as it is.
  if (chunks.length === 1 && chunks[0]!.buffer instanceof ArrayBuffer) return chunks[0] as Uint8Array<ArrayBuffer>;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The answer with its body read by {@link readAnswerBytes}: a Response over the counted bytes, with the
 * same status, headers and URL, for openapi-fetch to parse.
 */
export async function readAnswer(request: Request, answer: Promise<Response>, secrets: readonly string[]): Promise<Response> {
  const response = await answer;
  const bytes = await readAnswerBytes(request, response, secrets);
  if (bytes === null) return response;
  const read = new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  // A Response built here has no URL; the answer's (after redirects) is the one errors name.
  Object.defineProperty(read, "url", { value: response.url });
  return read;
}
