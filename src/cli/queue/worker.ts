/**
 * `profilekit worker --queue redis://…`: takes chunk jobs from the BullMQ queue and sends each through
 * the batch engine (the same packing, the same per-item report), one attempt per job: retries go
 * through the queue, so that every request is a job start that BullMQ's limiter counts.
 *
 * - A retryable failure (no answer, 5xx, a cut answer) is thrown: BullMQ tries the job again after its
 *   backoff, on any worker. On the last attempt the chunk's items are recorded `failed` instead.
 * - A 429 pauses the whole queue (BullMQ's own rate limit key) for its Retry-After (1 s without one,
 *   10 min at most) and puts the job back, its attempt not counted.
 * - The outcome is recorded in Redis (outcomes.ts) before the job completes: a worker killed after the
 *   API answered loses nothing but the completion, and the job, stalled, is sent again by another
 *   worker (BullMQ's stalled-job check) — at least once.
 * - Under a `--rate` (BullMQ's limiter pacing job starts), a request leaves a fixed time after its job's
 *   start (PACED_SEND_MS), not whenever its chunk happens to be packed: the API sees the pace BullMQ
 *   set as long as preparing a request takes less than that (tens of milliseconds; a worker's first
 *   job, before the preloading here, took about 100).
 *
 * The credential and the base URL come from this worker's environment (import/operation.ts), never from
 * Redis. Job data is checked before anything is sent; data that is not a chunk job fails its job at once.
 */
import { hostname } from "node:os";
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { batchPacking, failedChunk, parseRetryAfter, redactOutcome, sendOnce, type ChunkReport, type ItemOutcome } from "../../runtime/batch.js";
import { packChunks } from "../../runtime/batch-pack.js";
import { HttpError } from "../../runtime/errors/http-error.js";
import { redact, redactor } from "../../runtime/redact.js";
import { failedLine } from "../import-command.js";
import { loadBatchOperation, OperationError, preloadGeneratedClients, type BatchOperation } from "../import/operation.js";
import type { FailedLine } from "../import/recorder.js";
import { connect, KEY_PREFIX, parseQueueUrl, QUEUE_NAME } from "./connection.js";
import { readChunkJob, type ChunkJob } from "./job.js";
import { recordOutcome } from "./outcomes.js";

export interface WorkerOptions {
  queue: string;
  /** Jobs (requests) this worker has in flight at most. Default 4. The producer's --concurrency caps all workers together. */
  concurrency?: number;
  baseUrl?: string;
  env?: Readonly<Record<string, string | undefined>>;
  log: (line: string) => void;
  /** Stops taking jobs; the ones in flight finish and are recorded. */
  signal: AbortSignal;
}

/** How long a job's lock lasts without renewal: a killed worker's jobs are taken over this long after (plus the check interval). */
const LOCK_MS = 15_000;
const STALLED_CHECK_MS = 5_000;
const MAX_PAUSE_MS = 10 * 60_000;
/** Under a paced rate: how long after its job's start a request leaves (more than preparing one takes, even a worker's first). */
const PACED_SEND_MS = 200;

