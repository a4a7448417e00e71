/**
 * `profilekit import <api>.<operation> --queue redis://…`: the producer. It reads the input as a local
 * import does (the same readers, validation, progress and `--failed`), cuts it into chunks with the
 * batch engine's own packer (within the API's item and byte limits), and puts each chunk on the BullMQ
 * queue as one job — at most `--queue-depth` chunks waiting or in flight, so Redis holds only those.
 * Workers (worker.ts) send them and record each chunk's outcome; the producer collects the outcomes,
 * writes `--failed`, and prints the summary of a local import.
 *
 * Resuming: the run is named by what it sends (run.ts), the input by its SHA-256. Run the same command
 * again after a crash and the chunks Redis records as done are not queued again (their outcomes are
 * read back); chunks queued but not done are left to the workers (BullMQ ignores a job id it holds).
 *
 * The queue's limits are set here for every worker: `--rate` (BullMQ's global rate limit, paced: run.ts
 * paceMs) and `--concurrency` (BullMQ's global concurrency: requests in flight across all workers).
 */
import type { Redis } from "ioredis";
import { Queue } from "bullmq";
import { batchPacking, redactOutcome, type ItemOutcome } from "../../runtime/batch.js";
import { packChunks } from "../../runtime/batch-pack.js";
import { redact, redactor } from "../../runtime/redact.js";
import { failedLine, ImportError, type ImportOptions } from "../import-command.js";
import { inputFormat, inputSource, InputError } from "../import/input.js";
import { paramsHash } from "../import/journal.js";
import { loadBatchOperation, OperationError } from "../import/operation.js";
import { ProgressReporter } from "../import/progress.js";
import { Recorder } from "../import/recorder.js";
import { connect, KEY_PREFIX, parseQueueUrl, QUEUE_NAME, QueueError } from "./connection.js";
import type { ChunkJob } from "./job.js";
import { readOutcomes, recordedChunks, type ChunkOutcome } from "./outcomes.js";
import { FINISHED_RUN_TTL_SECONDS, fileDigest, jobId, paceMs, RUNS_KEY, runId, runKey, type Rate } from "./run.js";

export interface QueuedImportOptions extends ImportOptions {
  queue: string;
  rate?: Rate;
  /** Chunks waiting or in flight at most. Default: twice --concurrency, else 16. */
  queueDepth?: number;
  /** Attempts per chunk (each one request, through the queue). Default 8. */
  attempts?: number;
  /** How often outcomes are read from Redis. Default 200 ms. */
  pollMs?: number;
}

/** Jobs a second no import reaches: the rate set without --rate, since BullMQ holds a 429's pause only on a queue with a rate limit. */
const NO_RATE_LIMIT = 1_000_000;

