/**
 * NDJSON input: one JSON object per line (UTF-8; `\n` or `\r\n`; a leading BOM and blank lines are
 * ignored). A line that is not valid UTF-8 or JSON, or holds something other than an object, is a
 * bad record with its line number: it is reported, and reading goes on.
 */
import type { Readable } from "node:stream";
import type { InputRecord } from "./input.js";

const NEWLINE = 0x0a;
const decoder = new TextDecoder("utf-8", { fatal: true });
/** How much of a bad line the report keeps. */
const MAX_TEXT = 200;

export async function* readNdjson(stream: Readable): AsyncGenerator<InputRecord> {
  let rest: Buffer = Buffer.alloc(0);
  let offset = 0; // byte offset of `rest` in the input
  let line = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer); // a stream with an encoding set gives strings
    const buffer = rest.length === 0 ? bytes : Buffer.concat([rest, bytes]);
    let start = 0;
    for (let nl = buffer.indexOf(NEWLINE, start); nl !== -1; nl = buffer.indexOf(NEWLINE, start)) {
      line++;
      const record = parseLine(buffer.subarray(start, nl), line, offset + nl + 1);
      if (record) yield record;
      start = nl + 1;
    }
    rest = buffer.subarray(start);
    offset += start;
  }
  if (rest.length > 0) {
    const record = parseLine(rest, line + 1, offset + rest.length);
    if (record) yield record;
  }
}

/** One line (without its `\n`) as a record; undefined for a blank line. */
export function parseLine(bytes: Uint8Array, line: number, end: number): InputRecord | undefined {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, error: "not valid UTF-8", text: Buffer.from(bytes).toString("latin1").slice(0, MAX_TEXT), line, end };
  }
  if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}`, text: cut(text), line, end };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, error: `expected a JSON object, found ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`, text: cut(text), line, end };
  }
  return { ok: true, item: value as Record<string, unknown>, line, end };
}

const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text.replace(/\r$/, ""));
