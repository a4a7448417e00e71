// Issue 15: imports through a BullMQ queue on a real Redis (Debian's redis-server on a free port),
// every part a process of the built CLI — the producer (`import --queue`), the workers, the sandbox —
// talking HTTP over loopback. `npm run test:queue` (CI) at 4,000 profiles; `npm run test:soak` at 100,000.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { LoggedRequest } from "../../src/sandbox/request-log.js";
import type { SandboxData } from "../../src/sandbox/index.js";
import { cli, sandboxProcess, until, type CliProcess, type SandboxProcess } from "../helpers/cli-processes.js";
import { startRedis, type RedisServer } from "../helpers/redis-server.js";

const SOAK = process.env.MODE === "soak"; // vitest sets it from --mode
const COUNT = SOAK ? 100_000 : 4_000;
const PER = 100; // items a request (--max-items)
const TOKEN = "queue-e2e-token-5c1d8e";
const PARAMS = '{"db_id":1,"matching":"custom","field_name":"Custom_ID"}';
const TARGET = "altcraft.updateProfilesBatch";

let redis: RedisServer;
const dir = mkdtempSync(path.join(tmpdir(), "profilekit-queue-e2e-"));
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const data = (n: number): SandboxData => ({
  credentials: { altcraft: TOKEN },
  altcraft: { databases: [{ db_id: 1, profiles: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, fields: { Custom_ID: `c${i}`, _fname: "old" } })) }] },
});
const sent = (i: number) => ({ Custom_ID: `c${i}`, _fname: `Имя ${i}`, email: `u${i}@example.com` });
function inputFile(name: string, n: number): string {
  const file = path.join(dir, name);
  writeFileSync(file, Array.from({ length: n }, (_, i) => JSON.stringify(sent(i))).join("\n") + "\n");
  return file;
}
/** A Redis database of its own per test: runs and limits do not meet. */
const database = (db: number) => redis.url.replace(/\/0$/, `/${db}`);
const envFor = (sandbox: SandboxProcess) => ({ PROFILEKIT_ALTCRAFT_TOKEN: TOKEN, PROFILEKIT_ALTCRAFT_BASE_URL: `${sandbox.url}/altcraft/api` });
const worker = (queue: string, env: Record<string, string>, concurrency = 2) => cli(["worker", "--queue", queue, "--concurrency", String(concurrency)], env);
const applied = (requests: LoggedRequest[]) => requests.reduce((sum, r) => sum + (r.applied ?? 0), 0);

async function stopAll(processes: CliProcess[]): Promise<(number | null)[]> {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGTERM");
  return Promise.all(processes.map((p) => p.exited));
}

/** Every value Redis holds now, as text (for the credential check). */
async function everything(url: string): Promise<string> {
  const r = new Redis(url);
  try {
    const parts: string[] = [];
    for (const key of await r.keys("*")) {
      const type = await r.type(key);
      if (type === "string") parts.push((await r.get(key)) ?? "");
      else if (type === "hash") parts.push(JSON.stringify(await r.hgetall(key)));
      else if (type === "zset") parts.push(JSON.stringify(await r.zrange(key, 0, -1, "WITHSCORES")));
      else if (type === "list") parts.push(JSON.stringify(await r.lrange(key, 0, -1)));
      else if (type === "set") parts.push(JSON.stringify(await r.smembers(key)));
      else if (type === "stream") parts.push(JSON.stringify(await r.xrange(key, "-", "+")));
      parts.push(key);
    }
    return parts.join("\n");
  } finally {
    r.disconnect();
  }
}

/** The sandbox holds every profile with the values sent for it. */
async function expectAllStored(sandbox: SandboxProcess, n: number): Promise<void> {
  const profiles = (await sandbox.store()).altcraft.databases[0]!.profiles;
  const byId = new Map(profiles.map((p) => [p.fields.Custom_ID as string, p.fields]));
  const wrong: number[] = [];
  for (let i = 0; i < n; i++) {
    const fields = byId.get(`c${i}`);
    const want = sent(i);
    if (!fields || fields._fname !== want._fname || fields.email !== want.email) wrong.push(i);
  }
  expect(wrong.slice(0, 10)).toEqual([]);
}

