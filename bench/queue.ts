import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startRedis } from "../test/helpers/redis-server.js";
import { cli, sandboxProcess, until, type CliProcess, type SandboxProcess } from "../test/helpers/cli-processes.js";
import { fmt, printTable } from "./compare.js";
import { syntheticProfile } from "./batch-fixtures.mjs";

const TOKEN = "bench-altcraft-token";
const PARAMS = JSON.stringify({ db_id: 1, matching: "custom", field_name: "Custom_ID" });
// 100 profiles a request: the sandbox's own CPU on a request (about 6 ms for 100 of these profiles)
// stays well under the 50 ms it waits, on this 2-core machine as with a remote API whose servers are
// not on it, so the ratios measure how many requests the senders keep in flight, not the sandbox.
const PER_REQUEST = "100";

// CPU seconds from /proc (Linux; elsewhere the CPU columns stay empty), to show where a run's time
// went: the senders, the sandbox, Redis, and processes outside the bench sharing the machine.
const PROC = existsSync("/proc/self/stat");
const TICK = 100; // USER_HZ: /proc's clock ticks a second on Linux
/** The fields of /proc/<pid>/stat after the command name (field 3 first). */
const statFields = (pid: number | "self") =>
  readFileSync(`/proc/${pid}/stat`, "utf8")
    .replace(/^.*\) /s, "")
    .split(" ");
/** A live process's user + system seconds. */
const cpuOf = (pid: number) => {
  const f = statFields(pid);
  return (Number(f[11]) + Number(f[12])) / TICK;
};
/** This process's children once reaped (the import, the producer): user + system seconds. */
const reapedCpu = () => {
  const f = statFields("self");
  return (Number(f[13]) + Number(f[14])) / TICK;
};
/** The pid of this process's child whose command line has `word` (the helpers do not give the sandbox's or Redis's). */
function childPid(word: string): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(Number(entry))[1]) !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").split(/[\0 ]/).includes(word)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no child process running ${word} found in /proc`);
}
/** The machine's busy CPU seconds, all cores (/proc/stat: everything but idle and iowait). */
function machineBusy(): number {
  const t = readFileSync("/proc/stat", "utf8").split("\n")[0]!.split(/\s+/).slice(1).map(Number);
  return (t.reduce((a, b) => a + b, 0) - t[3]! - t[4]!) / TICK;
}

interface Cpu {
  /** The import, or the producer. */
  sender: number;
  workers: number;
  sandbox: number;
  redis: number;
  /** Every other process on the machine (other work sharing the cores), this one excluded. */
  other: number;
}

function cpuSnapshot(workers: readonly CliProcess[]): Cpu & { own: number; busy: number } {
  if (!PROC) return { sender: 0, workers: 0, sandbox: 0, redis: 0, other: 0, own: 0, busy: 0 };
  const own = process.cpuUsage();
  return {
    sender: reapedCpu(),
    workers: workers.reduce((sum, w) => sum + cpuOf(w.child.pid!), 0),
    sandbox: cpuOf(childPid("sandbox")),
    redis: cpuOf(childPid("redis-server")),
    other: 0,
    own: (own.user + own.system) / 1e6,
    busy: machineBusy(),
  };
}

/** The reasons in a `--failed` file, each with how many items and the first of their input lines. */
function failedSummary(file: string): string {
  if (!existsSync(file)) return "";
  const reasons = new Map<string, number[]>();
  for (const text of readFileSync(file, "utf8").split("\n")) {
    if (text === "") continue;
    const line = JSON.parse(text) as { line: number; status: string; error?: string; reason?: string };
    const why = `${line.status}: ${line.error ?? line.reason ?? "?"}`;
    reasons.set(why, [...(reasons.get(why) ?? []), line.line]);
  }
  return [...reasons].map(([why, lines]) => `\n--failed: ${lines.length} items ${why} (input lines ${lines.filter((_, k) => k < 12).join(", ")}${lines.length > 12 ? ", …" : ""})`).join("");
}

