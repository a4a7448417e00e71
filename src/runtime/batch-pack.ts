// Packing a batch: each item serialized once and its UTF-8 written at once into the body of the chunk
// being filled, so a chunk is bytes from the start — no item strings kept until the cut, no join, no
// string for fetch to convert again. Bodies are written into buffers that are reused once their
// chunk is answered: what is held stays bounded by (chunks in flight + 1) × maxBytes.
import type { ValidationIssue } from "./errors/validation-error.js";
import type { ItemOutcome } from "./batch.js";

/** How a batch is written: the body around the items, and each item on its own. */
export interface BatchFraming {
  prefix: string;
  separator: string;
  suffix: string;
  /** Text to insert into a chunk's first item at `at` (the XML array marker). */
  firstItemMark?: { at: number; text: string };
  serialize(item: unknown, index: number): string;
}

/** A chunk ready to send: its whole body, and the input position of each item in it, in order. */
export interface PackedChunk {
  kind: "chunk";
  body: Uint8Array;
  indexes: number[];
  /** Gives the body's buffer back for a later chunk: call once the body is no longer needed (answered, retries done). */
  release(): void;
}

export type Packing = PackedChunk | { kind: "refused"; outcome: ItemOutcome };

const encoder = new TextEncoder();

/** Node's Buffer where there is one (a global, not an import: the runtime stays fetch-only). Its `write` converts without a view per item. */
type NodeBuffer = { write(text: string, offset: number): number };
const NodeBuffer = (globalThis as { Buffer?: { from(buffer: ArrayBufferLike, offset: number, length: number): NodeBuffer } }).Buffer;

/**
 * The body of one chunk being written: the prefix, then items (separated; the first one marked),
 * then the suffix. `pos` only moves forward except to take back the item that did not fit.
 */
class ChunkWriter {
  private buf!: Uint8Array;
  private node: NodeBuffer | undefined;
  private pos = 0;
  count = 0;

  constructor(
    private readonly framing: Framing,
    buf: Uint8Array,
    /** Growth stops doubling here (the byte limit and room for one more item): a full buffer is not twice the limit. */
    private readonly cap: number,
  ) {
    this.use(buf);
    this.put(framing.prefix);
  }

  get bytes(): number {
    return this.pos + this.framing.suffix.length;
  }

  /** Where the last item written began (for {@link undo}). */
  from = 0;

  /** Writes an item; returns its own size in bytes (separator and mark not counted). */
  add(text: string, mark: { at: number; text: Uint8Array } | undefined): number {
    this.from = this.pos;
    // UTF-16 to UTF-8 is at most 3 bytes per code unit: room for the worst case, then one write.
    this.reserve(text.length * 3 + this.framing.separator.length + (mark ? mark.text.length : 0));
    if (this.count > 0) this.put(this.framing.separator);
    const start = this.pos;
    if (this.count === 0 && mark) {
      this.write(text.slice(0, mark.at));
      this.put(mark.text);
      this.write(text.slice(mark.at));
      this.count++;
      return this.pos - start - mark.text.length;
    }
    this.write(text);
    this.count++;
    return this.pos - start;
  }

  /** Writes text as UTF-8 at `pos` (room reserved): Node's own writer where there is one, else TextEncoder. */
  private write(text: string): void {
    if (this.node) this.pos += this.node.write(text, this.pos);
    else this.pos += encoder.encodeInto(text, this.buf.subarray(this.pos)).written;
  }

  /** Takes back the last item written (it did not fit, or it is refused). */
  undo(): void {
    this.pos = this.from;
    this.count--;
  }

  /** The finished body: a view of the buffer (valid until the buffer is released). */
  finish(): { body: Uint8Array; buffer: Uint8Array } {
    this.reserve(this.framing.suffix.length);
    this.put(this.framing.suffix);
    return { body: this.buf.subarray(0, this.pos), buffer: this.buf };
  }

  private put(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const size = Math.max(this.pos + n, Math.min(this.buf.length * 2, this.cap));
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.use(grown);
  }

  private use(buf: Uint8Array): void {
    this.buf = buf;
    this.node = NodeBuffer?.from(buf.buffer, buf.byteOffset, buf.byteLength);
  }
}