describe("a producer and three workers", () => {
  test(`${COUNT.toLocaleString("en")} profiles, 20% injected faults, one worker killed with kill -9 mid-run and another started: nothing lost, the report matches the store, items sent twice bounded by the chunks in flight at the kill`, async () => {
    // Every request not failed waits 50 ms, as a remote API does: workers always have chunks in flight.
    const sandbox = await sandboxProcess(data(COUNT), "500:0.1,503:0.05,429:0.05,delay:0.8:50", 7);
    const queue = database(1);
    const env = envFor(sandbox);
    const failed = path.join(dir, "kill.failed.ndjson");
    const workers = [worker(queue, env), worker(queue, env), worker(queue, env)];
    try {
      const producer = cli(["import", TARGET, "--input", inputFile("kill.ndjson", COUNT), "--params", PARAMS, "--max-items", String(PER), "--queue", queue, "--failed", failed], env);
      await until(async () => applied(await sandbox.requests()) >= COUNT * 0.3, "30% of the profiles applied", 300_000, 200);
      // While chunks wait in Redis: their data is there, the credential is not.
      const held = await everything(queue);
      expect(held).toContain("Имя");
      expect(held).not.toContain(TOKEN);
      // Killed while it holds chunks (BullMQ's processedBy names the worker).
      const victim = `${hostname()}:${workers[0]!.child.pid}`;
      const bull = new Queue("import", { connection: new Redis(queue, { maxRetriesPerRequest: null }), prefix: "profilekit" });
      let inFlight: number[] = [];
      await until(
        async () => {
          inFlight = (await bull.getActive()).filter((j) => j.processedBy === victim).map((j) => (j.data as { chunk: number }).chunk);
          return inFlight.length > 0;
        },
        "the first worker to hold a chunk",
        60_000,
        5,
      );
      workers[0]!.child.kill("SIGKILL");
      await bull.close();
      workers.push(worker(queue, env));
      // Mid-run, from any machine: where the run stands across all workers.
      const midway = cli(["import", "--queue", queue, "--status"]);
      expect(await midway.exited).toBe(0);
      expect(midway.stdout()).toMatch(/^Queue redis:\/\/127\.0\.0\.1:\d+\/1: \d+ chunks in flight, \d+ waiting, \d+ waiting to be retried, 0 given up/m);
      expect(midway.stdout()).toMatch(
        new RegExp(
          `^Run [0-9a-f]{24} — ${TARGET} from .*kill\\.ndjson, started [^:]+:\\d\\d:[\\d.]+Z: [1-9]\\d* items done(?: of ${COUNT} read| \\(input still being read\\)) .* [1-9]\\d* items/s over the last minute`,
          "m",
        ),
      );

      expect(await producer.exited).toBe(0);
      expect(producer.stdout()).toContain(`${COUNT} items read; ${COUNT} accepted, 0 rejected, 0 failed`);
      expect(producer.stderr()).not.toContain(TOKEN);
      // The report (nothing in --failed, every item accepted) matches the store item by item.
      expect(readFileSync(failed, "utf8")).toBe("");
      await expectAllStored(sandbox, COUNT);
      // Its chunks were taken over by the others (BullMQ's stalled-job check) …
      const others = workers
        .slice(1)
        .map((w) => w.stdout())
        .join("\n");
      for (const chunk of inFlight) expect(others).toMatch(new RegExp(`chunk ${chunk} \\(run`));
      // … and, at least once, only what it had in flight may have been applied twice.
      const requests = await sandbox.requests();
      const twice = applied(requests) - COUNT;
      expect(twice).toBeGreaterThanOrEqual(0);
      expect(twice).toBeLessThanOrEqual(inFlight.length * PER);
      // The faults were there, and were retried through the queue.
      expect(requests.filter((r) => r.fault !== undefined).length).toBeGreaterThan(0);
      expect(await everything(queue)).not.toContain(TOKEN);

      const status = cli(["import", "--queue", queue, "--status"]);
      expect(await status.exited).toBe(0);
      expect(status.stdout()).toContain(`${COUNT} items done of ${COUNT} read (${COUNT} accepted, 0 rejected, 0 failed), ${COUNT / PER}/${COUNT / PER} chunks`);
    } finally {
      const codes = await stopAll(workers);
      await sandbox.stop();
      expect(codes.slice(1)).toEqual([0, 0, 0]); // stopped by SIGTERM: the jobs in flight finished
    }
  });

  test("the producer killed with kill -9 mid-run and started again: it resumes from what Redis records as done", async () => {
    const n = 3_000;
    const sandbox = await sandboxProcess(data(n), "delay:1:20");
    const queue = database(2);
    const env = envFor(sandbox);
    const file = inputFile("resume.ndjson", n);
    const args = ["import", TARGET, "--input", file, "--params", PARAMS, "--max-items", String(PER), "--queue", queue];
    const workers = [worker(queue, env), worker(queue, env)];
    try {
      const first = cli(args, env);
      await until(async () => applied(await sandbox.requests()) >= n / 3, "a third of the profiles applied", 120_000, 50);
      first.child.kill("SIGKILL");
      await first.exited;
      const second = cli(args, env);
      expect(await second.exited).toBe(0);
      expect(second.stdout()).toMatch(/^Resuming run [0-9a-f]{24} from redis:\/\/127\.0\.0\.1:\d+\/2: \d+ chunks recorded as done are not sent again\.$/m);
      expect(second.stdout()).toContain(`${n} items read; ${n} accepted, 0 rejected, 0 failed`);
      await expectAllStored(sandbox, n);
      // No worker died: no chunk is sent twice, the producer's crash included.
      expect(applied(await sandbox.requests())).toBe(n);
      // Once more: everything is done, nothing is sent.
      const third = cli(args, env);
      expect(await third.exited).toBe(0);
      expect(third.stdout()).toMatch(new RegExp(`: ${n / PER} chunks recorded as done are not sent again`));
      expect(applied(await sandbox.requests())).toBe(n);
    } finally {
      await stopAll(workers);
      await sandbox.stop();
    }
  });
});

