/**
 * NDJSON input: one JSON object per line (UTF-8; `\n` or `\r\n`; a leading BOM and blank lines are
 * ignored). A line that is not valid UTF-8 or JSON, or holds something other than an object, is a
 * bad record with its line number: it is reported, and reading goes on. So is a line over the
 * record limit (records.ts), measured as it streams but never held.
 */
import type { InputRecord, ReaderOptions } from "./input.js";
import { lineScanner, MAX_RECORD_BYTES, splitRecords } from "./records.js";

const decoder = new TextDecoder("utf-8", { fatal: true });
/** How much of a bad line the report keeps. */
const MAX_TEXT = 200;

export async function* readNdjson(stream: AsyncIterable<Buffer | string>, options: ReaderOptions = {}): AsyncGenerator<InputRecord> {
  const maxBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  for await (const raw of splitRecords(stream, lineScanner(), maxBytes)) {
    if (raw.bytes === undefined) {
      const text = `${raw.head!.toString("utf8").slice(0, MAX_TEXT)}…`;
      yield { ok: false, error: `the line is ${raw.size} bytes, more than the ${maxBytes} an item may take`, text, line: raw.line, end: raw.end, tooLarge: { bytes: raw.size, maxBytes } };
      continue;
    }
    const record = parseLine(raw.bytes, raw.line, raw.end);
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
