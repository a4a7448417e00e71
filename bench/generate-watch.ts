/**
 * `generate --watch`'s turnaround, in process: the watch machinery (`watchGenerate`) on a temporary copy of
 * this repository's `specs/`, one field of `specs/altcraft/openapi.yaml` changed (a property's description,
 * two texts in turn so that every save changes the output), timed from the write of the spec to the end of
 * the rewrite of altcraft's files — the watch logs its `wrote …` lines once every changed file is written.
 * The debounce (50 ms) and fs.watch's delivery are inside the figure, as a user waits for them. One warm-up
 * change, then ROUNDS timed ones; the median is printed with all of them.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { watchGenerate } from "../src/cli/watch.js";

const FIELD = "description: Skip trigger events. Default false.";
const TEXTS = ["description: Skip trigger events (changed). Default false.", FIELD];

export interface WatchFigure {
  median: number;
  rounds: number[];
  /**
   * The process's CPU time (user + system) over the same spans, median: what the turnaround costs apart from
   * waiting — the debounce, and the cores other processes hold on a shared machine.
   */
  cpuMedian: number;
}

export async function benchWatch(specsDir: string, rounds: number): Promise<WatchFigure> {
  const dir = await mkdtemp(path.join(tmpdir(), "profilekit-bench-watch-"));
  await cp(specsDir, path.join(dir, "specs"), { recursive: true });
  let onWrote: (() => void) | undefined;
  const failures: string[] = [];
  const watcher = watchGenerate({
    specsDir: path.join(dir, "specs"),
    outDir: path.join(dir, "out"),
    runtimeImport: "profilekit/runtime",
    log: (line) => {
      if (/^wrote .*altcraft\//.test(line)) onWrote?.();
    },
    fail: (line) => failures.push(line),
  });
  try {
    await watcher.ready;
    const spec = path.join(dir, "specs", "altcraft", "openapi.yaml");
    const original = await readFile(spec, "utf8");
    if (!original.includes(FIELD)) throw new Error(`bench watch: ${FIELD} not found in specs/altcraft/openapi.yaml`);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let i = 0; i <= rounds; i++) {
      const rewritten = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bench watch: nothing rewritten within 30 s${failures.length ? `:\n${failures.join("\n")}` : ""}`)), 30_000);
        onWrote = () => {
          clearTimeout(timer);
          onWrote = undefined;
          resolve();
        };
      });
      const started = performance.now();
      const cpu = process.cpuUsage();
      await writeFile(spec, original.replace(FIELD, TEXTS[i % 2]!));
      await rewritten;
      if (i > 0) {
        // the first change warms the regeneration path up
        times.push(performance.now() - started);
        const used = process.cpuUsage(cpu);
        cpuTimes.push((used.user + used.system) / 1000);
      }
      await new Promise((r) => setTimeout(r, 200)); // let the watch settle (a second event of the same save)
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return { median: median(times), rounds: times, cpuMedian: median(cpuTimes) };
  } finally {
    await watcher.close();
    await rm(dir, { recursive: true, force: true });
  }
}