describe("back-pressure", () => {
  test("at most --queue-depth chunks wait or fly in Redis; a run longer than the producer's lost-job check reports every chunk as its worker recorded it", async () => {
    const n = 300;
    const sandbox = await sandboxProcess(data(n), "delay:1:200");
    const queue = database(5);
    const env = envFor(sandbox);
    const failed = path.join(dir, "depth.failed.ndjson");
    const lone = worker(queue, env, 1);
    const bull = new Queue("import", { connection: new Redis(queue, { maxRetriesPerRequest: null }), prefix: "profilekit" });
    try {
      const producer = cli(["import", TARGET, "--input", inputFile("depth.ndjson", n), "--params", PARAMS, "--max-items", "10", "--queue", queue, "--queue-depth", "2", "--failed", failed], env);
      let most = 0;
      while (producer.child.exitCode === null) {
        const c = await bull.getJobCounts("waiting", "active", "delayed", "prioritized");
        most = Math.max(most, (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0));
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await producer.exited).toBe(0);
      // 30 chunks at 200 ms each, one at a time: over 6 s, past the producer's 5-second check for lost jobs.
      expect(producer.stdout()).toContain(`${n} items read; ${n} accepted, 0 rejected, 0 failed`);
      expect(readFileSync(failed, "utf8")).toBe("");
      expect(most).toBeGreaterThan(0);
      expect(most).toBeLessThanOrEqual(2);
      expect(applied(await sandbox.requests())).toBe(n);
    } finally {
      await bull.close();
      await stopAll([lone]);
      await sandbox.stop();
    }
  });
});

