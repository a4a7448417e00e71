import { accessSync, constants, createReadStream, statSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { readCsv } from "./csv.js";
import { readNdjson } from "./ndjson.js";

/**
 * One record of the input: an item to send, or a record that could not be read as one (a bad
 * NDJSON line, a CSV row that breaks the column convention). Either way it takes one input index.
 */
export type InputRecord =
  { ok: true; item: Record<string, unknown>; line: number; end: number } | { ok: false; error: string; text: string; line: number; end: number; tooLarge?: { bytes: number; maxBytes: number } };
// `line`: the 1-based line the record starts on (for a CSV syntax error: where it was found).
// `end`: the byte offset just after the record (progress, and the journal's byte ranges).
// `tooLarge`: the record is over the reader's limit; its size, and the limit.

export interface ReaderOptions {
  /** Bytes a record (line, CSV row) may take; over it, it is refused without being held. Default MAX_RECORD_BYTES. */
  maxRecordBytes?: number;
}

/** A problem with the input as a whole (unreadable file, bad CSV header): the import stops reading. */
export class InputError extends Error {
  override name = "InputError";
}

export type InputFormat = "ndjson" | "csv";

export interface InputSource {
  /** The path as given (`-` for stdin) and, for a file, its absolute path. */
  name: string;
  absolute: string | undefined;
  format: InputFormat;
  /** The size in bytes, when the input is a regular file (for ETA). */
  size: number | undefined;
  /** Reads the records; `through` sees the raw bytes on their way to the reader (the journal's fingerprint). */
  open(through?: (bytes: AsyncIterable<Buffer | string>) => AsyncIterable<Buffer | string>): AsyncGenerator<InputRecord>;
}

/** The input format: `--input-format` when given, else by extension (.csv → CSV, anything else NDJSON). */
export function inputFormat(input: string, given: string | undefined): InputFormat {
  if (given !== undefined) {
    if (given !== "ndjson" && given !== "csv") throw new InputError(`--input-format expects ndjson or csv, found ${JSON.stringify(given)}`);
    return given;
  }
  return input !== "-" && path.extname(input).toLowerCase() === ".csv" ? "csv" : "ndjson";
}

/** Resolves `--input`; a file that cannot be read is an InputError now, not halfway. */
export function inputSource(input: string, format: InputFormat, stdin: Readable, options: ReaderOptions = {}): InputSource {
  const read = (stream: Readable, through = (s: AsyncIterable<Buffer | string>) => s) => (format === "csv" ? readCsv(through(stream), options) : readNdjson(through(stream), options));
  if (input === "-") return { name: "-", absolute: undefined, format, size: undefined, open: (through) => read(stdin, through) };
  const absolute = path.resolve(input);
  let size: number | undefined;
  try {
    const stat = statSync(absolute);
    if (stat.isDirectory()) throw new InputError(`--input ${input} is a directory`);
    size = stat.isFile() ? stat.size : undefined;
    accessSync(absolute, constants.R_OK); // known readable before --failed is opened (and emptied)
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read --input ${input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { name: input, absolute, format, size, open: (through) => read(createReadStream(absolute), through) };
}
