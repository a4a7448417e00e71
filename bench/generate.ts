/**
 * `npm run bench -- generate <dir>`: profilekit's whole generation against openapi-typescript alone, on
 * real documents (Klaviyo's `klaviyo.json`, DigitalOcean's multi-file `digital-ocean/`), same process.
 *
 *   (a) openapi-typescript alone: `openapiTS(file URL)` + `astToString`, its own reading and Redocly bundling
 *       included, as `npx openapi-typescript <file>` runs;
 *   (b) profilekit: `loadApi` (read, parse with positions, bundle) + `generateApi` (check, validators,
 *       XML shapes, types — openapi-typescript again —, client, operations), all in memory.
 *
 * Each run takes seconds, so tinybench's sampling (bench/compare.ts) would take minutes per figure: here one
 * run of each per round, after one warm-up run of each, 3 rounds with the order alternating, and the round
 * with the median ratio is printed (what `compare` does with throughputs); garbage is collected before each
 * timed run. Then (b) once more per round,
 * stage by stage, the median of each stage printed, so the next engineer sees where the time goes. Last, the
 * turnaround of `generate --watch` after a one-field change (bench/generate-watch.ts).
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import openapiTS, { astToString } from "openapi-typescript";
import { checkSpec } from "../src/codegen/check.js";
import { emitClient } from "../src/codegen/emit-client.js";
import { emitIndex } from "../src/codegen/emit-index.js";
import { emitOperations } from "../src/codegen/emit-operations.js";
import { emitTypes } from "../src/codegen/emit-types.js";
import { emitValidators } from "../src/codegen/emit-validators.js";
import { emitXml } from "../src/codegen/emit-xml.js";
import { generateApi } from "../src/codegen/generate.js";
import { fileHeader } from "../src/codegen/header.js";
import { loadApi } from "../src/codegen/input/load-api.js";
import type { ApiSource } from "../src/codegen/input/sources.js";
import type { LoadedSpec } from "../src/codegen/load.js";
import { formatProblem, type SpecProblem } from "../src/codegen/spec-error.js";
import { printTable, ratio } from "./compare.js";
import { benchWatch } from "./generate-watch.js";

const USAGE = `The generation ratios need the real documents: npm run bench -- [generate] <dir>

  <dir>  the folder of real OpenAPI documents holding klaviyo.json and digital-ocean/DigitalOcean-public.v2.yaml
         (the corpus of npm run test:corpus; a clone of this repository does not have it)`;

const DOCUMENTS: readonly { api: string; entry: string }[] = [
  { api: "klaviyo", entry: "klaviyo.json" },
  { api: "digital-ocean", entry: path.join("digital-ocean", "DigitalOcean-public.v2.yaml") },
];
const ROUNDS = 3;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNTIME_IMPORT = "profilekit/runtime";
const STAGES = ["load/bundle", "check", "validators", "xml", "types", "client", "operations"] as const;
type Stage = (typeof STAGES)[number];

/**
 * A full collection before each timed run, outside the timing: a run leaves hundreds of MB of garbage, and
 * without this whoever runs next pays for it.
 */
let collectGarbage = (): void => {};

const ms = (t: number): string => (t < 10 ? t.toFixed(1) : Math.round(t).toLocaleString("en-US"));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(f: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  const started = performance.now();
  await f();
  return performance.now() - started;
}

/**
 * openapi-typescript alone, as `npx openapi-typescript <file>` runs it: given the file, it reads and
 * bundles it (Redocly, as our loader does) and prints the types. Both sides start from the same file.
 */
async function peer(file: string): Promise<string> {
  const ast = await openapiTS(pathToFileURL(file), { silent: true });
  return astToString(ast);
}

/** profilekit's whole generation, in memory. */
async function ours(source: ApiSource): Promise<number> {
  const spec = await loadApi(source);
  let warnings = 0;
  const files = await generateApi(spec, { runtimeImport: RUNTIME_IMPORT, onWarning: () => warnings++ });
  return files.reduce((n, f) => n + f.content.length, 0) + warnings;
}

