/**
 * A chunk's outcome, as the worker that sent it records it in Redis: the input range it covers, how
 * many items were accepted, and a `--failed` line for every item that was not (rejected by the API,
 * or failed when the retries ran out), already redacted. Every item of the range not in `lines` was
 * accepted: each item's outcome, in a few bytes for a chunk that went through.
 *
 * Written with the run's counts in one Lua script: a chunk sent twice (its worker killed after the
 * API answered) replaces its outcome, and the counts follow, never counted twice.
 */
import type { Redis } from "ioredis";
import type { FailedLine } from "../import/recorder.js";
import { runKey } from "./run.js";

export interface ChunkOutcome {
  /** The input indexes of the chunk's first and last items. */
  first: number;
  last: number;
  accepted: number;
  rejected: number;
  failed: number;
  lines: FailedLine[];
}

// KEYS: outcomes, counts, recent. ARGV: chunk, outcome JSON, accepted, rejected, failed, now (ms).
const RECORD = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  local o = cjson.decode(old)
  redis.call('HINCRBY', KEYS[2], 'accepted', -o.accepted)
  redis.call('HINCRBY', KEYS[2], 'rejected', -o.rejected)
  redis.call('HINCRBY', KEYS[2], 'failed', -o.failed)
  redis.call('HINCRBY', KEYS[2], 'resent', 1)
else
  redis.call('HINCRBY', KEYS[2], 'chunks', 1)
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], 'accepted', ARGV[3])
redis.call('HINCRBY', KEYS[2], 'rejected', ARGV[4])
redis.call('HINCRBY', KEYS[2], 'failed', ARGV[5])
local now = tonumber(ARGV[6])
local items = tonumber(ARGV[3]) + tonumber(ARGV[4]) + tonumber(ARGV[5])
redis.call('ZADD', KEYS[3], now, ARGV[1] .. ':' .. ARGV[6] .. ':' .. items)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 60000)
return 1
`;

export async function recordOutcome(redis: Redis, run: string, chunk: number, outcome: ChunkOutcome, now = Date.now()): Promise<void> {
  await redis.eval(RECORD, 3, runKey(run, "outcomes"), runKey(run, "counts"), runKey(run, "recent"), String(chunk), JSON.stringify(outcome), outcome.accepted, outcome.rejected, outcome.failed, now);
}

/** The outcomes of these chunks that are recorded (read in slices of 500). */
export async function readOutcomes(redis: Redis, run: string, chunks: readonly number[]): Promise<Map<number, ChunkOutcome>> {
  const found = new Map<number, ChunkOutcome>();
  for (let i = 0; i < chunks.length; i += 500) {
    const slice = chunks.slice(i, i + 500);
    const values = await redis.hmget(runKey(run, "outcomes"), ...slice.map(String));
    values.forEach((v, k) => {
      if (v !== null) found.set(slice[k]!, parseOutcome(v, run, slice[k]!));
    });
  }
  return found;
}

/** Every recorded chunk number of a run. */
export async function recordedChunks(redis: Redis, run: string): Promise<number[]> {
  return (await redis.hkeys(runKey(run, "outcomes"))).map(Number).filter((n) => Number.isSafeInteger(n) && n >= 0);
}

function parseOutcome(text: string, run: string, chunk: number): ChunkOutcome {
  const o = JSON.parse(text) as ChunkOutcome;
  const whole = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  if (!(whole(o.first) && whole(o.last) && whole(o.accepted) && whole(o.rejected) && whole(o.failed) && Array.isArray(o.lines))) {
    throw new Error(`the outcome of chunk ${chunk} of run ${run} in Redis is not one profilekit wrote`);
  }
  return o;
}