export async function runQueuedImport(o: QueuedImportOptions, params: Record<string, unknown>): Promise<number> {
  const started = Date.now();
  if (o.input === "-") throw new ImportError("--queue needs --input to be a file: a run is known by its content, which stdin cannot give before it is sent");
  if (o.journal !== undefined) throw new ImportError("--journal is for a local import; with --queue, Redis records what is done (run the same command again to resume)");
  const url = parseQueue(o.queue);
  const env = o.env ?? process.env;
  let op: Awaited<ReturnType<typeof loadBatchOperation>>;
  let source: ReturnType<typeof inputSource>;
  try {
    op = await loadBatchOperation(o.target, env, o.baseUrl);
    source = inputSource(o.input, inputFormat(o.input, o.inputFormat), o.stdin ?? process.stdin, o.maxRecordBytes !== undefined ? { maxRecordBytes: o.maxRecordBytes } : {});
  } catch (e) {
    if (e instanceof InputError || e instanceof OperationError) throw new ImportError(e.message);
    throw e;
  }
  const secrets = [...op.secrets, ...url.secrets];
  // Job data is stored in Redis: a credential put in --params would be too.
  if (op.secrets.some((s) => JSON.stringify(params).includes(s))) {
    throw new ImportError("--params holds the API credential: job data is stored in Redis and credentials never go there; it is read from the environment (see --help)");
  }

  const sizing = { ...(o.format ? { format: o.format } : {}), ...(o.maxItems ? { maxItems: o.maxItems } : {}) };
  const { spec, transport } = op.engine(params, sizing);
  const { format, framing, limits } = batchPacking(spec, transport, sizing);
  const envelopeBytes = Buffer.byteLength(framing.prefix + framing.suffix);
  const run = runId({ target: o.target, paramsHash: paramsHash(params), format, ...limits, envelopeBytes, input: await fileDigest(source.absolute!) });

  let redis: Redis;
  try {
    redis = await connect(url);
  } catch (e) {
    if (e instanceof QueueError) throw new ImportError(e.message);
    throw e;
  }
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: KEY_PREFIX });
  const depth = o.queueDepth ?? (o.concurrency !== undefined ? Math.max(2, 2 * o.concurrency) : 16);
  const attempts = o.attempts ?? 8;
  const pollMs = o.pollMs ?? 200;
  let recorder: Recorder | undefined;
  const progress = new ProgressReporter(o.progress ?? process.stderr, o.progressIntervalMs);
  try {
    // The queue's limits, for every worker (a 429 pause needs a rate limit to be set, hence the high one).
    if (o.rate) await queue.setGlobalRateLimit(1, paceMs(o.rate));
    else await queue.setGlobalRateLimit(NO_RATE_LIMIT, 1000);
    if (o.concurrency !== undefined) await queue.setGlobalConcurrency(o.concurrency);
    else await queue.removeGlobalConcurrency();

    const meta = runKey(run, "meta");
    const resumed = (await redis.exists(meta)) === 1;
    await redis.hset(meta, {
      target: o.target,
      input: source.name,
      ...(resumed ? {} : { createdAt: String(started) }),
      rate: o.rate ? `${o.rate.requests}/${o.rate.seconds}` : "",
      concurrency: o.concurrency !== undefined ? String(o.concurrency) : "",
    });
    await redis.hdel(meta, "finishedAt");
    await redis.zadd(RUNS_KEY, "NX", started, run);
    for (const part of ["meta", "outcomes", "counts", "recent"] as const) await redis.persist(runKey(run, part));

    const done = new Set(await recordedChunks(redis, run));
    if (resumed) o.log(`Resuming run ${run} from ${url.shown}: ${done.size} chunks recorded as done are not sent again.`);
    else o.log(`Run ${run}: queueing ${o.target} on ${url.shown}; start workers with \`profilekit worker --queue ${url.shown}\`.`);

    try {
      recorder = new Recorder(undefined, o.failed, false);
    } catch (e) {
      throw new ImportError(`cannot write --failed ${o.failed}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const rec = recorder;
    progress.update({ totalBytes: source.size });
    progress.start();
    const show = () => progress.update({ done: rec.counts.accepted + rec.counts.rejected + rec.counts.failed, ...rec.counts });

    /** Chunks queued (or found done) whose outcome this run has not read yet: chunk → the [index, line] of its items. */
    const outstanding = new Map<number, ChunkJob["at"]>();
    const collect = async () => {
      if (outstanding.size === 0) return;
      const found = await readOutcomes(redis, run, [...outstanding.keys()]);
      for (const [chunk, outcome] of found) {
        const at = outstanding.get(chunk)!;
        if (outcome.first !== at[0]![0] || outcome.last !== at.at(-1)![0]) {
          throw new ImportError(
            `chunk ${chunk} of run ${run} in Redis covers items ${outcome.first}–${outcome.last}, this input's chunk ${chunk} items ${at[0]![0]}–${at.at(-1)![0]}: the same input cut differently (a credential of another length?). Start the run again on another Redis database.`,
          );
        }
        take(outcome);
        outstanding.delete(chunk);
      }
      if (found.size > 0) rec.flush();
      await lostJobs();
      show();
    };
    const take = (outcome: ChunkOutcome) => {
      for (let i = 0; i < outcome.accepted; i++) rec.add(0, "accepted", [0, 0]);
      for (const line of outcome.lines) rec.add(line.index, line.status, [0, 0], line);
    };
    // A job BullMQ gave up on (stalled too often, data a worker refused) has no outcome: its items failed.
    let lastLostCheck = Date.now();
    const lostJobs = async () => {
      if (Date.now() - lastLostCheck < 5_000) return;
      lastLostCheck = Date.now();
      for (const [chunk, at] of outstanding) {
        const job = await queue.getJob(jobId(run, chunk));
        const state = job ? await job.getState() : "missing";
        if (state !== "failed" && state !== "missing") continue;
        if ((await readOutcomes(redis, run, [chunk])).size > 0) continue; // recorded meanwhile
        const error = redact(state === "missing" ? "the job left the queue without an outcome" : `the queue gave up on the job: ${job!.failedReason}`, secrets);
        const items = (job?.data as Partial<ChunkJob> | undefined)?.items;
        at.forEach(([index, line], k) => rec.add(index, "failed", [0, 0], { index, line, status: "failed", error, attempts: job?.attemptsMade ?? 0, ...(items?.[k] ? { item: items[k] } : {}) }));
        outstanding.delete(chunk);
        await job?.remove().catch(() => {});
      }
    };

    // Reading, cutting and queueing.
    const records = new Map<number, { index: number; line: number; item: Record<string, unknown> }>(); // by the packer's index
    let read = 0;
    let inputError: string | undefined;
    async function* items(): AsyncGenerator<Record<string, unknown>> {
      let sent = 0;
      try {
        for await (const record of source.open()) {
          if (o.signal?.aborted) return;
          const index = read++;
          progress.update({ bytesRead: record.end });
          if (!record.ok) {
            const why = record.tooLarge ? { reason: "too_large", ...record.tooLarge } : { reason: "input", error: record.error };
            rec.add(index, "rejected", [0, 0], { index, line: record.line, status: "rejected", ...why, text: record.text });
            continue;
          }
          progress.sending();
          records.set(sent++, { index, line: record.line, item: record.item });
          yield record.item;
        }
      } catch (e) {
        inputError = e instanceof InputError ? e.message : `cannot read ${source.name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      }
    }
    const hide = redactor(op.secrets);
    let chunks = 0;
    const check = (item: unknown) => transport.validate(item);
    for await (const c of packChunks(items(), framing, limits, check, o.signal)) {
      if (c.kind === "refused") {
        const outcome = redactOutcome(c.outcome, hide) as Exclude<ItemOutcome, { status: "accepted" | "not_sent" }>;
        const r = records.get(outcome.index)!;
        records.delete(outcome.index);
        rec.add(r.index, "rejected", [0, 0], failedLine(r, outcome, op.secrets));
        continue;
      }
      c.release(); // the bytes only told where the chunk ends: workers pack its records again
      const members = c.indexes.map((i) => {
        const r = records.get(i)!;
        records.delete(i);
        return r;
      });
      const chunk = chunks++;
      const at: ChunkJob["at"] = members.map((m) => [m.index, m.line]);
      // Room first: only chunks queued (or done) are outstanding, so a check for lost jobs never takes
      // one not queued yet for lost. Chunks done before this run count too (read back as they come).
      while (outstanding.size >= depth) {
        await collect();
        if (outstanding.size >= depth) await sleep(pollMs);
      }
      outstanding.set(chunk, at);
      // Done before this run started, or (resumed) since: a job removed on completion would be queued anew.
      if (done.has(chunk) || (resumed && (await redis.hexists(runKey(run, "outcomes"), String(chunk))) === 1)) continue;
      const data: ChunkJob = {
        run,
        chunk,
        target: o.target,
        params,
        ...(o.format ? { format: o.format } : {}),
        ...(o.maxItems ? { maxItems: o.maxItems } : {}),
        items: members.map((m) => m.item),
        at,
      };
      if (resumed) {
        // A job the queue gave up on in an earlier run (its items reported failed then) is tried again.
        const earlier = await queue.getJob(jobId(run, chunk));
        if (earlier && (await earlier.getState()) === "failed") await earlier.remove();
      }
      await queue.add("chunk", data, { jobId: jobId(run, chunk), attempts, backoff: { type: "exponential", delay: 500 }, removeOnComplete: true, removeOnFail: false });
    }
    if (!o.signal?.aborted && inputError === undefined) await redis.hset(meta, { chunks: String(chunks), items: String(read) });

    // Every queued chunk's outcome, as workers record them.
    while (outstanding.size > 0 && !o.signal?.aborted) {
      await collect();
      if (outstanding.size > 0) await sleep(pollMs);
    }
    progress.stop();
    rec.flush();

    const c = rec.counts;
    const seconds = (Date.now() - started) / 1000;
    const total = c.accepted + c.rejected + c.failed;
    o.log(
      `${o.target}: ${read} items read; ${c.accepted} accepted, ${c.rejected} rejected, ${c.failed} failed${outstanding.size > 0 ? `, ${outstanding.size} chunks not done` : ""} ` +
        `in ${seconds.toFixed(1)} s (${seconds > 0 ? Math.round(total / seconds) : total} items/s; run ${run}).`,
    );
    if (o.failed !== undefined && c.rejected + c.failed > 0) o.log(`Items not accepted: ${o.failed}`);
    if (inputError !== undefined) o.log(`The input stopped at an error: ${inputError}`);
    const interrupted = o.signal?.aborted === true;
    if (interrupted) {
      o.log(`Interrupted: the chunks already queued stay for the workers. Run the same command again to collect them (and queue the rest).`);
    } else if (inputError === undefined) {
      await redis.hset(meta, "finishedAt", String(Date.now()));
      for (const part of ["meta", "outcomes", "counts", "recent"] as const) await redis.expire(runKey(run, part), FINISHED_RUN_TTL_SECONDS);
    }
    return c.rejected + c.failed > 0 || interrupted || inputError !== undefined ? 1 : 0;
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(redact(e instanceof Error ? e.message : String(e), secrets));
  } finally {
    progress.stop();
    recorder?.close();
    await queue.close().catch(() => {});
    redis.disconnect();
  }
}

function parseQueue(text: string) {
  try {
    return parseQueueUrl(text);
  } catch (e) {
    if (e instanceof QueueError) throw new ImportError(e.message);
    throw e;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