/** `generateApi`'s steps one by one (as src/codegen/generate.ts runs them), each timed. */
async function stages(source: ApiSource): Promise<Record<Stage, number>> {
  const t: Partial<Record<Stage, number>> = {};
  collectGarbage();
  let mark = performance.now();
  const lap = (stage: Stage) => {
    const now = performance.now();
    t[stage] = now - mark;
    mark = now;
  };
  const spec: LoadedSpec = await loadApi(source);
  lap("load/bundle");
  const warn = (w: SpecProblem) => void formatProblem(spec.file, { ...w, ...(w.line === undefined ? spec.locate(w.pointer) : {}) });
  const plan = checkSpec(spec, { onWarning: warn });
  lap("check");
  const types = await emitTypes(spec, plan);
  lap("types");
  const validators = emitValidators(spec, plan, warn);
  lap("validators");
  const xml = emitXml(spec, plan, RUNTIME_IMPORT, warn);
  lap("xml");
  const client = emitClient(plan, RUNTIME_IMPORT);
  lap("client");
  const rest = [emitIndex(plan), emitOperations(plan, validators, xml, RUNTIME_IMPORT)];
  lap("operations");
  // What generateApi does with the texts (header, trim) is counted in no stage: it is a few string copies.
  void [types, client, validators.text, xml?.text, ...rest].map((text) => fileHeader(spec.file) + (text ?? "").trim());
  return t as Record<Stage, number>;
}

export async function benchGenerate(dir?: string): Promise<void> {
  if (dir === undefined) {
    console.log(USAGE);
    return;
  }
  // Set here, not when the module loads: the other benchmarks run without it.
  v8.setFlagsFromString("--expose-gc");
  collectGarbage = vm.runInNewContext("gc") as () => void;
  const root = path.resolve(dir);
  const missing = DOCUMENTS.map((d) => path.join(root, d.entry)).filter((f) => !existsSync(f) || !statSync(f).isFile());
  if (missing.length > 0) {
    console.error(`bench generate: not found: ${missing.join(", ")}\n\n${USAGE}`);
    process.exitCode = 1;
    return;
  }
  const rows: string[][] = [];
  const stageRows: string[][] = [];
  for (const d of DOCUMENTS) {
    const source: ApiSource = { api: d.api, input: path.join(root, d.entry), overlays: [] };
    // Warm-up: modules loaded, code compiled, caches filled, for both sides.
    await peer(source.input);
    await ours(source);
    const samples: { ours: number; peer: number; ratio: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let a = 0;
      let b = 0;
      if (round % 2 === 0) {
        b = await timed(() => ours(source));
        a = await timed(() => peer(source.input));
      } else {
        a = await timed(() => peer(source.input));
        b = await timed(() => ours(source));
      }
      samples.push({ ours: b, peer: a, ratio: b / a });
    }
    const m = samples.sort((x, y) => x.ratio - y.ratio)[Math.floor(samples.length / 2)]!;
    rows.push([d.entry, ms(m.peer), ms(m.ours), ratio(m.ratio), samples.map((s) => ratio(s.ratio)).join(" ")]);

    const runs: Record<Stage, number>[] = [];
    for (let round = 0; round < ROUNDS; round++) runs.push(await stages(source));
    const per = Object.fromEntries(STAGES.map((s) => [s, median(runs.map((r) => r[s]))])) as Record<Stage, number>;
    const total = STAGES.reduce((n, s) => n + per[s], 0);
    for (const s of STAGES) stageRows.push([`${d.api} ${s}`, ms(per[s]), `${((100 * per[s]) / total).toFixed(0)} %`]);
    stageRows.push([`${d.api} (sum of the medians)`, ms(total), "100 %"]);
  }
  printTable(
    "Generation: (b) profilekit loadApi + generateApi in memory against (a) openapi-typescript alone on the same file (openapiTS(file URL) + astToString: its own reading and bundling included, as its CLI), same process (time ×: b / a, median of 3 alternating rounds; target ≤ 2.00×)",
    ["document", "(a) ms", "(b) ms", "time ×", "rounds"],
    rows,
  );
  printTable("Generation: profilekit's stages (median of 3 runs each)", ["stage", "ms", "share"], stageRows);
}

/** `generate --watch`'s turnaround on the shipped Altcraft spec: needs no corpus, so it is in the default run. */
export async function benchGenerateWatch(): Promise<void> {
  const watch = await benchWatch(path.join(REPO, "specs"), ROUNDS);
  printTable(
    `Generation: generate --watch, one field of specs/altcraft/openapi.yaml changed → altcraft's files rewritten (in process, debounce included; median of ${ROUNDS} after one warm-up)`,
    ["run", "ms", "rounds", "target", "CPU ms"],
    [["altcraft, one description changed", ms(watch.median), watch.rounds.map(ms).join(" "), "< 300", ms(watch.cpuMedian)]],
  );
}
