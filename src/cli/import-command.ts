/**
 * `profilekit import <api>.<operation>`: streams an NDJSON or CSV file (or stdin) through a batch
 * operation of a generated client (`client.<operation>.stream`), with progress, a `--failed` file
 * of every item not accepted, and a `--journal` that makes the run resumable after a crash.
 *
 * The parts: import/input.ts, ndjson.ts, csv.ts (readers; CSV column convention in csv.ts, syntax
 * in csv-syntax.ts; records.ts splits records in linear time, with a size limit),
 * import/operation.ts (target, credentials from the environment), import/files.ts (the files named
 * must be distinct), import/journal.ts (journal format; journal-check.ts, fingerprint.ts and
 * resume.ts tie a journal to its input's content), import/recorder.ts (the --failed file and
 * journal writes), import/progress.ts.
 */
import { parseArgs } from "node:util";
import type { Readable } from "node:stream";
import type { ItemOutcome } from "../runtime/batch.js";
import { redact } from "../runtime/redact.js";
import { sameFileProblem } from "./import/files.js";
import { inputFormat, inputSource, InputError } from "./import/input.js";
import { FingerprintMismatch, type Fingerprint } from "./import/fingerprint.js";
import { JournalError, paramsHash, type Counts, type Journal, type JournalHeader } from "./import/journal.js";
import { loadBatchOperation, OperationError } from "./import/operation.js";
import { ProgressReporter, type ProgressOutput } from "./import/progress.js";
import { Recorder, type FailedLine } from "./import/recorder.js";
import { mismatchMessage, openJournal } from "./import/resume.js";
import { stoppable } from "./until-stopped.js";
import { COMMANDS, usageError } from "./usage.js";

export interface ImportOptions {
  /** `<api>.<operation>`. */
  target: string;
  /** A path, or `-` for stdin. */
  input: string;
  inputFormat?: string;
  /** JSON text of the request body without its items. Default `{}`. */
  params?: string;
  baseUrl?: string;
  concurrency?: number;
  maxItems?: number;
  format?: "json" | "xml";
  journal?: string;
  failed?: string;
  log: (line: string) => void;
  /** Where progress goes. Default process.stderr. */
  progress?: ProgressOutput;
  progressIntervalMs?: number;
  /** Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default process.stdin. */
  stdin?: Readable;
  /** Stops reading: requests in flight finish and are recorded; the rest is left for a resumed run. */
  signal?: AbortSignal;
  /** Bytes an input line or CSV row may take (default MAX_RECORD_BYTES): over it, refused as too_large without being held. */
  maxRecordBytes?: number;
  /** Send through a BullMQ queue on this Redis (queue/producer.ts) instead of from this process. */
  queue?: string;
  /** With `queue`: requests per window across all workers. */
  rate?: { requests: number; seconds: number };
  /** With `queue`: chunks waiting or in flight at most. */
  queueDepth?: number;
}

/** A problem that stops the import before or while it runs; the message is for the user. */
export class ImportError extends Error {
  override name = "ImportError";
}

/** What is known of an item between being read and its outcome. */
interface InFlight {
  index: number;
  line: number;
  /** The input bytes [start, end) of its record. */
  bytes: readonly [number, number];
  item: Record<string, unknown>;
}

