/**
 * Splits an input's bytes into records (NDJSON lines, CSV rows) in time linear in the input: a
 * record's pieces are kept as they come and joined once, at its end. A record over `maxBytes` is
 * not kept at all: past the limit only its first bytes (for the report) and its size are, and
 * the bytes stream on to its end, so a hostile 1 GB line costs what reading 1 GB costs.
 */

/** Default record limit: above what any batch of the bundled APIs takes per request (Altcraft: 10 MB), so only items that could never be sent are refused. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

const NEWLINE = 0x0a;
const HEAD = 256;

/** Finds where records end: the index of the `\n` that ends the current record, or -1. */
export interface Scanner {
  scan(chunk: Buffer, from: number): number;
  /** Line breaks inside the current record so far (CSV quoted cells); reset when it ends. */
  inner: number;
  /** At the end of the input (throws for a record that cannot end there). */
  finish(): void;
}

/** NDJSON: every `\n` ends a record. */
export const lineScanner = (): Scanner => ({ scan: (chunk, from) => chunk.indexOf(NEWLINE, from), inner: 0, finish: () => {} });

export interface RawRecord {
  /** The record without its `\n`; undefined when it was over the limit (then `head` holds its first bytes). */
  bytes: Buffer | undefined;
  head: Buffer | undefined;
  /** Its size without the `\n`. */
  size: number;
  /** The 1-based line it starts on. */
  line: number;
  /** Byte offsets: its first byte, and just after its `\n` (or the end of the input). */
  start: number;
  end: number;
}

/** A problem that stops reading at a record (a CSV syntax error), with the line it starts on. */
export class RecordSyntaxError extends Error {
  override name = "RecordSyntaxError";
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export async function* splitRecords(stream: AsyncIterable<Buffer | string>, scanner: Scanner, maxBytes: number): AsyncGenerator<RawRecord> {
  let parts: Buffer[] = [];
  let size = 0;
  let head: Buffer | undefined; // set once the record is over the limit: from then on nothing else is kept
  let offset = 0; // of the current chunk
  let start = 0;
  let line = 1;
  const add = (piece: Buffer) => {
    size += piece.length;
    if (head !== undefined || piece.length === 0) return;
    parts.push(piece);
    if (size > maxBytes) {
      head = firstBytes(parts, HEAD); // a copy: the chunks can go
      parts = [];
    }
  };
  const take = (end: number): RawRecord => {
    const bytes = head !== undefined ? undefined : parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    const record: RawRecord = { bytes, head, size, line, start, end };
    line += 1 + scanner.inner;
    scanner.inner = 0;
    parts = [];
    size = 0;
    head = undefined;
    start = end;
    return record;
  };
  const scan = (chunk: Buffer, from: number) => {
    try {
      return scanner.scan(chunk, from);
    } catch (e) {
      throw e instanceof Error && !(e instanceof RecordSyntaxError) ? new RecordSyntaxError(e.message, line) : e;
    }
  };
  for await (const piece of stream) {
    const chunk = typeof piece === "string" ? Buffer.from(piece) : piece; // a stream with an encoding set gives strings
    let from = 0;
    while (from < chunk.length) {
      const nl = scan(chunk, from);
      add(chunk.subarray(from, nl === -1 ? chunk.length : nl));
      if (nl === -1) break;
      yield take(offset + nl + 1);
      from = nl + 1;
    }
    offset += chunk.length;
  }
  try {
    scanner.finish();
  } catch (e) {
    throw new RecordSyntaxError((e as Error).message, line);
  }
  if (size > 0) yield take(offset);
}

/** A copy of the first `n` bytes of `parts`. */
function firstBytes(parts: readonly Buffer[], n: number): Buffer {
  const kept: Buffer[] = [];
  let length = 0;
  for (const p of parts) {
    if (length >= n) break;
    const piece = p.subarray(0, n - length);
    kept.push(piece);
    length += piece.length;
  }
  return Buffer.concat(kept, length);
}