interface Run {
  seconds: number;
  /** From the start to the first request's arrival at the sandbox, and from the last one's arrival to the exit. */
  firstRequest: number;
  afterLast: number;
  cpu: Cpu;
}

/**
 * One run: `start` spawns the timed process (the import, or the producer), timed from its start to its
 * exit, with `workers` already running; it writes the items not accepted to `failed` (in `dir`).
 * Checks that it exited 0 having accepted every item and that the sandbox applied every item, and
 * throws otherwise (with the reasons in `failed`): no figure for a broken run. CPU: over the same span.
 */
async function timed(sandbox: SandboxProcess, count: number, what: string, dir: string, start: (failed: string) => CliProcess, workers: readonly CliProcess[] = []): Promise<Run> {
  await sandbox.reset(); // each run against the start data, its request record empty
  const failed = path.join(dir, `failed-${what.replace(/\W+/g, "-")}.ndjson`);
  const before = cpuSnapshot(workers);
  const t0 = performance.now();
  const started = Date.now(); // the sandbox records arrivals in epoch milliseconds
  const p = start(failed);
  const code = await p.exited;
  const seconds = (performance.now() - t0) / 1000;
  const ended = Date.now();
  const after = cpuSnapshot(workers);
  const accepted = /(\d+) accepted/.exec(p.stdout());
  if (code !== 0 || !accepted || Number(accepted[1]) !== count) {
    throw new Error(`${what}: exited ${code}, expected ${count} accepted:\n${p.stdout()}${p.stderr().slice(-1000)}${failedSummary(failed)}`);
  }
  const requests = await sandbox.requests();
  const applied = requests.reduce((sum, r) => sum + (r.applied ?? 0), 0);
  if (applied < count) throw new Error(`${what}: the sandbox applied ${applied} of ${count} items (${requests.length} requests recorded)`);
  const d = (k: keyof Cpu | "own" | "busy") => after[k] - before[k];
  const cpu = { sender: d("sender"), workers: d("workers"), sandbox: d("sandbox"), redis: d("redis"), other: 0 };
  cpu.other = Math.max(0, d("busy") - d("own") - cpu.sender - cpu.workers - cpu.sandbox - cpu.redis);
  const arrivals = requests.map((r) => r.at);
  return { seconds, firstRequest: (Math.min(...arrivals) - started) / 1000, afterLast: (ended - Math.max(...arrivals)) / 1000, cpu };
}

/**
 * `profilekit import --queue` (the producer) with `workers` processes `profilekit worker
 * --concurrency 1` on `url`'s Redis database, started and ready (each has printed that it takes jobs)
 * before the producer starts; stopped with SIGTERM after it exits, and waited for.
 */
async function queued(sandbox: SandboxProcess, count: number, input: string, dir: string, url: string, env: Record<string, string>, workers: number): Promise<Run> {
  const running: CliProcess[] = [];
  try {
    for (let k = 0; k < workers; k++) running.push(cli(["worker", "--queue", url, "--concurrency", "1"], env));
    await until(() => running.every((w) => /taking jobs from/.test(w.stdout()) || w.child.exitCode !== null), "the workers to start", 30_000);
    const early = running.find((w) => w.child.exitCode !== null);
    if (early) throw new Error(`a worker exited at start: ${early.stdout()}${early.stderr()}`);
    const run = await timed(
      sandbox,
      count,
      `queue with ${workers} worker(s)`,
      dir,
      (failed) => cli(["import", "altcraft.updateProfilesBatch", "--input", input, "--params", PARAMS, "--max-items", PER_REQUEST, "--failed", failed, "--queue", url], env),
      running,
    );
    for (const w of running) w.child.kill("SIGTERM");
    const codes = await Promise.all(running.map((w) => w.exited));
    const bad = codes.findIndex((c) => c !== 0);
    if (bad >= 0) throw new Error(`worker ${bad + 1} of ${workers} exited ${codes[bad]} on SIGTERM:\n${running[bad]!.stderr().slice(-2000)}`);
    return run;
  } finally {
    for (const w of running) if (w.child.exitCode === null) w.child.kill("SIGTERM");
    await Promise.all(running.map((w) => w.exited));
  }
}

