/**
 * The import journal: an append-only NDJSON file that lets an interrupted import (Ctrl-C, a crash,
 * `kill -9`) start again without losing or re-sending acknowledged items.
 *
 * ## Format
 *
 * Line 1 describes the run; a journal is only resumed by the same run:
 *
 *     {"journal":"profilekit-import","version":2,"operation":"altcraft.updateProfilesBatch",
 *      "input":"/abs/path/profiles.ndjson","inputFormat":"ndjson","inputBytes":123456,
 *      "params":"sha256:<hex of the canonical JSON of --params>"}
 *
 * (`input` is `-` and `inputBytes` absent for stdin.) The other lines are of two kinds. A segment
 * line fingerprints bytes of the input as read (fingerprint.ts); the segments run from byte 0
 * without a gap:
 *
 *     {"read":[0,65536],"sha256":"<hex of bytes 0 to 65535>"}
 *
 * An entry line covers a range of input indices (0-based record numbers: one per NDJSON line or CSV
 * row, bad ones included, blank lines not counted) whose outcomes are all known, the bytes those
 * records take (from the end of the record before, so blank lines and a CSV header belong to the
 * record after them), and their counts:
 *
 *     {"first":0,"last":999,"bytes":[0,123456],"counts":{"accepted":998,"rejected":2,"failed":0}}
 *
 * Lines are written, then flushed to disk (fdatasync), once per acknowledged chunk (plus the items
 * refused before sending: bad lines, invalid items), after their `--failed` lines; a segment line
 * for the bytes read since the last one comes before the entries, so every entry's bytes are
 * fingerprinted. Chunks complete out of order, so the ranges do too; a resumed run first checks the
 * input against the segments and the entries against the segments (journal-check.ts), then skips
 * exactly the union of the ranges and sends everything else. A line cut short by a crash (the file
 * does not end with a newline) is dropped on resume.
 */