interface Framing {
  prefix: Uint8Array;
  separator: Uint8Array;
  suffix: Uint8Array;
}

/** Free body buffers: a released chunk's buffer is handed to the next chunk (bodies in flight are never written over). */
class BufferPool {
  private readonly free: Uint8Array[] = [];
  constructor(private readonly initial: number) {}
  take(): Uint8Array {
    return this.free.pop() ?? new Uint8Array(this.initial);
  }
  give(buf: Uint8Array): void {
    if (this.free.length < 8) this.free.push(buf);
  }
}

/**
 * Packs items into chunks that never exceed `maxItems` items or `maxBytes` bytes of the final body.
 * Each item is serialized once. Items refused before sending (invalid, too large alone) come out as
 * outcomes. Pulls its input only as its consumer asks for chunks: that is the back-pressure.
 */
export async function* packChunks(
  input: Iterable<unknown> | AsyncIterable<unknown>,
  framing: BatchFraming,
  limits: { maxItems: number; maxBytes: number },
  check: ((item: unknown) => ValidationIssue[] | undefined) | undefined,
  signal?: AbortSignal,
): AsyncGenerator<Packing, number> {
  const frame: Framing = { prefix: encoder.encode(framing.prefix), separator: encoder.encode(framing.separator), suffix: encoder.encode(framing.suffix) };
  const mark = framing.firstItemMark ? { at: framing.firstItemMark.at, text: encoder.encode(framing.firstItemMark.text) } : undefined;
  const base = frame.prefix.length + frame.suffix.length + (mark ? mark.text.length : 0);
  const sep = frame.separator.length;
  // Start small: most batches are smaller than the limit; a buffer doubles as it fills and is kept.
  const pool = new BufferPool(Math.min(limits.maxBytes + 1024, 1 << 20));
  const cap = limits.maxBytes + 65_536;
  // The next chunk's writer takes its buffer at its first item: while every request is in flight,
  // nothing is packed, and the buffer a finished request releases is the one taken.
  let writer: ChunkWriter | undefined;
  let indexes: number[] = [];
  const cut = (): PackedChunk => {
    const { body, buffer } = writer!.finish();
    let released = false;
    const chunk: PackedChunk = {
      kind: "chunk",
      body,
      indexes,
      release: () => {
        if (!released) pool.give(buffer);
        released = true;
      },
    };
    writer = undefined;
    indexes = [];
    return chunk;
  };
  let index = 0;
  // A plain iterable is read without a promise per item (for await would add one): only chunks wait.
  const sync = !(Symbol.asyncIterator in input);
  const iterator = sync ? (input as Iterable<unknown>)[Symbol.iterator]() : (input as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      if (signal?.aborted) break;
      const step = sync ? (iterator as Iterator<unknown>).next() : await (iterator as AsyncIterator<unknown>).next();
      if (step.done) {
        finished = true;
        break;
      }
      const item = step.value;
      const i = index++;
      const issues = check?.(item);
      if (issues && issues.length > 0) {
        yield { kind: "refused", outcome: { index: i, status: "rejected", reason: "validation", issues } };
        continue;
      }
      const text = framing.serialize(item, i);
      writer ??= new ChunkWriter(frame, pool.take(), cap);
      const first = writer.count === 0;
      const size = writer.add(text, mark);
      if (base + size > limits.maxBytes) {
        writer.undo();
        yield { kind: "refused", outcome: { index: i, status: "rejected", reason: "too_large", bytes: base + size, maxBytes: limits.maxBytes } };
        continue;
      }
      if (!first && (writer.count > limits.maxItems || writer.bytes > limits.maxBytes)) {
        // It does not fit: the chunk goes without it, and it opens the next one (written again, with the mark).
        writer.undo();
        yield cut();
        writer = new ChunkWriter(frame, pool.take(), cap);
        writer.add(text, mark);
      }
      indexes.push(i);
    }
    if (indexes.length > 0) yield cut();
  } finally {
    // Stopped before the end (an abort, a consumer that stopped): let the source close.
    if (!finished) await (iterator as AsyncIterator<unknown>).return?.();
  }
  return index;
}
