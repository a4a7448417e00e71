/**
 * An import run in Redis. A run is named by what it sends: the operation, the parameters, the format,
 * the chunking (its limits and the envelope's size) and the SHA-256 of the input's content, so the
 * same command on the same file finds its run again after a crash, and a changed file is a new run.
 *
 * Its keys, under `profilekit:run:<id>:`:
 * - `meta` (hash): target, input, createdAt, finishedAt, chunks (once the input is read), items, rate, concurrency.
 * - `outcomes` (hash): chunk number → the chunk's outcome (outcomes.ts), written by the worker that sent it.
 * - `counts` (hash): items accepted, rejected, failed and chunks done, kept with the outcomes.
 * - `recent` (sorted set): the chunks done in the last minute, by time (the status's rate).
 *
 * `profilekit:runs` (sorted set) lists runs by start time for `--status`. A finished run's keys expire
 * after a week; a resumed or rerun command before then finds every chunk done.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { KEY_PREFIX } from "./connection.js";

export const RUNS_KEY = `${KEY_PREFIX}:runs`;
export const FINISHED_RUN_TTL_SECONDS = 7 * 24 * 3600;

export type RunPart = "meta" | "outcomes" | "counts" | "recent";
export const runKey = (run: string, part: RunPart) => `${KEY_PREFIX}:run:${run}:${part}`;

/** The id of the job of one chunk: BullMQ ignores a second add with the same id while the job exists. */
export const jobId = (run: string, chunk: number) => `${run}-${chunk}`;

/** SHA-256 of a file's bytes, read as a stream (never held whole). */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
  return hash.digest("hex");
}

/** A run's id: 24 hex digits of the SHA-256 of what it sends (see above). */
export function runId(parts: { target: string; paramsHash: string; format: string; maxItems: number; maxBytes: number; envelopeBytes: number; input: string }): string {
  const text = JSON.stringify([parts.target, parts.paramsHash, parts.format, parts.maxItems, parts.maxBytes, parts.envelopeBytes, parts.input]);
  return createHash("sha256").update(text).digest("hex").slice(0, 24);
}

/** `--rate <requests>/<seconds>`: whole numbers ≥ 1. */
export interface Rate {
  requests: number;
  seconds: number;
}

export function parseRate(text: string): Rate {
  const m = /^([1-9][0-9]{0,6})\/([1-9][0-9]{0,5})$/.exec(text);
  if (!m) throw new Error(`--rate expects <requests>/<seconds> with whole numbers ≥ 1 (for example 20/1), found ${JSON.stringify(text)}`);
  return { requests: Number(m[1]), seconds: Number(m[2]) };
}

/**
 * The pace BullMQ's limiter holds for a rate: one job start per interval. Starts spread evenly, not a
 * burst per window, so no window of `seconds` holds more than `requests` — and 10% slower than the rate,
 * so that the time between a job's start and its request reaching the API (packing the chunk, a busy
 * machine) cannot push one more in.
 */
export function paceMs(rate: Rate): number {
  return Math.ceil((rate.seconds * 1000 * 11) / (rate.requests * 10)); // whole numbers: no 55.000…01 rounding up
}
