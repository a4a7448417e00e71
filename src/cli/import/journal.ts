/**
 * The import journal: an append-only NDJSON file that lets an interrupted import (Ctrl-C, a crash,
 * `kill -9`) start again without losing or re-sending acknowledged items.
 *
 * ## Format
 *
 * Line 1 describes the run; a journal is only resumed by the same run:
 *
 *     {"journal":"profilekit-import","version":1,"operation":"altcraft.updateProfilesBatch",
 *      "input":"/abs/path/profiles.ndjson","inputFormat":"ndjson","inputBytes":123456,
 *      "params":"sha256:<hex of the canonical JSON of --params>"}
 *
 * (`input` is `-` and `inputBytes` absent for stdin.) Every other line covers a range of input
 * indices (0-based record numbers: one per NDJSON line or CSV row, bad ones included, blank lines
 * not counted) whose outcomes are all known, with their counts:
 *
 *     {"first":0,"last":999,"counts":{"accepted":998,"rejected":2,"failed":0}}
 *
 * A line is written, then flushed to disk (fdatasync), once per acknowledged chunk (plus the items
 * refused before sending: bad lines, invalid items), after their `--failed` lines. Chunks complete
 * out of order, so the ranges do too; a resumed run skips exactly the union of the ranges and
 * sends everything else. A line cut short by a crash (the file does not end with a newline) is
 * dropped on resume.
 */
import { createHash } from "node:crypto";
import { closeSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";

export interface JournalHeader {
  journal: "profilekit-import";
  version: 1;
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

/** A set of whole numbers held as sorted, disjoint, non-adjacent ranges. */
export class RangeSet {
  readonly ranges: readonly (readonly [number, number])[];

  constructor(ranges: Iterable<readonly [number, number]>) {
    const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [first, last] of sorted) {
      const top = merged.at(-1);
      if (top && first <= top[1] + 1) top[1] = Math.max(top[1], last);
      else merged.push([first, last]);
    }
    this.ranges = merged;
  }

  get size(): number {
    return this.ranges.reduce((n, [first, last]) => n + last - first + 1, 0);
  }

  has(i: number): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [first, last] = this.ranges[mid]!;
      if (i < first) hi = mid - 1;
      else if (i > last) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

/** What a journal file holds. `validBytes`: the length up to the last complete line. */
export interface JournalContents {
  header: JournalHeader;
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
  const parse = (n: number): unknown => {
    try {
      return JSON.parse(lines[n - 1]!);
    } catch {
      throw notJournal(n, "not JSON");
    }
  };
  const header = parse(1) as Partial<JournalHeader> | null;
  if (header === null || typeof header !== "object" || header.journal !== "profilekit-import") throw notJournal(1, "no profilekit-import header");
  if (header.version !== 1) throw notJournal(1, `version ${String(header.version)}, this profilekit reads version 1`);
  const entries: JournalEntry[] = [];
  for (let n = 2; n <= lines.length; n++) {
    const e = parse(n) as Partial<JournalEntry> | null;
    const whole = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
    const c = e?.counts;
    if (!e || !whole(e.first) || !whole(e.last) || e.first > e.last || !c || !whole(c.accepted) || !whole(c.rejected) || !whole(c.failed)) {
      throw notJournal(n, "expected {first, last, counts: {accepted, rejected, failed}}");
    }
    entries.push({ first: e.first, last: e.last, counts: { accepted: c.accepted, rejected: c.rejected, failed: c.failed } });
  }
  return { header: header as JournalHeader, entries, validBytes: Buffer.byteLength(complete) };
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
    /** The input indices acknowledged by earlier runs. */
    readonly covered: RangeSet,
    /** Their counts. */
    readonly previous: Counts,
  ) {}

  /**
   * Opens `file` for the run `header`: creates it (header line flushed), or resumes it when it holds
   * the same run (a line cut short at its end is dropped). Throws JournalError for another run's journal.
   */
  static open(file: string, header: JournalHeader): Journal {
    const contents = readJournal(file);
    if (contents) {
      const why = headerMismatch(contents.header, header);
      if (why) throw new JournalError(`--journal ${file} belongs to another import: ${why}. Use another --journal file, or delete this one to start over.`);
    }
    let fd: number;
    try {
      fd = openSync(file, contents ? "r+" : "w");
    } catch (e) {
      throw new JournalError(`cannot write --journal ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (contents) {
      ftruncateSync(fd, contents.validBytes);
      const previous: Counts = { accepted: 0, rejected: 0, failed: 0 };
      for (const e of contents.entries) for (const k of ["accepted", "rejected", "failed"] as const) previous[k] += e.counts[k];
      const journal = new Journal(fd, file, true, new RangeSet(contents.entries.map((e) => [e.first, e.last] as const)), previous);
      journal.position = contents.validBytes;
      return journal;
    }
    const journal = new Journal(fd, file, false, new RangeSet([]), { accepted: 0, rejected: 0, failed: 0 });
    journal.write(`${JSON.stringify(header)}\n`);
    return journal;
  }

  private position = 0;

  /** Appends the entries (one line each) and flushes them to disk before returning. */
  append(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return;
    this.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(""));
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
