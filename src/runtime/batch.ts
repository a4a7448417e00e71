import { ConfigError } from "./errors/config-error.js";
import { HttpError } from "./errors/http-error.js";
import { NetworkError } from "./errors/network-error.js";
import { ProfilekitError } from "./errors/profilekit-error.js";
import { ValidationError, type ValidationIssue } from "./errors/validation-error.js";
import { XmlDecodeError } from "./errors/xml-decode-error.js";
import { pointerOf, valueAt as at } from "./pointer.js";
import { packChunks, type BatchFraming, type Packing } from "./batch-pack.js";
import { redactor, type Redactor } from "./redact.js";

export type { BatchFraming } from "./batch-pack.js";

/**
 * What a spec's `x-batch` says of an operation (JSON Pointers as token lists): an operation's
 * `BatchDescriptor` is one, and the runtime adds the vendor error's `code`, `success` and `message`.
 */
export interface BatchSpec {
  /** Where the items are in the request body: path tokens (`["data"]`), or a top-level property's name. */
  items: string | readonly string[];
  maxItems: number;
  maxBytes: number;
  /**
   * The array of per-item results in the answer, one per item, in order. Absent: the API answers per
   * chunk, and every item of a 2xx chunk is accepted with the chunk's number and `chunkId`.
   */
  results?: readonly string[];
  /** The item's id in its result (Altcraft: profile_id). */
  id?: readonly string[];
  /** Where an answer that covers the whole chunk names it (a job id): reported in each accepted item's `chunk.id`. */
  chunkId?: readonly string[];
  /** In a result: the code, its success value and the message (from x-vendor-error). */
  code?: readonly string[];
  success?: unknown;
  message?: readonly string[];
}

export interface BatchOptions {
  /** Requests in flight at most. Default 4. */
  concurrency?: number;
  /** Items per request at most. Default: the spec's `x-batch` maxItems (a vendor's recommended size; larger is allowed). */
  maxItems?: number;
  /** Bytes per request body at most (UTF-8, envelope included). Default: the spec's `x-batch` maxBytes. */
  maxBytes?: number;
  format?: "json" | "xml";
  /** Retries of network errors, 5xx and 429: `attempts` in all (default 5), backoff from `baseDelayMs` (200) to `maxDelayMs` (10 s). */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Stops reading input; requests in flight finish, the rest is reported `not_sent`. */
  signal?: AbortSignal;
  onProgress?: (progress: BatchProgress) => void;
  /** Check each item against the spec before packing (default true). */
  validate?: boolean;
}

/**
 * The options of a client's batch methods (`runtime.batch`, `runtime.stream`, a generated `.all()` and
 * `.stream()`): the engine's options, plus what every chunk request carries besides its body: the
 * operation's path, query, header and cookie parameters, extra headers, and the request media type.
 */
export interface BatchCallOptions extends BatchOptions {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  cookie?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** One of the operation's request media types; default: the first JSON one (or the XML one with `format: "xml"`). */
  contentType?: string;
}

export interface BatchProgress {
  itemsRead: number;
  itemsSent: number;
  accepted: number;
  rejected: number;
  failed: number;
  bytesSent: number;
}

/** The chunk an accepted item was sent in: its number (0, 1, … in sending order) and, where the answer names it, its id (a job id). */
export interface ChunkInfo {
  index: number;
  id?: unknown;
}

/**
 * What became of one input item. `index` is its position in the input. An accepted item's `result` is
 * its own result in the answer, or the whole answer when the API answers per chunk.
 */
export type ItemOutcome =
  | { index: number; status: "accepted"; id?: unknown; result: unknown; chunk?: ChunkInfo }
  | { index: number; status: "rejected"; reason: "server"; code: unknown; message: string }
  | { index: number; status: "rejected"; reason: "validation"; issues: ValidationIssue[] }
  | { index: number; status: "rejected"; reason: "too_large"; bytes: number; maxBytes: number }
  | { index: number; status: "failed"; error: string; attempts: number }
  | { index: number; status: "not_sent" };

/** One entry per item read, in input order; the counts add up to `itemsRead`. */
export interface BatchReport {
  itemsRead: number;
  accepted: number;
  rejected: number;
  failed: number;
  notSent: number;
  items: ItemOutcome[];
}

