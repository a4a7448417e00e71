/**
 * Where outcomes go: every item not accepted to the `--failed` file (NDJSON), and the ranges of
 * input indices whose outcomes are known to the journal. Outcomes are buffered and written by
 * `flush()`: the `--failed` lines first, flushed to disk, then the journal lines (after the
 * fingerprint of the input read so far), flushed too. So a crash at any point loses no failed line
 * of a journaled item (it may at worst write one twice), and a `--failed` line cut short by a crash
 * is dropped when a resumed run appends (its item was not journaled: it comes again).
 */
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import type { Segment } from "./fingerprint.js";
import type { Counts, Journal, JournalEntry } from "./journal.js";

export type FinalStatus = "accepted" | "rejected" | "failed";

/** One line of the `--failed` file. */
export interface FailedLine {
  index: number;
  line?: number;
  status: "rejected" | "failed";
  [detail: string]: unknown;
}

export class Recorder {
  /** This run's counts. */
  readonly counts: Counts = { accepted: 0, rejected: 0, failed: 0 };
  private known: Known[] = [];
  private failedLines: string[] = [];
  private failedFd: number | undefined;

  /**
   * `failedFile` is appended to when `append` (a resumed run), else truncated. `fingerprint` gives
   * the input's bytes read since it was last asked (fingerprint.ts), for the journal.
   */
  constructor(
    private readonly journal: Journal | undefined,
    failedFile: string | undefined,
    append: boolean,
    private readonly fingerprint: () => Segment | undefined = () => undefined,
  ) {
    if (failedFile !== undefined) {
      this.failedFd = openSync(failedFile, append ? "a+" : "w");
      if (append) dropCutLine(this.failedFd);
    }
  }

  /** An outcome; `bytes` are the record's [start, end) in the input. */
  add(index: number, status: FinalStatus, bytes: readonly [number, number], failed?: FailedLine): void {
    this.counts[status]++;
    if (this.journal) this.known.push({ index, status, bytes });
    if (failed && this.failedFd !== undefined) this.failedLines.push(`${JSON.stringify(failed)}\n`);
  }

  /** Outcomes added since the last flush. */
  get pending(): number {
    return Math.max(this.known.length, this.failedLines.length);
  }

  flush(): void {
    if (this.failedFd !== undefined && this.failedLines.length > 0) {
      writeAll(this.failedFd, this.failedLines.join(""));
      fdatasyncSync(this.failedFd);
    }
    this.failedLines = [];
    if (this.journal && this.known.length > 0) this.journal.append(ranges(this.known), this.fingerprint());
    this.known = [];
  }

  close(): void {
    if (this.failedFd !== undefined) closeSync(this.failedFd);
    this.failedFd = undefined;
  }
}

interface Known {
  index: number;
  status: FinalStatus;
  bytes: readonly [number, number];
}

/** Known outcomes as journal entries: one per run of consecutive indices (whose bytes follow on). */
export function ranges(known: readonly Known[]): JournalEntry[] {
  const sorted = [...known].sort((a, b) => a.index - b.index);
  const entries: { first: number; last: number; bytes: [number, number]; counts: Counts }[] = [];
  for (const { index, status, bytes } of sorted) {
    let current = entries.at(-1);
    if (!current || index !== current.last + 1 || bytes[0] !== current.bytes[1]) {
      current = { first: index, last: index, bytes: [bytes[0], bytes[1]], counts: { accepted: 0, rejected: 0, failed: 0 } };
      entries.push(current);
    }
    current.last = index;
    current.bytes[1] = bytes[1];
    current.counts[status]++;
  }
  return entries;
}

/** Drops a last line cut short by a crash (no "\n" at its end): what comes next starts on a line of its own. */
function dropCutLine(fd: number): void {
  const buffer = Buffer.alloc(4096);
  let end = fstatSync(fd).size;
  while (end > 0) {
    const start = Math.max(0, end - buffer.length);
    readSync(fd, buffer, 0, end - start, start);
    const nl = buffer.subarray(0, end - start).lastIndexOf(0x0a);
    if (nl !== -1) {
      end = start + nl + 1;
      break;
    }
    end = start;
  }
  if (end < fstatSync(fd).size) ftruncateSync(fd, end); // the fd appends ("a+"): writes go after it
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}
