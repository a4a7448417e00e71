/**
 * Bodies by media kind: the request body written as its media type says (JSON, XML, form,
 * multipart, text, binary), and an answer read back by its Content-Type (JSON parsed, XML decoded by
 * its shape, text as a string, anything else as a Blob).
 */
import type { ValidationIssue } from "./errors/validation-error.js";
import type { EncodingDescriptor, MediaDescriptor, ResponseDescriptor } from "./operation.js";
import { pointerOf } from "./pointer.js";
import { queryParts, scalarText } from "./params.js";
import { encodeXml } from "./xml.js";
import { essence, kindOf } from "./media-kind.js";

function matches(declared: string, actual: string): boolean {
  const d = essence(declared);
  if (d === actual || d === "*/*") return true;
  return d.endsWith("/*") && actual.startsWith(d.slice(0, -1));
}

/** The declared media an answer's Content-Type is: the same type, a wildcard that covers it, the first of its kind. */
export function mediaFor(media: readonly MediaDescriptor[] | undefined, contentType: string | null): MediaDescriptor | undefined {
  if (!media || media.length === 0) return undefined;
  if (!contentType) return media[0];
  const actual = essence(contentType);
  return (
    media.find((m) => essence(m.type) === actual) ??
    media.find((m) => m.kind === kindOf(actual) && matches(m.type, actual)) ??
    media.find((m) => matches(m.type, actual)) ??
    media.find((m) => m.kind === kindOf(actual))
  );
}

/** The answer declared for a status: exact, then its range (`2XX`), then `default`. */
export function responseFor(responses: Readonly<Record<string, ResponseDescriptor>>, status: number): ResponseDescriptor | undefined {
  const range = `${Math.floor(status / 100)}`;
  return responses[String(status)] ?? responses[`${range}XX`] ?? responses[`${range}xx`] ?? responses["default"];
}

/** What a request body is sent as: the payload fetch takes and its Content-Type. */
export interface EncodedBody {
  payload: string | Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array>;
  contentType?: string;
  /** The byte length of a streamed payload, sent as Content-Length (so a stream is not sent chunked). */
  length?: number;
}

/** Node's fetch (undici) sends a stream with the Content-Length it is given; browsers refuse the header and stream uploads over HTTP/1.1. */
const streamsWithLength = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";

/**
 * A batch chunk's bytes as a payload fetch sends without copying them: fetch copies a Uint8Array
 * (10 MB per request in flight, and as much garbage after), but reads a stream chunk by chunk. The
 * bytes are kept by the caller for a retry. In a browser, the bytes themselves.
 */
export function bytesPayload(bytes: Uint8Array, contentType: string): EncodedBody {
  if (!streamsWithLength) return { payload: bytes, contentType };
  const payload = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return { payload, contentType, length: bytes.byteLength };
}

/** Validates a body and throws ValidationError; `keep` filters the issues first. */
export type BodyCheck = (value: unknown, keep?: (issues: ValidationIssue[]) => ValidationIssue[]) => void;

function isBinary(value: unknown): value is Blob | ArrayBuffer | ArrayBufferView {
  return value instanceof Blob || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/** A Content-Type to send for a declared media type: a wildcard (`image/*`) is not one. */
function sendable(type: string, fallback: string): string {
  return type.includes("*") ? fallback : type;
}

/**
 * The body written for its media. `check` validates the value (JSON-like, and form and multipart
 * fields) and throws; text and binary bodies of the wrong type come back as issues.
 */
export function encodeBody(media: MediaDescriptor, value: unknown, check: BodyCheck): EncodedBody | ValidationIssue[] {
  switch (media.kind) {
    case "json":
      check(value);
      return { payload: JSON.stringify(value), contentType: sendable(media.type, "application/json") };
    case "xml":
      check(value);
      return { payload: encodeXml(value, media.xml!), contentType: sendable(media.type, "application/xml") };
    case "form":
      check(value);
      return { payload: encodeForm(value, media.encoding), contentType: "application/x-www-form-urlencoded" };
    case "multipart":
      check(filesAsText(value), (issues) => dropFileIssues(value, issues));
      return encodeMultipart(value, media.encoding);
    case "text":
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return [{ path: "", keyword: "type", message: `expected a string (the body is ${media.type})` }];
      return { payload: String(value), contentType: sendable(media.type, "text/plain") };
    case "binary": {
      const fallback = value instanceof Blob && value.type ? value.type : "application/octet-stream";
      if (isBinary(value) || value instanceof ReadableStream || typeof value === "string") return { payload: value, contentType: sendable(media.type, fallback) };
      return [{ path: "", keyword: "type", message: `expected a Blob, an ArrayBuffer, a Uint8Array or a ReadableStream (the body is ${media.type})` }];
    }
  }
}

/**
 * A multipart body as its validator sees it: each file (Blob, bytes) an empty string, as the spec
 * writes file fields (`type: string, format: binary`). Issues at a file's place are dropped by
 * {@link dropFileIssues}: the validator cannot judge bytes.
 */
export function filesAsText(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isBinary(v) ? "" : Array.isArray(v) ? v.map((x) => (isBinary(x) ? "" : x)) : v;
  return out;
}

/** The issues but those at a file of the multipart body (see {@link filesAsText}). */
export function dropFileIssues(value: unknown, issues: ValidationIssue[]): ValidationIssue[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return issues;
  const files: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (isBinary(v)) files.push(pointerOf([k]));
    else if (Array.isArray(v)) v.forEach((x, i) => isBinary(x) && files.push(pointerOf([k, i])));
  }
  return files.length === 0 ? issues : issues.filter((i) => !files.some((p) => i.path === p || i.path.startsWith(p + "/")));
}

