/**
 * Whether a journal's entries fit its fingerprint: a journal that claims records its input cannot
 * hold (past the bytes it fingerprinted, more records than bytes, ranges that overlap or do not
 * follow on from one another) is refused before anything is skipped. Every record takes at least
 * one byte, and consecutive records take consecutive bytes.
 */
import type { Segment } from "./fingerprint.js";
import type { JournalEntry } from "./journal.js";
import { RangeSet } from "./ranges.js";

/** The indices earlier runs covered, and the bytes where each covered range starts and ends. */
export class Covered {
  private constructor(
    private readonly set: RangeSet,
    private readonly starts: ReadonlyMap<number, number>,
    private readonly ends: ReadonlyMap<number, number>,
  ) {}

  static none(): Covered {
    return new Covered(new RangeSet([]), new Map(), new Map());
  }

  /** From entries already checked by journalFit: sorted by `first`, each range's bytes following on from the one before. */
  static of(sorted: readonly JournalEntry[]): Covered {
    const merged: { first: number; last: number; start: number; end: number }[] = [];
    for (const e of sorted) {
      const top = merged.at(-1);
      if (top && e.first === top.last + 1) {
        top.last = e.last;
        top.end = e.bytes[1];
      } else merged.push({ first: e.first, last: e.last, start: e.bytes[0], end: e.bytes[1] });
    }
    return new Covered(new RangeSet(merged.map((m) => [m.first, m.last] as const)), new Map(merged.map((m) => [m.first, m.start])), new Map(merged.map((m) => [m.last, m.end])));
  }

  get ranges(): readonly (readonly [number, number])[] {
    return this.set.ranges;
  }

  get size(): number {
    return this.set.size;
  }

  /** The highest index covered, -1 when none is. */
  get last(): number {
    return this.set.ranges.at(-1)?.[1] ?? -1;
  }

  has(index: number): boolean {
    return this.set.has(index);
  }

  /** Why record `index`, read at bytes [start, end), is not where the journal says a covered range starts or ends. */
  misplaced(index: number, start: number, end: number): string | undefined {
    const first = this.starts.get(index);
    const last = this.ends.get(index);
    if (first !== undefined && first !== start) return `record ${index} starts at byte ${start}, the journal says ${first}`;
    if (last !== undefined && last !== end) return `record ${index} ends at byte ${end}, the journal says ${last}`;
    return undefined;
  }
}

/** The covered ranges, or why the entries do not fit the segments. */
export function journalFit(segments: readonly Segment[], entries: readonly JournalEntry[]): Covered | string {
  let read = 0; // the segments run from byte 0 without a gap or an overlap
  for (const s of segments) {
    if (s.start !== read) return `its fingerprint jumps from byte ${read} to byte ${s.start}`;
    read = s.end;
  }
  const sorted = [...entries].sort((a, b) => a.first - b.first);
  let previous: JournalEntry | undefined;
  for (const e of sorted) {
    const [start, end] = e.bytes;
    const range = `records ${e.first}–${e.last} (bytes ${start}–${end})`;
    if (end > read) return `${range} lie past the ${read} bytes of the input it fingerprinted`;
    if (e.last - e.first + 1 > end - start) return `${range}: more records than bytes`;
    if (!previous) {
      if (start < e.first) return `${range}: more records before them than bytes`;
    } else {
      const between = e.first - previous.last - 1;
      const after = `records ${previous.first}–${previous.last} (bytes ${previous.bytes[0]}–${previous.bytes[1]})`;
      if (between < 0) return `${range} overlap ${after}`;
      if (between === 0 ? start !== previous.bytes[1] : start < previous.bytes[1] + between) return `${range} do not follow on from ${after}`;
    }
    previous = e;
  }
  return Covered.of(sorted);
}
