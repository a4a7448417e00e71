import { Bench } from "tinybench";

/**
 * Runs ours and the peer in the same process, `rounds` times with the order alternating (GC and JIT
 * state favour whoever runs second), and gives the round with the median ratio: one figure that
 * does not swing with a single unlucky round.
 */
export async function compare(ours: () => unknown, peer: () => unknown, time = 400, rounds = 3, iterations?: number): Promise<{ ours: number; peer: number; ratio: number }> {
  const samples: { ours: number; peer: number; ratio: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    // `iterations`: fewer than tinybench's 64 (and 16 for warm-up) when one call takes a large part of a second.
    const bench = new Bench({ time, warmupTime: 100, ...(iterations !== undefined ? { iterations, warmupIterations: Math.min(16, iterations) } : {}) });
    if (round % 2 === 0) bench.add("ours", ours).add("peer", peer);
    else bench.add("peer", peer).add("ours", ours);
    await bench.run();
    const hz = (name: string) => {
      const result = bench.getTask(name)?.result;
      if (result?.state !== "completed") throw new Error(`benchmark task ${name} did not complete: ${result?.state}`);
      return result.throughput.mean;
    };
    samples.push({ ours: hz("ours"), peer: hz("peer"), ratio: hz("ours") / hz("peer") });
  }
  return samples.sort((a, b) => a.ratio - b.ratio)[Math.floor(samples.length / 2)]!;
}

export const fmt = (n: number) => (n < 100 ? n.toFixed(2) : Math.round(n).toLocaleString("en-US"));
export const ratio = (r: number) => `${r.toFixed(2)}×`;

export function printTable(title: string, head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(`\n${title}\n${line(head)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const r of rows) console.log(line(r));
}
