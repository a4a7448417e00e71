/**
 * Where outcomes go: every item not accepted to the `--failed` file (NDJSON), and the ranges of
 * input indices whose outcomes are known to the journal. Outcomes are buffered and written by
 * `flush()`: the `--failed` lines first, flushed to disk, then the journal lines, flushed too. So a
 * crash at any point loses no failed line of a journaled item (it may at worst write one twice).
 */
import { closeSync, fdatasyncSync, openSync, writeSync } from "node:fs";
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
  private known: { index: number; status: FinalStatus }[] = [];
  private failedLines: string[] = [];
  private failedFd: number | undefined;

  /** `failedFile` is appended to when `append` (a resumed run), else truncated. */
  constructor(
    private readonly journal: Journal | undefined,
    failedFile: string | undefined,
    append: boolean,
  ) {
    if (failedFile !== undefined) this.failedFd = openSync(failedFile, append ? "a" : "w");
  }

  add(index: number, status: FinalStatus, failed?: FailedLine): void {
    this.counts[status]++;
    if (this.journal) this.known.push({ index, status });
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
    if (this.journal && this.known.length > 0) this.journal.append(ranges(this.known));
    this.known = [];
  }

  close(): void {
    if (this.failedFd !== undefined) closeSync(this.failedFd);
    this.failedFd = undefined;
  }
}

/** Known outcomes as journal entries: one per run of consecutive indices. */
export function ranges(known: readonly { index: number; status: FinalStatus }[]): JournalEntry[] {
  const sorted = [...known].sort((a, b) => a.index - b.index);
  const entries: JournalEntry[] = [];
  let current: JournalEntry | undefined;
  for (const { index, status } of sorted) {
    if (!current || index !== current.last + 1) {
      current = { first: index, last: index, counts: { accepted: 0, rejected: 0, failed: 0 } };
      entries.push(current);
    }
    current.last = index;
    current.counts[status]++;
  }
  return entries;
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}