/** A group of outcomes as they become known: a chunk answered, or items refused before sending. */
export interface ChunkReport {
  /** The input range [first, last] the outcomes cover (not all of it when items were refused before sending). */
  first: number;
  last: number;
  items: ItemOutcome[];
}

export interface BatchTransport {
  /** The client's own format, used when the batch options do not say. */
  format?: "json" | "xml";
  framing(format: "json" | "xml"): BatchFraming;
  /** Issues of one item, item-relative pointers; envelope-level problems throw ValidationError. */
  validate(item: unknown): ValidationIssue[] | undefined;
  /** Sends one chunk's body (UTF-8); resolves with the answer data or throws a ProfilekitError. The bytes are reused once it settles. */
  send(body: Uint8Array, format: "json" | "xml", signal: AbortSignal | undefined): Promise<unknown>;
  /** What no outcome may show (the credential): the server's messages, codes, ids and results are redacted. */
  secrets?: readonly string[];
}

/**
 * How a batch is packed, from the spec, the transport and the options: the format (the options', else
 * the client's, else JSON), its framing, and the size limits. The engine and the import queue's
 * producer and workers cut the same chunks from the same items.
 */
export function batchPacking(spec: BatchSpec, transport: BatchTransport, options: BatchOptions): { format: "json" | "xml"; framing: BatchFraming; limits: { maxItems: number; maxBytes: number } } {
  const format = options.format ?? transport.format ?? "json";
  const limits = { maxItems: limit(options, "maxItems", spec), maxBytes: limit(options, "maxBytes", spec) }; // checked before the framing, as always
  return { format, framing: transport.framing(format), limits };
}

/** A size option: the spec's value unless the caller gives a positive integer (above the spec's is allowed: it is a recommendation). */
function limit(options: BatchOptions, name: "maxItems" | "maxBytes", spec: BatchSpec): number {
  const given = options[name];
  if (given === undefined) return spec[name];
  if (!Number.isSafeInteger(given) || given < 1) throw new ConfigError(`/${name}`, `a positive integer (default ${spec[name]}), found ${String(given)}`, "batch options");
  return given;
}

/**
 * Sends a batch of any length: packs, sends at most `concurrency` chunks at a time, retries what is
 * safe to retry, and yields the outcomes of each chunk as it completes (and of refused items as they
 * are read). Every item read gets exactly one outcome.
 */
