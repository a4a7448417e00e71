/**
 * What ties a journal to its input's content: SHA-256 digests of consecutive byte ranges of the
 * input ("segments"), taken as the bytes stream by. A path, a size and a date can all stay the same
 * while the content changes; a digest cannot. A resumed run checks the segments again before it
 * skips anything — the file from its start, read range by range, never held whole —, and while it
 * reads (the only check possible for stdin), and hashes only the bytes past them.
 */
import { createHash, type Hash } from "node:crypto";
import { open } from "node:fs/promises";

export interface Segment {
  start: number;
  end: number;
  sha256: string;
}

/** The input's bytes do not match a segment: the message names the bytes; the caller says what to do. */
export class FingerprintMismatch extends Error {
  override name = "FingerprintMismatch";
}

const differ = (s: { start: number; end: number }) => new FingerprintMismatch(`bytes ${s.start}–${s.end} of the input are not those the journal was written for`);

/** Where checked segments end: they run from byte 0 without a gap (journal.ts checks that). */
export const segmentsEnd = (segments: readonly Segment[]) => segments.at(-1)?.end ?? 0;

/**
 * Hashes an input as it streams through `tap`: bytes below the `expected` segments' end are
 * checked against them (a FingerprintMismatch stops the stream), the rest are hashed into new
 * segments that `cut()` hands out.
 */
export class Fingerprint {
  private position = 0;
  private readonly from: number;
  private next = 0; // the expected segment being checked
  private checking: Hash = createHash("sha256");
  private hash: Hash = createHash("sha256");
  private start: number;

  constructor(private readonly expected: readonly Segment[] = []) {
    this.from = segmentsEnd(expected);
    this.start = this.from;
  }

  async *tap(stream: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
    for await (const piece of stream) {
      const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
      this.take(chunk);
      yield chunk;
    }
    if (this.position < this.from) throw new FingerprintMismatch(`the input ends at byte ${this.position}, before byte ${this.from} the journal has read`);
  }

  private take(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && this.position < this.from) {
      const segment = this.expected[this.next]!;
      const piece = chunk.subarray(at, at + (segment.end - this.position));
      this.checking.update(piece);
      at += piece.length;
      this.position += piece.length;
      if (this.position === segment.end) {
        if (this.checking.digest("hex") !== segment.sha256) throw differ(segment);
        this.checking = createHash("sha256");
        this.next++;
      }
    }
    if (at < chunk.length) {
      this.hash.update(at === 0 ? chunk : chunk.subarray(at));
      this.position += chunk.length - at;
    }
  }

  /** The bytes hashed since the last cut, as a segment (undefined when there are none). */
  cut(): Segment | undefined {
    if (this.position <= this.start) return undefined;
    const segment = { start: this.start, end: this.position, sha256: this.hash.digest("hex") };
    this.hash = createHash("sha256");
    this.start = this.position;
    return segment;
  }
}

/** Checks a file against segments, reading each range once; throws FingerprintMismatch at the first that differs. */
export async function verifyFile(file: string, segments: readonly Segment[]): Promise<void> {
  const handle = await open(file, "r");
  try {
    const size = (await handle.stat()).size;
    if (size < segmentsEnd(segments)) throw new FingerprintMismatch(`the input is ${size} bytes, the journal has read ${segmentsEnd(segments)}`);
    const buffer = Buffer.alloc(1024 * 1024);
    for (const segment of segments) {
      const hash = createHash("sha256");
      for (let position = segment.start; position < segment.end;) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, segment.end - position), position);
        if (bytesRead === 0) throw differ(segment);
        hash.update(buffer.subarray(0, bytesRead));
        position += bytesRead;
      }
      if (hash.digest("hex") !== segment.sha256) throw differ(segment);
    }
  } finally {
    await handle.close();
  }
}