describe("the vendor's limits across all workers", () => {
  test("--rate 20/1 with three workers: no one-second window holds more than 20 requests; a 429 with Retry-After pauses every worker", async () => {
    const n = 1_200;
    const per = 20;
    // Seed 4 draws a 429 (Retry-After: 2) for the 30th and the 54th requests.
    const sandbox = await sandboxProcess(data(n), "429:0.06:2", 4);
    const queue = database(3);
    const env = envFor(sandbox);
    const workers = [worker(queue, env, 4), worker(queue, env, 4), worker(queue, env, 4)];
    try {
      const producer = cli(["import", TARGET, "--input", inputFile("rate.ndjson", n), "--params", PARAMS, "--max-items", String(per), "--queue", queue, "--rate", "20/1"], env);
      expect(await producer.exited).toBe(0);
      expect(producer.stdout()).toContain(`${n} accepted, 0 rejected, 0 failed`);
      const requests = await sandbox.requests();
      expect(applied(requests)).toBe(n);
      const times = requests.map((r) => r.at).sort((a, b) => a - b);
      let most = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[j]! < times[i]! - 999) j++;
        most = Math.max(most, i - j + 1);
      }
      expect(most).toBeLessThanOrEqual(20);
      // Paced, not starved: 60 requests and two 2-second pauses in well under a minute.
      expect(times.at(-1)! - times[0]!).toBeLessThan(20_000);
      const pauses = requests.filter((r) => r.status === 429);
      expect(pauses.length).toBeGreaterThanOrEqual(2);
      for (const p of pauses) {
        // Answered at once: a request already on its way may still arrive just after; then none for the Retry-After.
        const during = times.filter((t) => t > p.at + 250 && t < p.at + 1_900);
        expect({ pause: p.at, during }).toEqual({ pause: p.at, during: [] });
      }
    } finally {
      await stopAll(workers);
      await sandbox.stop();
    }
  });
});

describe("what a worker cannot send", () => {
  test("a worker without the credential fails its jobs at once; the producer reports their items failed, naming the variable", async () => {
    const n = 50;
    const sandbox = await sandboxProcess(data(n));
    const queue = database(4);
    const env = envFor(sandbox);
    const failed = path.join(dir, "nocred.failed.ndjson");
    const lone = worker(queue, { PROFILEKIT_ALTCRAFT_BASE_URL: env.PROFILEKIT_ALTCRAFT_BASE_URL, PROFILEKIT_ALTCRAFT_TOKEN: "" });
    try {
      const producer = cli(["import", TARGET, "--input", inputFile("nocred.ndjson", n), "--params", PARAMS, "--max-items", "25", "--queue", queue, "--failed", failed], env);
      expect(await producer.exited).toBe(1);
      expect(producer.stdout()).toContain(`${n} items read; 0 accepted, 0 rejected, ${n} failed`);
      const lines = readFileSync(failed, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(n);
      expect(lines[0]).toMatchObject({ index: 0, line: 1, status: "failed", item: sent(0) });
      expect(lines[0]!.error).toMatch(/the queue gave up on the job: worker .+: set the PROFILEKIT_ALTCRAFT_TOKEN environment variable/);
      expect(applied(await sandbox.requests())).toBe(0);
      // Fixed, and the same command again: what failed is sent now.
      await stopAll([lone]);
      const fixed = worker(queue, env);
      const again = cli(["import", TARGET, "--input", path.join(dir, "nocred.ndjson"), "--params", PARAMS, "--max-items", "25", "--queue", queue, "--failed", failed], env);
      try {
        expect(await again.exited).toBe(0);
        expect(again.stdout()).toContain(`${n} items read; ${n} accepted, 0 rejected, 0 failed`);
        expect(applied(await sandbox.requests())).toBe(n);
      } finally {
        await stopAll([fixed]);
      }
    } finally {
      await stopAll([lone]);
      await sandbox.stop();
    }
  });
});