/** Runs until `signal` aborts; returns the exit code. Throws QueueError when Redis cannot be reached. */
export async function runWorker(o: WorkerOptions): Promise<number> {
  const url = parseQueueUrl(o.queue);
  const redis = await connect(url);
  // What a first job would otherwise wait for: the generated clients, and fetch's own first load (undici).
  await preloadGeneratedClients();
  await (await fetch("data:,")).arrayBuffer();
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: KEY_PREFIX });
  const env = o.env ?? process.env;
  const operations = new Map<string, Promise<BatchOperation>>();
  const operation = (target: string) => {
    let p = operations.get(target);
    if (!p) {
      p = loadBatchOperation(target, env, o.baseUrl);
      operations.set(target, p);
      p.catch(() => operations.delete(target));
    }
    return p;
  };
  const me = `${hostname()}:${process.pid}`;
  // Whether the queue is paced (a --rate): read again every 5 s, not once per job.
  let paced = { value: false, until: 0 };
  const isPaced = async () => {
    if (Date.now() >= paced.until) paced = { value: (await queue.getGlobalRateLimit())?.max === 1, until: Date.now() + 5_000 };
    return paced.value;
  };

  const processor = async (job: Job): Promise<{ accepted: number; rejected: number; failed: number }> => {
    const started = Date.now();
    let data: ChunkJob;
    let op: BatchOperation;
    try {
      data = readChunkJob(job.data);
      op = await operation(data.target);
    } catch (e) {
      // Nothing to send with: no retry can help, the job fails now (the producer reports its items failed).
      if (e instanceof OperationError || (e as Error).name === "JobDataError") throw new UnrecoverableError(`worker ${me}: ${(e as Error).message}`);
      throw e;
    }
    const leave = (await isPaced()) ? (job.processedOn ?? started) + PACED_SEND_MS : 0;
    const outcome = await sendJob(job, data, op, queue, leave);
    await recordOutcome(redis, data.run, data.chunk, outcome);
    o.log(
      `${data.target} chunk ${data.chunk} (run ${data.run}, attempt ${job.attemptsMade + 1}): ${data.items.length} items, ` +
        `${outcome.accepted} accepted, ${outcome.rejected} rejected, ${outcome.failed} failed, ${Date.now() - started} ms`,
    );
    return { accepted: outcome.accepted, rejected: outcome.rejected, failed: outcome.failed };
  };

  const worker = new Worker(QUEUE_NAME, processor, {
    name: me, // a job's processedBy: which worker holds it
    connection: redis,
    prefix: KEY_PREFIX,
    concurrency: o.concurrency ?? 4,
    lockDuration: LOCK_MS,
    stalledInterval: STALLED_CHECK_MS,
    maxStalledCount: 3,
  });
  let lastError = "";
  worker.on("error", (e) => {
    const text = redact(e.message, url.secrets);
    if (text !== lastError) o.log(`profilekit worker: ${text}`);
    lastError = text;
  });
  o.log(`profilekit worker ${me}: taking jobs from ${url.shown} (${o.concurrency ?? 4} at a time). Ctrl-C stops after the jobs in flight.`);
  await new Promise<void>((resolve) => (o.signal.aborted ? resolve() : o.signal.addEventListener("abort", () => resolve(), { once: true })));
  await worker.close();
  await queue.close();
  redis.disconnect();
  return 0;
}

/** Sends a job's records (one chunk, normally: the producer cut it within the same limits) once each. */
async function sendJob(job: Job, data: ChunkJob, op: BatchOperation, queue: Queue, leaveAt: number) {
  const sizing = { ...(data.format ? { format: data.format } : {}), ...(data.maxItems ? { maxItems: data.maxItems } : {}) };
  const { spec, transport } = op.engine(data.params, sizing);
  const { format, framing, limits } = batchPacking(spec, transport, sizing);
  const hide = redactor(op.secrets);
  const lines: FailedLine[] = [];
  const counts = { accepted: 0, rejected: 0, failed: 0 };
  const note = (raw: ItemOutcome) => {
    const outcome = redactOutcome(raw, hide);
    if (outcome.status === "not_sent") return; // never: the packer stops only on an abort, and a job is not aborted
    counts[outcome.status]++;
    if (outcome.status === "accepted") return;
    const [index, line] = data.at[outcome.index]!;
    lines.push(failedLine({ index, line, item: data.items[outcome.index]! }, outcome, op.secrets));
  };
  // Validated by the producer against the same spec: packed as they are.
  for await (const c of packChunks(data.items, framing, limits, undefined)) {
    if (c.kind === "refused") {
      note(c.outcome);
      continue;
    }
    let report: ChunkReport;
    const wait = leaveAt - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      report = await sendOnce(c.indexes, c.body, spec, transport, format, data.chunk);
    } catch (e) {
      if (e instanceof HttpError && e.status === 429) {
        // The whole queue waits, on every worker; this job goes back, its attempt not counted.
        const after = e.retryAfter !== undefined ? parseRetryAfter(e.retryAfter) : undefined;
        await queue.rateLimit(Math.min(MAX_PAUSE_MS, Math.max(1, after ?? 1_000)));
        throw Worker.RateLimitError();
      }
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 < attempts) throw new Error(redact(e instanceof Error ? e.message : String(e), op.secrets));
      report = failedChunk(c.indexes, e, job.attemptsMade + 1);
    } finally {
      c.release();
    }
    for (const outcome of report.items) note(outcome);
  }
  return { first: data.at[0]![0], last: data.at.at(-1)![0], ...counts, lines };
}