export async function* streamBatch(input: Iterable<unknown> | AsyncIterable<unknown>, spec: BatchSpec, transport: BatchTransport, options: BatchOptions = {}): AsyncGenerator<ChunkReport, void> {
  const { format, framing, limits } = batchPacking(spec, transport, options);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const progress: BatchProgress = { itemsRead: 0, itemsSent: 0, accepted: 0, rejected: 0, failed: 0, bytesSent: 0 };
  const count = (outcomes: ItemOutcome[]) => {
    tally(outcomes, progress);
    options.onProgress?.({ ...progress });
  };
  const check = options.validate === false ? undefined : (item: unknown) => transport.validate(item);
  const chunks = packChunks(input, framing, limits, check, options.signal);

  type Event = { kind: "answered"; report: ChunkReport } | { kind: "read"; next: IteratorResult<Packing, number> } | { kind: "unreadable"; error: unknown } | { kind: "broken"; error: unknown };
  // Settled work posts its event here and wakes the loop. (Not Promise.race over the pending
  // requests: each race leaves a reaction on every pending promise, which keeps the answered chunks'
  // reports alive until the slowest request settles — megabytes per chunk, promoted to the old heap.)
  const events: Event[] = [];
  let wake: (() => void) | undefined;
  const post = (event: Event) => {
    events.push(event);
    wake?.();
    wake = undefined;
  };
  let inFlight = 0;
  let nextId = 0;
  let reading = false;
  let exhausted = false;
  let inputError: { error: unknown } | undefined;
  const ready: ChunkReport[] = [];
  const hide = redactor(transport.secrets);
  const refused = (raw: ItemOutcome) => {
    const outcome = redactOutcome(raw, hide);
    progress.itemsRead++;
    count([outcome]);
    ready.push({ first: outcome.index, last: outcome.index, items: [outcome] });
  };

  try {
    while (!exhausted || inFlight > 0 || ready.length > 0) {
      while (ready.length > 0) yield ready.shift()!;
      // Read (and pack) only while there is room to send: back-pressure on the input. An answer that
      // comes while the input is slow is reported at once: the next read and the requests race.
      if (!exhausted && !reading && inFlight < concurrency) {
        reading = true;
        chunks.next().then(
          (next) => post({ kind: "read", next }),
          (error: unknown) => post({ kind: "unreadable", error }),
        );
      }
      if (!reading && inFlight === 0 && events.length === 0) break;
      while (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const event = events.shift()!;
      if (event.kind === "broken") throw event.error;
      if (event.kind === "answered") {
        inFlight--;
        count(event.report.items);
        ready.push(event.report);
        continue;
      }
      reading = false;
      if (event.kind === "unreadable") {
        // The input broke: what was sent is still answered and reported, then the error is thrown.
        inputError = { error: event.error };
        exhausted = true;
        continue;
      }
      if (event.next.done) {
        exhausted = true;
        continue;
      }
      const value = event.next.value;
      if (value.kind === "refused") {
        refused(value.outcome);
        continue;
      }
      progress.itemsRead += value.indexes.length;
      if (options.signal?.aborted) {
        // Stopped: this chunk and whatever the packer still holds are not sent, and each says so.
        ready.push(notSent(value.indexes));
        value.release();
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
          if (next.value.kind === "refused") refused(next.value.outcome);
          else {
            progress.itemsRead += next.value.indexes.length;
            ready.push(notSent(next.value.indexes));
            next.value.release();
          }
        }
        exhausted = true;
        continue;
      }
      const id = nextId++;
      // From here on only the body's bytes and the input positions are kept.
      const { body, indexes, release } = value;
      progress.itemsSent += indexes.length;
      progress.bytesSent += body.byteLength;
      options.onProgress?.({ ...progress });
      inFlight++;
      sendChunk(indexes, body, spec, transport, format, options, id).then(
        (report) => {
          release();
          post({ kind: "answered", report: { ...report, items: report.items.map((o) => redactOutcome(o, hide)) } });
        },
        (error: unknown) => post({ kind: "broken", error }),
      );
    }
  } finally {
    // Also when the consumer stops early: the packer lets go of the input (its finally closes it).
    await chunks.return(0);
  }
  if (inputError) throw inputError.error;
}

function notSent(indexes: readonly number[]): ChunkReport {
  return { first: indexes[0]!, last: indexes.at(-1)!, items: indexes.map((index) => ({ index, status: "not_sent" as const })) };
}

/** Sends a body of an abort-free size and retries what may be retried: network errors, 5xx, 429, a cut answer. */
async function sendChunk(indexes: readonly number[], body: Uint8Array, spec: BatchSpec, transport: BatchTransport, format: "json" | "xml", options: BatchOptions, chunk: number): Promise<ChunkReport> {
  const attempts = Math.max(1, options.retry?.attempts ?? 5);
  const base = options.retry?.baseDelayMs ?? 200;
  const max = options.retry?.maxDelayMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await sendOnce(indexes, body, spec, transport, format, chunk);
    } catch (e) {
      if (attempt >= attempts) return failedChunk(indexes, e, attempt);
      // Stopped before its retries ran out (an abort also cuts the wait short): not acknowledged,
      // so not_sent, left for a later run; only exhausted retries are failed.
      if (options.signal?.aborted || !(await sleep(retryDelay(e, attempt, base, max), options.signal))) {
        return { first: indexes[0]!, last: indexes.at(-1)!, items: indexes.map((index) => ({ index, status: "not_sent" as const })) };
      }
    }
  }
}

/**
 * One attempt at one chunk: its outcomes (the answer's, or every item rejected when the error is
 * final: a 4xx, a vendor error), or the error itself, thrown, when it may be retried (network errors,
 * 5xx, 429, a cut answer) — the caller decides when and whether (a queue worker retries through its
 * queue). Not redacted: the caller redacts outcomes with the transport's secrets.
 */
