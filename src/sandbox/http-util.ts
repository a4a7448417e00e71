import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** What a handler answers; the server writes it (or cuts it, for the `cut` fault). */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** The JSON error body of the sandbox's non-Altcraft errors (and of every HTTP 4xx/5xx it sends). */
export interface ErrorBody {
  /** A stable code: `unauthorized`, `invalid_request`, `not_found`, `unknown_tag`, `conflict`, … */
  error: string;
  /** What was wrong and what to do, in a sentence. */
  message: string;
  /** For `invalid_request`: every issue the generated validator found, each with a JSON Pointer into the body. */
  issues?: { path: string; keyword: string; message: string }[];
  [more: string]: unknown;
}

export function jsonAnswer(status: number, value: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(value) };
}

export function errorAnswer(status: number, error: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Answer {
  return jsonAnswer(status, { error, message, ...extra } satisfies ErrorBody, headers);
}

export type BodyResult = { kind: "ok"; bytes: Buffer } | { kind: "too-large"; limit: number; drained: boolean } | { kind: "aborted" };

/** How much of an oversized body is read and thrown away so that the client can read the 413. */
export const DRAIN_LIMIT = 128 * 1024 * 1024;

/**
 * Reads the request body up to `limit` bytes. A body announced (Content-Length) or found to be
 * larger is not kept: the rest is read and discarded up to DRAIN_LIMIT bytes in all, so that the
 * client finishes sending and reads the 413 that follows (`drained: true`); beyond that, reading
 * stops at once (`drained: false`, the caller closes the connection after answering).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let tooLarge = false;
    const settle = (r: BodyResult) => {
      if (!settled) resolve(r);
      settled = true;
    };
    const announced = Number(req.headers["content-length"]);
    if (Number.isFinite(announced) && announced > limit) {
      if (announced > DRAIN_LIMIT) return settle({ kind: "too-large", limit, drained: false });
      tooLarge = true;
    }
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (!tooLarge && size > limit) {
        tooLarge = true;
        chunks.length = 0;
      }
      if (tooLarge) {
        if (size > DRAIN_LIMIT) {
          req.pause();
          settle({ kind: "too-large", limit, drained: false });
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => settle(tooLarge ? { kind: "too-large", limit, drained: true } : { kind: "ok", bytes: Buffer.concat(chunks, size) }));
    req.on("error", () => settle({ kind: "aborted" }));
    req.on("close", () => {
      if (!req.complete) settle({ kind: "aborted" });
    });
  });
}

/** The media type of a Content-Type header, lower case, without parameters (`application/json`). */
export function mediaType(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const type = header.split(";")[0]!.trim().toLowerCase();
  return type === "" ? undefined : type;
}

export const isJsonType = (t: string | undefined): boolean => t === "application/json" || (t !== undefined && /^application\/[\w.+-]+\+json$/.test(t));
export const isXmlType = (t: string | undefined): boolean => t === "application/xml" || t === "text/xml" || (t !== undefined && /^application\/[\w.+-]+\+xml$/.test(t));

/**
 * Whether an Accept header prefers XML to JSON: the best quality given to an XML type is higher
 * than the best given to JSON (`*\/*` and `application/*` count for both). No header: JSON.
 */
export function prefersXml(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  let xml = 0;
  let json = 0;
  for (const part of accept.split(",")) {
    const [typeText, ...params] = part.split(";");
    const type = typeText!.trim().toLowerCase();
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (!Number.isFinite(q)) continue;
    if (isXmlType(type)) xml = Math.max(xml, q);
    else if (isJsonType(type)) json = Math.max(json, q);
    else if (type === "*/*" || type === "application/*") {
      xml = Math.max(xml, q);
      json = Math.max(json, q);
    }
  }
  return xml > json;
}

/** Compares a presented credential with the expected one in constant time (for its length). */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== "string" || expected === "") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Compares a presented token with the expected one in constant time, whatever their lengths (SHA-256 of each). */
export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== "string" || expected === "") return false;
  const digest = (t: string) => createHash("sha256").update(t).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The host of a Host header, lower case, without its port (an IPv6 address keeps its brackets:
 * `[::1]`); undefined for a header that is not `host[:port]`.
 */
export function hostOf(header: string | undefined): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._~!$&'()*+,;=%-]+)(?::[0-9]{1,5})?$/i.exec(header ?? "");
  return m ? m[1]!.toLowerCase() : undefined;
}

/** A host name or address as a Host header writes it: lower case, an IPv6 address in brackets. */
export function hostForm(host: string): string {
  const h = host.trim().toLowerCase();
  return h.includes(":") && !h.startsWith("[") ? `[${h}]` : h;
}

/** Every secret replaced in a text sent back or logged. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join("[redacted]");
  return out;
}

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Sets an own property, even one named `__proto__` (never the object's prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A copy of a JSON value (what a request body or a data file parsed to): plain objects and arrays
 * copied, everything else as it is. Several times quicker than structuredClone on the small values
 * of one profile, which the batch handler copies thousands of times per request.
 */
export function copyJson<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(value)) setOwn(copy, k, copyJson((value as Record<string, unknown>)[k]));
  return copy as T;
}