import { createHash } from "node:crypto";
import { closeSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import type { Segment } from "./fingerprint.js";
import { Covered, journalFit } from "./journal-check.js";

export { RangeSet } from "./ranges.js";

export interface JournalHeader {
  journal: "profilekit-import";
  version: 2;
  operation: string;
  input: string;
  inputFormat: string;
  inputBytes?: number;
  params: string;
}

export interface Counts {
  accepted: number;
  rejected: number;
  failed: number;
}

export interface JournalEntry {
  first: number;
  last: number;
  /** The input bytes [start, end) the records first…last take. */
  bytes: readonly [number, number];
  counts: Counts;
}

/** The journal cannot be used: another run's, or not a journal. The message says what to do. */
export class JournalError extends Error {
  override name = "JournalError";
}

/** `sha256:<hex>` of `value` as JSON with its object keys sorted (so key order does not matter). */
export function paramsHash(value: unknown): string {
  return `sha256:${createHash("sha256").update(canonicalJson(value)).digest("hex")}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** What a journal file holds. `validBytes`: the length up to the last complete line. */
export interface JournalContents {
  header: JournalHeader;
  segments: Segment[];
  entries: JournalEntry[];
  validBytes: number;
}

/** Reads a journal; undefined when the file does not exist or is empty. Throws JournalError for a file that is not one. */
export function readJournal(file: string): JournalContents | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new JournalError(`cannot read --journal ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const complete = text.slice(0, text.lastIndexOf("\n") + 1); // a last line without "\n" was cut short
  if (complete === "") return undefined;
  const lines = complete.split("\n").slice(0, -1);
  const notJournal = (n: number, why: string) => new JournalError(`--journal ${file} line ${n} is not an import journal line (${why}); use another file, or delete it to start over`);
  const parse = (n: number): Record<string, unknown> | null => {
    try {
      const value = JSON.parse(lines[n - 1]!) as unknown;
      return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    } catch {
      throw notJournal(n, "not JSON");
    }
  };
  const header = parse(1) as Partial<JournalHeader> | null;
  if (header === null || header.journal !== "profilekit-import") throw notJournal(1, "no profilekit-import header");
  if (header.version !== 2) {
    const old = (header.version as unknown) === 1 ? ", written by an earlier profilekit that did not fingerprint the input" : "";
    throw new JournalError(`--journal ${file} is a version ${String(header.version)} journal${old}; this profilekit reads version 2. Delete it (or use another --journal) to start over.`);
  }
  const whole = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  const pair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && whole(v[0]) && whole(v[1]) && v[0] < v[1];
  const segments: Segment[] = [];
  const entries: JournalEntry[] = [];
  for (let n = 2; n <= lines.length; n++) {
    const line = parse(n);
    if (line !== null && "read" in line) {
      if (!pair(line.read) || typeof line.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(line.sha256)) throw notJournal(n, 'expected {read: [start, end], sha256: "<hex>"}');
      segments.push({ start: line.read[0], end: line.read[1], sha256: line.sha256 });
      continue;
    }
    const e = line as Partial<JournalEntry> | null;
    const c = e?.counts;
    if (!e || !whole(e.first) || !whole(e.last) || e.first > e.last || !pair(e.bytes) || !c || !whole(c.accepted) || !whole(c.rejected) || !whole(c.failed)) {
      throw notJournal(n, "expected {first, last, bytes: [start, end], counts: {accepted, rejected, failed}}");
    }
    entries.push({ first: e.first, last: e.last, bytes: [e.bytes[0], e.bytes[1]], counts: { accepted: c.accepted, rejected: c.rejected, failed: c.failed } });
  }
  return { header: header as JournalHeader, segments, entries, validBytes: Buffer.byteLength(complete) };
}

/** Why `found` is not the journal of the run `wanted`, or undefined when it is. */
export function headerMismatch(found: JournalHeader, wanted: JournalHeader): string | undefined {
  const input = (h: JournalHeader) => `${h.input} (${h.inputFormat}${h.inputBytes !== undefined ? `, ${h.inputBytes} bytes` : ""})`;
  if (found.operation !== wanted.operation) return `it is for ${found.operation}, this run is ${wanted.operation}`;
  if (found.input !== wanted.input || found.inputFormat !== wanted.inputFormat || found.inputBytes !== wanted.inputBytes) return `its input is ${input(found)}, this run's is ${input(wanted)}`;
  if (found.params !== wanted.params) return "it was written with other --params";
  return undefined;
}

/** An open journal: what earlier runs covered, and `append` for this one. */
export class Journal {
  private constructor(
    private fd: number | undefined,
    readonly file: string,
    /** Whether the file already held this run's journal. */
    readonly resumed: boolean,
    /** The input indices acknowledged by earlier runs, with the bytes their ranges take. */
    readonly covered: Covered,
    /** Their counts. */
    readonly previous: Counts,
    /** The input's fingerprint so far: what a resumed run checks before it skips anything. */
    readonly segments: readonly Segment[],
  ) {}

  /**
   * Opens `file` for the run `header`: creates it (header line flushed), or resumes it when it holds
   * the same run and its ranges fit its fingerprint (a line cut short at its end is dropped).
   * Throws JournalError for another run's journal. The input's content is checked by the caller
   * (fingerprint.ts), before anything is skipped.
   */
  static open(file: string, header: JournalHeader): Journal {
    const contents = readJournal(file);
    let covered: Covered | undefined;
    if (contents) {
      const why = headerMismatch(contents.header, header);
      if (why) throw new JournalError(`--journal ${file} belongs to another import: ${why}. Use another --journal file, or delete this one to start over.`);
      const fit = journalFit(contents.segments, contents.entries);
      if (typeof fit === "string") throw new JournalError(`--journal ${file} does not fit its input: ${fit}. Use another --journal file, or delete this one to start over.`);
      covered = fit;
    }
    let fd: number;
    try {
      fd = openSync(file, contents ? "r+" : "w");
    } catch (e) {
      throw new JournalError(`cannot write --journal ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (contents && covered) {
      ftruncateSync(fd, contents.validBytes);
      const previous: Counts = { accepted: 0, rejected: 0, failed: 0 };
      for (const e of contents.entries) for (const k of ["accepted", "rejected", "failed"] as const) previous[k] += e.counts[k];
      const journal = new Journal(fd, file, true, covered, previous, contents.segments);
      journal.position = contents.validBytes;
      return journal;
    }
    const journal = new Journal(fd, file, false, Covered.none(), { accepted: 0, rejected: 0, failed: 0 }, []);
    journal.write(`${JSON.stringify(header)}\n`);
    return journal;
  }

  private position = 0;

  /** Appends the segment (if any) and the entries, one line each, and flushes them to disk before returning. */
  append(entries: readonly JournalEntry[], segment?: Segment): void {
    const lines = entries.map((e) => `${JSON.stringify(e)}\n`);
    if (segment) lines.unshift(`${JSON.stringify({ read: [segment.start, segment.end], sha256: segment.sha256 })}\n`);
    if (lines.length > 0) this.write(lines.join(""));
  }

  private write(text: string): void {
    if (this.fd === undefined) throw new Error("the journal is closed");
    const bytes = Buffer.from(text);
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.position + done);
    this.position += bytes.length;
    fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