export async function sendOnce(indexes: readonly number[], body: Uint8Array, spec: BatchSpec, transport: BatchTransport, format: "json" | "xml", chunk: number): Promise<ChunkReport> {
  const range = { first: indexes[0]!, last: indexes.at(-1)! };
  try {
    // In-flight requests are not aborted: the server may apply them, and the report must say so.
    const answer = await transport.send(body, format, undefined);
    return { ...range, items: outcomes(indexes, answer, spec, chunk) };
  } catch (e) {
    if (isRetryable(e)) throw e;
    const code = e instanceof ProfilekitError && "code" in e ? (e as { code: unknown }).code : e instanceof HttpError ? e.status : undefined;
    return { ...range, items: indexes.map((index) => ({ index, status: "rejected" as const, reason: "server" as const, code, message: errorText(e) })) };
  }
}

/** Every item of a chunk failed: its retries ran out on `e`. */
export function failedChunk(indexes: readonly number[], e: unknown, attempts: number): ChunkReport {
  return { first: indexes[0]!, last: indexes.at(-1)!, items: indexes.map((index) => ({ index, status: "failed" as const, error: errorText(e), attempts })) };
}

/** Whether an attempt that failed with `e` may be sent again: no answer, a cut one, 5xx, 429, 408. */
export function isRetryable(e: unknown): boolean {
  if (e instanceof HttpError) return e.status >= 500 || e.status === 429 || e.status === 408;
  if (e instanceof NetworkError || e instanceof XmlDecodeError) return true; // no answer, or a cut one
  if (e instanceof ProfilekitError) return false; // vendor errors, validation, configuration
  return true; // an unexpected failure on the way (a cut JSON answer fails to parse)
}

/** Exponential backoff with full jitter; a Retry-After (seconds or HTTP date) is honoured, up to the maximum. */
export function retryDelay(e: unknown, attempt: number, base: number, max: number, random = Math.random): number {
  const jitter = random() * Math.min(max, base * 2 ** (attempt - 1));
  const after = e instanceof HttpError && e.retryAfter !== undefined ? parseRetryAfter(e.retryAfter) : undefined;
  return after === undefined ? jitter : Math.min(max, Math.max(after, jitter));
}