/** Runs an import; returns the exit code. Throws ImportError for a problem that stops it. */
export async function runImport(o: ImportOptions): Promise<number> {
  const started = Date.now();
  const params = parseParams(o.params);
  if (o.queue !== undefined) {
    const { runQueuedImport } = await import("./queue/producer.js"); // BullMQ and ioredis load only here
    return runQueuedImport({ ...o, queue: o.queue }, params);
  }
  const env = o.env ?? process.env;
  const known = (e: unknown) => e instanceof InputError || e instanceof JournalError || e instanceof OperationError;
  let op: Awaited<ReturnType<typeof loadBatchOperation>>;
  let source: ReturnType<typeof inputSource>;
  let journal: Journal | undefined;
  let fingerprint: Fingerprint | undefined;
  // Before anything is opened for writing: --failed or --journal naming the input would empty it.
  const clash = sameFileProblem([
    ["--input", o.input],
    ["--journal", o.journal],
    ["--failed", o.failed],
  ]);
  if (clash) throw new ImportError(clash);
  try {
    op = await loadBatchOperation(o.target, env, o.baseUrl);
    source = inputSource(o.input, inputFormat(o.input, o.inputFormat), o.stdin ?? process.stdin, o.maxRecordBytes !== undefined ? { maxRecordBytes: o.maxRecordBytes } : {});
    const header: JournalHeader = {
      journal: "profilekit-import",
      version: 2,
      operation: o.target,
      input: source.absolute ?? "-",
      inputFormat: source.format,
      ...(source.size !== undefined ? { inputBytes: source.size } : {}),
      params: paramsHash(params),
    };
    if (o.journal !== undefined) ({ journal, fingerprint } = await openJournal(o.journal, header, source.absolute));
  } catch (e) {
    if (known(e)) throw new ImportError((e as Error).message);
    throw e;
  }
  const secrets = op.secrets;
  if (journal?.resumed) {
    o.log(`Resuming from ${o.journal}: ${journal.covered.size} items acknowledged earlier are skipped.`);
    if (source.absolute === undefined) o.log("The input is stdin: it is checked against the journal as it comes, and the run stops at the first byte that differs.");
  }

  let recorder: Recorder;
  try {
    recorder = new Recorder(journal, o.failed, journal?.resumed ?? false, () => fingerprint?.cut());
  } catch (e) {
    journal?.close();
    throw new ImportError(`cannot write --failed ${o.failed}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const progress = new ProgressReporter(o.progress ?? process.stderr, o.progressIntervalMs);
  progress.update({ totalBytes: source.size });
  progress.start();

  const covered = journal?.covered;
  const inFlight = new Map<number, InFlight>(); // by the engine's index (position among the items sent)
  let records = 0;
  let skipped = 0;
  let inputError: string | undefined;
  const signal = o.signal;

  // The items the engine reads: the input minus what the journal covers and what could not be read.
  async function* items(): AsyncGenerator<Record<string, unknown>> {
    let sent = 0;
    let end = 0; // where the record before ended: this one starts there
    try {
      for await (const record of source.open(fingerprint && ((s) => fingerprint.tap(s)))) {
        if (signal?.aborted) return;
        const index = records++;
        const bytes = [end, record.end] as const;
        end = record.end;
        const misplaced = covered?.misplaced(index, bytes[0], bytes[1]);
        if (misplaced !== undefined) throw new FingerprintMismatch(misplaced);
        progress.update({ bytesRead: record.end });
        if (covered?.has(index)) {
          progress.update({ skipped: ++skipped });
          continue;
        }
        if (!record.ok) {
          const why = record.tooLarge ? { reason: "too_large", ...record.tooLarge } : { reason: "input", error: record.error };
          recorder.add(index, "rejected", bytes, { index, line: record.line, status: "rejected", ...why, text: record.text });
          if (recorder.pending >= 1000) recorder.flush();
          continue;
        }
        progress.sending();
        inFlight.set(sent++, { index, line: record.line, bytes, item: record.item });
        yield record.item;
      }
      if (covered !== undefined && covered.last >= records) throw new FingerprintMismatch(`it covers records up to ${covered.last}, the input has ${records}`);
    } catch (e) {
      if (e instanceof FingerprintMismatch) inputError = mismatchMessage(o.journal!, e.message);
      else inputError = e instanceof InputError ? e.message : `cannot read ${source.name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
  }

  let notSent = 0;
  let failure: unknown;
  const feed = items();
  try {
    const stream = op.stream(params, feed, {
      ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
      ...(o.maxItems !== undefined ? { maxItems: o.maxItems } : {}),
      ...(o.format !== undefined ? { format: o.format } : {}),
      ...(signal ? { signal } : {}),
    });
    for await (const chunk of stream) {
      let sentChunk = false;
      for (const outcome of chunk.items) {
        const item = inFlight.get(outcome.index);
        if (!item) continue;
        inFlight.delete(outcome.index);
        if (outcome.status === "not_sent") {
          notSent++;
          continue;
        }
        if (!(outcome.status === "rejected" && (outcome.reason === "validation" || outcome.reason === "too_large"))) sentChunk = true;
        recorder.add(item.index, outcome.status, item.bytes, outcome.status === "accepted" ? undefined : failedLine(item, outcome, secrets));
      }
      if (sentChunk || recorder.pending >= 1000) recorder.flush();
      progress.update({ done: recorder.counts.accepted + recorder.counts.rejected + recorder.counts.failed, ...recorder.counts });
    }
  } catch (e) {
    failure = e;
  } finally {
    await feed.return(undefined); // the engine does not always close its input when stopped (an abort): close the file
    recorder.flush();
    recorder.close();
    journal?.close();
    progress.stop();
  }
  notSent += inFlight.size; // read by the engine, never answered (stopped)
  if (failure !== undefined) throw new ImportError(redact(failure instanceof Error ? failure.message : String(failure), secrets));

  // The summary.
  const c = recorder.counts;
  const seconds = (Date.now() - started) / 1000;
  const done = c.accepted + c.rejected + c.failed;
  const rate = seconds > 0 ? Math.round(done / seconds) : done;
  o.log(
    `${o.target}: ${records} items read${skipped > 0 ? ` (${skipped} skipped: acknowledged in the journal)` : ""}; ` +
      `${c.accepted} accepted, ${c.rejected} rejected, ${c.failed} failed${notSent > 0 ? `, ${notSent} not sent` : ""} in ${seconds.toFixed(1)} s (${rate} items/s).`,
  );
  const all: Counts = { ...c };
  if (journal?.resumed) {
    for (const k of ["accepted", "rejected", "failed"] as const) all[k] += journal.previous[k];
    o.log(`With the earlier runs in the journal: ${all.accepted} accepted, ${all.rejected} rejected, ${all.failed} failed.`);
  }
  if (o.failed !== undefined && c.rejected + c.failed > 0) o.log(`Items not accepted: ${o.failed}`);
  const interrupted = signal?.aborted === true;
  if (interrupted)
    o.log(
      `Interrupted${notSent > 0 ? `: ${notSent} items read were not sent` : ""}. ${journal ? `Run the same command again to resume from ${o.journal}.` : "Use --journal to make an import resumable."}`,
    );
  if (inputError !== undefined) o.log(`The input stopped at an error: ${inputError}`);
  return all.rejected + all.failed + notSent > 0 || interrupted || inputError !== undefined ? 1 : 0;
}

/** A `--failed` line: where the item was, what became of it (every detail of its outcome), the item. */
export function failedLine(item: Pick<InFlight, "index" | "line" | "item">, outcome: Exclude<ItemOutcome, { status: "accepted" | "not_sent" }>, secrets: readonly string[]): FailedLine {
  const { index: _index, status, ...details } = outcome;
  if ("message" in details) details.message = redact(details.message, secrets);
  if ("error" in details) details.error = redact(details.error, secrets);
  return { index: item.index, line: item.line, status, ...details, item: item.item };
}

function parseParams(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`--params is not JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ImportError("--params must be a JSON object (the request body without its items)");
  return value as Record<string, unknown>;
}

export function wholeNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]{0,6}$/.test(text)) throw new ImportError(`${flag} expects a whole number ≥ 1, found ${JSON.stringify(text)}`);
  return Number(text);
}

/**
 * The CLI entry: parses `args`, stops at the first SIGINT / SIGTERM (requests in flight finish and
 * are recorded; a second one quits at once), and runs the import. Returns the exit code.
 */
export async function importCommand(args: string[], log: (line: string) => void, fail: (line: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: COMMANDS.import.options, // -h / --help: answered by main() before this runs
    });
  } catch (e) {
    fail(usageError("import", (e as Error).message));
    return 1;
  }
  const { values, positionals } = parsed;
  const usage = (message: string) => {
    fail(usageError("import", message));
    return 1;
  };
  if (values.status) {
    if (values.queue === undefined) return usage("--status shows a queue's runs: give --queue redis://host:port/db");
    return queueStatusCommand(values.queue, log, fail);
  }
  for (const flag of ["rate", "queue-depth"] as const) if (values[flag] !== undefined && values.queue === undefined) return usage(`--${flag} goes with --queue`);
  if (positionals.length !== 1) return usage(positionals.length === 0 ? "name the operation: <api>.<operation>" : `one operation at a time, found ${positionals.join(" ")}`);
  if (values.input === undefined) return usage("--input is required (a file, or - for stdin)");
  if (values.format !== undefined && values.format !== "json" && values.format !== "xml") return usage(`--format expects json or xml, found ${JSON.stringify(values.format)}`);

  const input = values.input;
  const stopping = () => fail(`${process.stderr.isTTY ? "\n" : ""}profilekit import: stopping — waiting for the requests in flight (again to quit at once).`);
  try {
    const concurrency = wholeNumber(values.concurrency, "--concurrency");
    const maxItems = wholeNumber(values["max-items"], "--max-items");
    const queueDepth = wholeNumber(values["queue-depth"], "--queue-depth");
    let rate: ImportOptions["rate"];
    if (values.rate !== undefined) {
      const { parseRate } = await import("./queue/run.js");
      try {
        rate = parseRate(values.rate);
      } catch (e) {
        return usage((e as Error).message);
      }
    }
    return await stoppable(stopping, (signal) =>
      runImport({
        target: positionals[0]!,
        input,
        ...(values["input-format"] !== undefined ? { inputFormat: values["input-format"] } : {}),
        ...(values.params !== undefined ? { params: values.params } : {}),
        ...(values["base-url"] !== undefined ? { baseUrl: values["base-url"] } : {}),
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(maxItems !== undefined ? { maxItems } : {}),
        ...(values.format !== undefined ? { format: values.format as "json" | "xml" } : {}),
        ...(values.journal !== undefined ? { journal: values.journal } : {}),
        ...(values.failed !== undefined ? { failed: values.failed } : {}),
        ...(values.queue !== undefined ? { queue: values.queue } : {}),
        ...(rate !== undefined ? { rate } : {}),
        ...(queueDepth !== undefined ? { queueDepth } : {}),
        log,
        signal,
      }),
    );
  } catch (e) {
    if (e instanceof ImportError) {
      fail(`profilekit import: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

/** `import --queue … --status`: prints the queue's runs; 1 when Redis cannot be reached. */
async function queueStatusCommand(queue: string, log: (line: string) => void, fail: (line: string) => void): Promise<number> {
  const { connect, parseQueueUrl, QueueError } = await import("./queue/connection.js");
  const { queueStatus } = await import("./queue/status.js");
  try {
    const url = parseQueueUrl(queue);
    const redis = await connect(url);
    try {
      for (const line of await queueStatus(redis, url.shown)) log(line);
    } finally {
      redis.disconnect();
    }
    return 0;
  } catch (e) {
    if (e instanceof QueueError) {
      fail(`profilekit import: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