/**
 * `count` profiles (default 100,000, `BENCH_QUEUE_ITEMS`) into the sandbox answering every request
 * after 50 ms, 100 a request: the local import at concurrency 1 and 3, then through a BullMQ queue on
 * a throwaway Redis with one worker and with three (each `--concurrency 1`). Every process is the
 * built CLI, as users run it. Time: from the start of the import (the producer) to its exit; the
 * workers are started and ready before. Each queue run uses its own Redis database: a run is named by
 * its input, and a second run on the same database would find the first one done.
 */
export async function benchQueue(): Promise<void> {
  const count = Number(process.env["BENCH_QUEUE_ITEMS"] ?? 100_000);
  const n = fmt(count);
  const build = spawnSync("npm", ["run", "build"], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);

  const dir = mkdtempSync(path.join(tmpdir(), "profilekit-bench-queue-"));
  const input = path.join(dir, "profiles.ndjson");
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify(syntheticProfile(i)));
  writeFileSync(input, lines.join("\n") + "\n");
  const profiles = Array.from({ length: count }, (_, i) => ({ id: `p${i}`, fields: { Custom_ID: i } }));

  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  let sandbox: SandboxProcess | undefined;
  try {
    redis = await startRedis();
    sandbox = await sandboxProcess({ credentials: { altcraft: TOKEN }, altcraft: { databases: [{ db_id: 1, profiles }] } }, "delay:1:50");
    const env = { PROFILEKIT_ALTCRAFT_TOKEN: TOKEN, PROFILEKIT_ALTCRAFT_BASE_URL: `${sandbox.url}/altcraft/api` };
    const sb = sandbox;
    const local = (concurrency: number) =>
      timed(sb, count, `local import, concurrency ${concurrency}`, dir, (failed) =>
        cli(["import", "altcraft.updateProfilesBatch", "--input", input, "--params", PARAMS, "--max-items", PER_REQUEST, "--failed", failed, "--concurrency", String(concurrency)], env),
      );
    const db = (k: number) => `redis://127.0.0.1:${redis!.port}/${k}`;

    const a = await local(1);
    const b = await local(3);
    const c = await queued(sb, count, input, dir, db(1), env, 1);
    const d = await queued(sb, count, input, dir, db(2), env, 3);

    const rate = (r: Run) => count / r.seconds;
    const cpu = (seconds: number) => (PROC ? `${seconds.toFixed(1)} s` : "");
    const row = (run: string, r: Run, ratio: string, target: string) => [
      run,
      `${r.seconds.toFixed(2)} s`,
      `${fmt(rate(r))} /s`,
      ratio,
      target,
      `${r.firstRequest.toFixed(2)} s`,
      `${r.afterLast.toFixed(2)} s`,
      cpu(r.cpu.sender),
      r.cpu.workers > 0 ? cpu(r.cpu.workers) : "",
      cpu(r.cpu.sandbox),
      cpu(r.cpu.redis),
      cpu(r.cpu.other),
    ];
    printTable(
      `Queue throughput: ${n} profiles into the sandbox (its own process, answering after 50 ms), ${PER_REQUEST} a request; the local import at concurrency 3 against 1, and three workers against one (time: from the start of the import or producer to its exit; 1st request: from that start to the first request's arrival, after last: from the last one's arrival to the exit; CPU seconds over the time, "other" = every process outside the bench)`,
      ["run", "time", "throughput", "ratio", "target", "1st request", "after last", "CPU import", "CPU workers", "CPU sandbox", "CPU Redis", "CPU other"],
      [
        row("(a) local import, concurrency 1", a, "1.00×", ""),
        row("(b) local import, concurrency 3", b, `${(rate(b) / rate(a)).toFixed(2)}×`, ""),
        row("(c) queue, 1 worker (--concurrency 1)", c, "1.00×", ""),
        row("(d) queue, 3 workers (--concurrency 1 each)", d, `${(rate(d) / rate(c)).toFixed(2)}×`, "≥ 2.5×"),
      ],
    );
  } finally {
    await sandbox?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