export function parseRetryAfter(value: string, now = Date.now()): number | undefined {
  const trimmed = value.trim();
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Waits `ms`; false when the signal aborts first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (waited: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(waited);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * One outcome per item from the answer's per-item results (in order); a missing result is a failure.
 * Without per-item results, a 2xx answer accepts the whole chunk.
 */
function outcomes(indexes: readonly number[], answer: unknown, spec: BatchSpec, index: number): ItemOutcome[] {
  const chunkId = spec.chunkId ? at(answer, spec.chunkId) : undefined;
  const chunk: ChunkInfo = { index, ...(chunkId !== undefined ? { id: chunkId } : {}) };
  if (!spec.results) return indexes.map((index) => ({ index, status: "accepted", result: answer, chunk }));
  const results = at(answer, spec.results);
  // Results are matched to items by position: with a count that differs, no pairing can be trusted.
  if (!Array.isArray(results) || results.length !== indexes.length) {
    const error = `the answer has ${Array.isArray(results) ? results.length : "no"} results for ${indexes.length} items`;
    return indexes.map((index) => ({ index, status: "failed" as const, error, attempts: 1 }));
  }
  return indexes.map((index, i): ItemOutcome => {
    const result: unknown = results[i];
    const code = spec.code ? at(result, spec.code) : undefined;
    if (spec.code && code !== spec.success) {
      return { index, status: "rejected", reason: "server", code, message: String(spec.message ? (at(result, spec.message) ?? "") : "") };
    }
    const id = spec.id ? at(result, spec.id) : undefined;
    // Two literals, not a spread: one of these per item, each the smallest object of its shape.
    return id !== undefined ? { index, status: "accepted", id, result, chunk } : { index, status: "accepted", result, chunk };
  });
}

/** An outcome with the secrets hidden from whatever the server or an error put in it. */
export function redactOutcome(o: ItemOutcome, hide: Redactor): ItemOutcome {
  switch (o.status) {
    case "accepted": {
      const result = hide.value(o.result);
      const id = o.id === undefined ? undefined : hide.value(o.id);
      const chunk = o.chunk?.id === undefined ? o.chunk : hide.value(o.chunk);
      if (result === o.result && id === o.id && chunk === o.chunk) return o;
      return { index: o.index, status: o.status, ...(id !== undefined ? { id } : {}), result, ...(chunk !== undefined ? { chunk } : {}) };
    }
    case "rejected":
      if (o.reason === "server") return { ...o, code: hide.value(o.code), message: hide.text(o.message) };
      if (o.reason === "validation") return { ...o, issues: hide.value(o.issues) };
      return o;
    case "failed":
      return { ...o, error: hide.text(o.error) };
    default:
      return o;
  }
}

/** Adds outcomes to the counts (not_sent only where the counts have a place for it). */
function tally(outcomes: readonly ItemOutcome[], counts: { accepted: number; rejected: number; failed: number; notSent?: number }): void {
  for (const o of outcomes) {
    if (o.status === "accepted") counts.accepted++;
    else if (o.status === "rejected") counts.rejected++;
    else if (o.status === "failed") counts.failed++;
    else if (counts.notSent !== undefined) counts.notSent++;
  }
}

/** The whole report, in input order. Holds one entry per item: for millions, prefer streaming. */
export async function runBatch(input: Iterable<unknown> | AsyncIterable<unknown>, spec: BatchSpec, transport: BatchTransport, options: BatchOptions = {}): Promise<BatchReport> {
  const items: ItemOutcome[] = [];
  for await (const chunk of streamBatch(input, spec, transport, options)) for (const o of chunk.items) items[o.index] = o;
  const report: BatchReport = { itemsRead: items.length, accepted: 0, rejected: 0, failed: 0, notSent: 0, items };
  tally(items, report);
  return report;
}

/** Path tokens of where the items are: a top-level property's name is a one-token path. */
export function itemsPath(items: string | readonly string[]): readonly string[] {
  return typeof items === "string" ? [items] : items;
}

/** A copy of `value` with `v` at the path (objects made along the way where there are none); `undefined` removes the last step. */
export function setAt(value: unknown, path: readonly string[], v: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = value !== null && typeof value === "object" && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  const [first, ...rest] = path;
  if (first === undefined) return copy;
  if (rest.length > 0) copy[first] = setAt(copy[first], rest, v);
  else if (v === undefined) delete copy[first];
  else copy[first] = v;
  return copy;
}

/**
 * A validator of one item: the whole-body validator run on the envelope holding just that item (at
 * `itemsAt`), so the body's rules that read the envelope apply. The envelope is copied once; each item
 * is put in its one-place list and taken out again (nothing is kept between items).
 */
export function itemValidator(
  validate: (body: unknown) => { ok: true } | { ok: false; errors: ValidationIssue[] },
  operation: string,
  envelope: Record<string, unknown>,
  itemsAt: string | readonly string[],
  secrets: readonly string[] = [],
): (item: unknown) => ValidationIssue[] | undefined {
  const path = itemsPath(itemsAt);
  const holder: unknown[] = [undefined];
  const probe = setAt(envelope, path, holder);
  const prefix = pointerOf([...path, 0]);
  return (item) => {
    holder[0] = item;
    let result: ReturnType<typeof validate>;
    try {
      result = validate(probe);
    } finally {
      holder[0] = undefined;
    }
    if (result.ok) return undefined;
    const own = result.errors.filter((i) => i.path === prefix || i.path.startsWith(prefix + "/"));
    const envelopeIssues = result.errors.filter((i) => !own.includes(i));
    if (envelopeIssues.length > 0) throw new ValidationError(operation, envelopeIssues, { secrets });
    return own.map((i) => ({ ...i, path: i.path.slice(prefix.length) }));
  };
}

/**
 * JSON framing: the envelope with a placeholder where the items go (at any depth), split around it.
 * The items' array is written between the two halves.
 */
export function jsonFraming(envelope: Record<string, unknown>, itemsAt: string | readonly string[]): BatchFraming {
  const placeholder = "\u0000profilekit-items\u0000";
  const text = JSON.stringify(setAt(envelope, itemsPath(itemsAt), placeholder));
  const [before, after] = text.split(JSON.stringify(placeholder)) as [string, string];
  return { prefix: before + "[", separator: ",", suffix: "]" + after, serialize: (item) => JSON.stringify(item) };
}