/**
 * application/x-www-form-urlencoded: each property by its encoding (style `form`, explode true by
 * default: arrays repeat the name); objects without a style as JSON text (OpenAPI's default content
 * type for objects); spaces as `+`, as URLSearchParams writes them.
 */
export function encodeForm(value: unknown, encoding: Readonly<Record<string, EncodingDescriptor>> | undefined): string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "";
  const out = new URLSearchParams();
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const e = encoding?.[name];
    const isObject = v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);
    if (isObject && e?.style === undefined) {
      out.append(name, JSON.stringify(v));
      continue;
    }
    const style = e?.style ?? "form";
    // The parts as the query would write them, decoded back to pairs: URLSearchParams encodes them once.
    const parts = queryParts(v, { name, style, explode: e?.explode ?? style === "form", allowReserved: false });
    for (const part of parts) {
      const at = part.indexOf("=");
      out.append(decodeURIComponent(part.slice(0, at)), decodeURIComponent(part.slice(at + 1)));
    }
  }
  return out.toString();
}

/**
 * multipart/form-data, written here rather than by FormData: FormData can give a part a Content-Type
 * only by making it a file (`filename="blob"`), and servers then take a JSON field for an upload.
 * Blob and File values are files (a File keeps its name), bytes are files of the encoding's content
 * type; arrays are repeated parts; objects are JSON parts (or the encoding's content type) without a
 * filename; everything else is a text field. Files are not read: the body is a Blob of the parts.
 */
export function encodeMultipart(value: unknown, encoding: Readonly<Record<string, EncodingDescriptor>> | undefined): { payload: Blob; contentType: string } {
  const boundary = `profilekit-${[...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  const parts: BlobPart[] = [];
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [name, v] of Object.entries(value)) {
      const type = encoding?.[name]?.contentType?.split(",")[0]?.trim();
      for (const item of Array.isArray(v) && !(type && kindOf(type) === "json") ? v : [v]) {
        const part = partOf(item, type);
        if (!part) continue;
        const disposition = `form-data; name="${quoted(name)}"${part.filename !== undefined ? `; filename="${quoted(part.filename)}"` : ""}`;
        parts.push(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ""}\r\n`, part.content, "\r\n");
      }
    }
  }
  parts.push(`--${boundary}--\r\n`);
  return { payload: new Blob(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A part's name or filename in its header, as the HTML form encoding writes them: `"`, CR and LF percent-encoded. */
const quoted = (text: string): string => text.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

function partOf(value: unknown, type: string | undefined): { content: BlobPart; type?: string; filename?: string } | undefined {
  if (value === undefined) return undefined;
  const declared = type && !type.includes("*") ? type : undefined;
  if (value instanceof Blob) {
    const partType = value.type || declared || "application/octet-stream";
    return { content: value, type: partType, filename: value instanceof File ? value.name : "blob" };
  }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
    return { content: bytes, type: declared ?? "application/octet-stream", filename: "blob" };
  }
  const isObject = value !== null && typeof value === "object" && !(value instanceof Date);
  if (isObject || (type && kindOf(type) === "json")) return { content: JSON.stringify(value), type: declared ?? "application/json" };
  if (type && kindOf(type) !== "text") return { content: scalarText(value), type };
  return { content: scalarText(value) };
}

/** A decoder for the answer's charset (UTF-8 unless it names another one TextDecoder knows). */
export function textOf(bytes: Uint8Array, contentType: string | null): string {
  const charset = /;\s*charset="?([^";\s]+)"?/i.exec(contentType ?? "")?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}
