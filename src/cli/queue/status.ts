/**
 * `profilekit import --queue redis://… --status`: where the queue's runs stand, across every worker —
 * items done (accepted, rejected, failed) against the items read, chunks done, requests in flight and
 * waiting (BullMQ's counts), the rate over the last minute, the limits, and a 429's pause if one holds.
 */
import type { Redis } from "ioredis";
import { Queue } from "bullmq";
import { KEY_PREFIX, QUEUE_NAME } from "./connection.js";
import { RUNS_KEY, runKey } from "./run.js";

/** The lines to print: the queue, then the latest `runs` runs, newest first. */
export async function queueStatus(redis: Redis, shownUrl: string, runs = 5, now = Date.now()): Promise<string[]> {
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: KEY_PREFIX });
  try {
    const counts = await queue.getJobCounts("active", "waiting", "delayed", "failed");
    const concurrency = await queue.getGlobalConcurrency();
    const pause = await queue.getRateLimitTtl(1_000_000);
    const lines = [
      `Queue ${shownUrl}: ${counts.active ?? 0} chunks in flight, ${counts.waiting ?? 0} waiting, ${counts.delayed ?? 0} waiting to be retried, ${counts.failed ?? 0} given up` +
        `${concurrency ? `; at most ${concurrency} in flight across all workers` : ""}${pause > 0 ? `; paused for ${Math.ceil(pause / 1000)} s more (a 429)` : ""}.`,
    ];
    const ids = await redis.zrevrange(RUNS_KEY, 0, runs - 1);
    if (ids.length === 0) lines.push("No import has run on this queue.");
    for (const id of ids) {
      const meta = await redis.hgetall(runKey(id, "meta"));
      if (Object.keys(meta).length === 0) continue; // expired
      const c = await redis.hgetall(runKey(id, "counts"));
      const n = (k: string) => Number(c[k] ?? 0);
      const done = n("accepted") + n("rejected") + n("failed");
      const recent = await redis.zrangebyscore(runKey(id, "recent"), now - 60_000, "+inf");
      const lastMinute = recent.reduce((sum, member) => sum + Number(member.split(":")[2] ?? 0), 0);
      const state = meta.finishedAt ? `finished ${new Date(Number(meta.finishedAt)).toISOString()}` : `started ${new Date(Number(meta.createdAt)).toISOString()}`;
      const of = meta.items ? ` of ${meta.items} read` : " (input still being read)";
      const chunks = meta.chunks ? `${n("chunks")}/${meta.chunks}` : `${n("chunks")}`;
      lines.push(
        `Run ${id} — ${meta.target} from ${meta.input}, ${state}: ${done} items done${of} ` +
          `(${n("accepted")} accepted, ${n("rejected")} rejected, ${n("failed")} failed), ${chunks} chunks; ` +
          `${Math.round(lastMinute / 60)} items/s over the last minute${meta.rate ? `; --rate ${meta.rate}` : ""}${n("resent") > 0 ? `; ${n("resent")} chunks sent again` : ""}.`,
      );
    }
    return lines;
  } finally {
    await queue.close();
  }
}
