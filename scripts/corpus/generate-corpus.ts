/**
 * The generation part of `npm run test:corpus -- <dir>`: every document of the corpus through the real
 * CLI, as a user would run it, and every generated client compiled by a consumer project.
 *
 * One temporary consumer project (under os.tmpdir()) holds every API:
 *   package.json          "type": "module"
 *   tsconfig.json         strict, module/moduleResolution nodenext, target es2022, lib es2022 + dom, noEmit, skipLibCheck
 *   node_modules/profilekit → a symbolic link to this repository: `profilekit/runtime/*.js` resolves through
 *                         package.json "exports" to dist/, openapi-fetch and the rest from the repository's node_modules
 *   configs/<api>/profilekit.config.json   `{ apis: { <api>: { input: <the document, absolute path>, overlays } } }`,
 *                         the overlays being the README's examples that name this API: examples/vendor-batch/<api>-*.yaml
 *   src/api/<api>/        what `node bin/profilekit.js generate --config configs/<api>/profilekit.config.json --out src/api` writes
 *   src/main.ts           imports each API's index and uses its `operations` and its client factory
 *
 * Per document: the CLI must exit 0 (warnings allowed, counted), and the generated `operations` table must
 * hold as many entries as the document has operations, counted here on the document itself: each path
 * item's get, put, post, delete, options, head, patch and trace, a path item `$ref` followed (into another
 * file too); Swagger 2.0 is counted the same way on its own `paths`. Then one `tsc -p` over the whole
 * project (one program is much faster than one per document): any error fails the corpus.
 *
 * The CLI runs from dist/: `npm run build` is run first when dist/ is missing or older than src/.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import YAML from "yaml";

/** A document of the corpus, as test-corpus.ts finds them. */
export interface CorpusDocument {
  /** As printed: the path relative to the corpus folder (`digital-ocean/DigitalOcean-public.v2.yaml`). */
  label: string;
  /** Absolute path of the document (the entry file of a multi-file description). */
  file: string;
}

export interface GenerateCorpusOptions {
  documents: readonly CorpusDocument[];
  /** Keep the consumer project (its path is printed) instead of removing it. */
  keep?: boolean;
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const CLI = path.join(REPO, "bin", "profilekit.js");
const TSC = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
/**
 * The whole corpus in one program peaks at about 0.9 GB of heap (tsc --extendedDiagnostics, 2026-12-01: 10
 * APIs, 350,000 lines). Under V8's default limit on this machine, but a small CI runner's default can be
 * lower: the limit is raised so that a larger corpus fails on its errors, not on memory.
 */
const TSC_HEAP_MB = 4096;
/** Errors shown per API (all are counted). */
const SHOW_ERRORS = 25;
const SHOW_OUTPUT_LINES = 30;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const num = (n: number): string => n.toLocaleString("en-US");
const plural = (n: number, one: string, many = `${one}s`): string => `${num(n)} ${n === 1 ? one : many}`;
const firstLine = (s: string): string => s.split("\n")[0] ?? "";

// ------------------------------------------------------------------ running things

interface Ran {
  code: number;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  ms: number;
}

function run(command: string, args: string[], cwd: string): Promise<Ran> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
  });
}

const tail = (text: string, lines = SHOW_OUTPUT_LINES): string[] => {
  const all = text.trimEnd().split("\n");
  return all.length > lines ? [`… (${all.length - lines} lines before)`, ...all.slice(-lines)] : all;
};

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(full));
    else if (e.isFile()) t = Math.max(t, statSync(full).mtimeMs);
  }
  return t;
}

/** Why dist/ must be rebuilt before the CLI runs, or undefined when it is up to date. */
function staleDist(): string | undefined {
  const entry = path.join(REPO, "dist", "src", "cli", "main.js");
  // The generator copies these into every validators.ts; `npm run build` copies them after tsc.
  const assets = ["prelude", "formats"].map((f) => path.join(REPO, "dist", "src", "codegen", "validator", `${f}.ts`));
  if (!existsSync(entry) || !assets.every(existsSync)) return "dist/ is missing";
  // tsc rewrites every file it emits, so the CLI's entry is as old as the last build.
  if (newest(path.join(REPO, "src")) > statSync(entry).mtimeMs) return "dist/ is older than src/";
  return undefined;
}

async function ensureBuilt(): Promise<string | undefined> {
  const why = staleDist();
  if (why === undefined) return undefined;
  console.log(`  ${why}: npm run build`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = await run(npm, ["run", "build"], REPO);
  if (r.code !== 0) {
    for (const line of tail(r.output)) console.log(`    ${line}`);
    return `npm run build exited with ${r.code}`;
  }
  console.log(`  built in ${seconds(r.ms)}`);
  return undefined;
}

// ------------------------------------------------------------------ counting operations on the document

function parseDocument(file: string): unknown {
  const text = readFileSync(file, "utf8");
  return file.toLowerCase().endsWith(".json") ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: -1 });
}

function atPointer(doc: unknown, fragment: string): unknown {
  if (fragment === "" || fragment === "/") return doc;
  let node = doc;
  for (const raw of fragment.replace(/^\//, "").split("/")) {
    const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = Array.isArray(node) ? node[Number(token)] : isRecord(node) ? node[token] : undefined;
  }
  return node;
}

/**
 * The operations of a document: each path item's methods, the path item reached through its `$ref`s
 * (in the same file or another one, relative to the file that holds the `$ref`).
 */
export function countOperations(entry: string, root: unknown = parseDocument(entry)): number {
  const files = new Map<string, unknown>([[entry, root]]);
  const read = (file: string) => {
    if (!files.has(file)) files.set(file, parseDocument(file));
    return files.get(file);
  };
  if (!isRecord(root) || !isRecord(root["paths"])) return 0;
  let count = 0;
  for (const [key, item] of Object.entries(root["paths"])) {
    if (key.startsWith("x-")) continue;
    let node = item;
    let file = entry;
    for (let hops = 0; isRecord(node) && typeof node["$ref"] === "string" && hops < 32; hops++) {
      const ref = node["$ref"];
      const hash = ref.indexOf("#");
      const target = hash === -1 ? ref : ref.slice(0, hash);
      const fragment = hash === -1 ? "" : ref.slice(hash + 1);
      if (target !== "") file = path.resolve(path.dirname(file), decodeURI(target));
      node = atPointer(read(file), fragment);
    }
    if (!isRecord(node)) continue;
    for (const m of METHODS) if (isRecord(node[m])) count++;
  }
  return count;
}

// ------------------------------------------------------------------ the consumer project

/** `klaviyo.json` → `klaviyo`, `oai-petstore-3.0.yaml` → `oai-petstore-3-0`; a multi-file description is named by its folder. */
export function apiNameOf(label: string): string {
  const parts = label.split("/");
  const base = parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.(ya?ml|json)$/i, "");
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return /^[a-z]/.test(name) ? name : `api-${name}`.replace(/-+$/, "");
}

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    lib: ["es2022", "dom"],
    noEmit: true,
    skipLibCheck: true,
  },
  include: ["src"],
};

interface DocResult {
  doc: CorpusDocument;
  api: string;
  expected?: number;
  generated?: number;
  warnings: number;
  ms: number;
  /** The client factory client.ts exports. */
  factory?: string | undefined;
  /** Operations with x-batch (added by the README's overlays). */
  batch?: string[];
  failures: string[];
  /** tsc errors in this API's files. */
  errors: TscError[];
}

interface TscError {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

/** `src/main.ts`: each API's index imported, its `operations` counted, its factory called, and every operation a client method. */
function mainSource(apis: readonly { api: string; factory: string; batch?: string[] | undefined }[]): string {
  const id = (api: string) => `api_${api.replace(/-/g, "_")}`;
  const lines = ["// Written by scripts/corpus/generate-corpus.ts: uses each generated API as a consumer would.", ""];
  for (const a of apis) lines.push(`import * as ${id(a.api)} from "./api/${a.api}/index.js";`);
  lines.push("", "/** Every operation of the table is a method of the client. */", "type Covered<Ops, Client> = [Exclude<keyof Ops, keyof Client>] extends [never] ? true : false;", "");
  for (const a of apis) {
    const m = id(a.api);
    lines.push(
      `export const ${m}_operations: number = Object.keys(${m}.operations).length;`,
      `export function ${m}_client(options: Parameters<typeof ${m}.${a.factory}>[0]): ReturnType<typeof ${m}.${a.factory}> {`,
      `  return ${m}.${a.factory}(options);`,
      "}",
      `export const ${m}_covered: Covered<typeof ${m}.operations, ReturnType<typeof ${m}.${a.factory}>> = true;`,
      ...(a.batch ?? []).map((op) => `export const ${m}_${op}_batch = (c: ReturnType<typeof ${m}.${a.factory}>) => [c.${op}.all, c.${op}.stream] as const;`),
      "",
    );
  }
  return lines.join("\n");
}

const TSC_LINE = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

function parseTscOutput(output: string): { errors: TscError[]; other: string[] } {
  const errors: TscError[] = [];
  const other: string[] = [];
  for (const line of output.split("\n")) {
    const m = TSC_LINE.exec(line);
    if (m) errors.push({ file: m[1]!, line: Number(m[2]), column: Number(m[3]), code: m[4]!, message: m[5]! });
    else if (/^\s/.test(line) && errors.length > 0) errors[errors.length - 1]!.message += `\n${line}`;
    else if (line.trim() !== "") other.push(line);
  }
  return { errors, other };
}

function sourceLine(root: string, e: TscError): string {
  try {
    const text = readFileSync(path.resolve(root, e.file), "utf8").split("\n")[e.line - 1] ?? "";
    const t = text.trim();
    return t.length > 160 ? `${t.slice(0, 157)}…` : t;
  } catch {
    return "";
  }
}

const EXAMPLES = path.join(REPO, "examples", "vendor-batch");

/** The README's overlays for an API of the corpus (`brevo-batch.yaml` for `brevo`), absolute paths, in name order. */
function exampleOverlays(api: string): string[] {
  if (!existsSync(EXAMPLES)) return [];
  return readdirSync(EXAMPLES)
    .filter((f) => f.startsWith(`${api}-`) && /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(EXAMPLES, f));
}

/** Runs the generation part; returns whether it failed. */
export async function generateCorpus(o: GenerateCorpusOptions): Promise<boolean> {
  const started = performance.now();
  console.log("generation: each document through `profilekit generate` into one consumer project, compiled by one tsc run\n");
  const buildFailure = await ensureBuilt();
  if (buildFailure !== undefined) {
    console.log(`generation: failed before generating anything: ${buildFailure}`);
    return true;
  }

  const root = mkdtempSync(path.join(os.tmpdir(), "profilekit-corpus-generate-"));
  try {
    writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "profilekit-corpus-consumer", private: true, type: "module" }, null, 2) + "\n");
    writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2) + "\n");
    mkdirSync(path.join(root, "node_modules"), { recursive: true });
    symlinkSync(REPO, path.join(root, "node_modules", "profilekit"), "dir");
    const outDir = path.join(root, "src", "api");
    mkdirSync(outDir, { recursive: true });

    const results: DocResult[] = [];
    const taken = new Set<string>();
    for (const doc of o.documents) {
      // What is not an API description (a JSON file of something else) is left out, as the validator part does.
      let parsed: unknown;
      try {
        parsed = parseDocument(doc.file);
      } catch (e) {
        parsed = e;
      }
      if (!(parsed instanceof Error) && !(isRecord(parsed) && ("openapi" in parsed || "swagger" in parsed))) {
        console.log(`  ${doc.label}: no openapi or swagger field, skipped`);
        continue;
      }
      let api = apiNameOf(doc.label);
      for (let i = 2; taken.has(api); i++) api = `${apiNameOf(doc.label)}-${i}`;
      taken.add(api);
      const r: DocResult = { doc, api, warnings: 0, ms: 0, failures: [], errors: [] };
      results.push(r);
      try {
        if (parsed instanceof Error) throw parsed;
        r.expected = countOperations(doc.file, parsed);
      } catch (e) {
        r.failures.push(`cannot count its operations: ${e instanceof Error ? firstLine(e.message) : String(e)}`);
      }
      const configFile = path.join(root, "configs", api, "profilekit.config.json");
      mkdirSync(path.dirname(configFile), { recursive: true });
      const overlays = exampleOverlays(api);
      writeFileSync(configFile, JSON.stringify({ apis: { [api]: { input: doc.file, overlays } } }, null, 2) + "\n");
      const ran = await run(process.execPath, [CLI, "generate", "--config", configFile, "--out", outDir], root);
      r.ms = ran.ms;
      r.warnings = ran.output.split("\n").filter((l) => l.startsWith("warning:")).length;
      if (ran.code !== 0) {
        r.failures.push(`profilekit generate exited with ${ran.code}:`, ...tail(ran.output).map((l) => `  ${l}`));
        continue;
      }
      const folder = path.join(outDir, api);
      try {
        const mod = (await tsImport(pathToFileURL(path.join(folder, "operations.ts")).href, import.meta.url)) as { operations?: unknown };
        if (!isRecord(mod.operations)) r.failures.push("operations.ts exports no operations table");
        else {
          r.generated = Object.keys(mod.operations).length;
          r.batch = Object.entries(mod.operations)
            .filter(([, op]) => isRecord(op) && op["batch"] !== undefined)
            .map(([name]) => name);
          // The README's overlays add x-batch: the batch methods must be there (tsc checks .all and .stream below).
          if (overlays.length > 0 && r.batch.length === 0) r.failures.push(`the overlays ${overlays.map((f) => path.basename(f)).join(", ")} gave no batch operation`);
        }
      } catch (e) {
        r.failures.push(`operations.ts does not load: ${e instanceof Error ? `${e.name}: ${firstLine(e.message)}` : String(e)}`);
      }
      if (r.generated !== undefined && r.expected !== undefined && r.generated !== r.expected) {
        r.failures.push(`${r.generated} operations generated, the document has ${r.expected}`);
      }
      const client = existsSync(path.join(folder, "client.ts")) ? readFileSync(path.join(folder, "client.ts"), "utf8") : "";
      r.factory = /^export function (create\w*Client)\(/m.exec(client)?.[1];
      if (r.factory === undefined) r.failures.push("client.ts exports no create…Client function");
    }

    // One program for every API that was generated.
    const compiled = results.filter((r) => r.factory !== undefined);
    writeFileSync(path.join(root, "src", "main.ts"), mainSource(compiled.map((r) => ({ api: r.api, factory: r.factory!, batch: r.batch }))));
    const tsc = await run(process.execPath, [`--max-old-space-size=${TSC_HEAP_MB}`, TSC, "-p", path.join(root, "tsconfig.json"), "--pretty", "false"], root);
    const { errors, other } = parseTscOutput(tsc.output);
    const unplaced: TscError[] = [];
    for (const e of errors) {
      const m = /^src\/api\/([^/]+)\//.exec(e.file.split(path.sep).join("/"));
      const owner = m ? results.find((r) => r.api === m[1]) : undefined;
      if (owner) owner.errors.push(e);
      else unplaced.push(e);
    }
    const tscFailed = tsc.code !== 0 || errors.length > 0;

    // Per document, then the compiler's verdict, then the total.
    const labelWidth = Math.max(...results.map((r) => r.doc.label.length));
    const apiWidth = Math.max(...results.map((r) => r.api.length));
    for (const r of results) {
      const ops = `${r.generated ?? "–"}/${r.expected ?? "?"}`;
      const verdict = r.failures.length > 0 || r.errors.length > 0 ? `FAILED${r.errors.length > 0 ? ` (${plural(r.errors.length, "tsc error")})` : ""}` : "ok";
      console.log(
        `  ${r.doc.label.padEnd(labelWidth)}  ${r.api.padEnd(apiWidth)}  operations ${ops.padStart(7)}  warnings ${String(r.warnings).padStart(4)}  generate ${seconds(r.ms).padStart(6)}  ${verdict}${r.batch?.length ? `  (batch: ${r.batch.join(", ")})` : ""}`,
      );
      for (const f of r.failures) console.log(`      ${f}`);
    }
    console.log(
      `\n  tsc -p (one program, ${plural(compiled.length, "API")}, strict, nodenext): ${errors.length === 0 && tsc.code === 0 ? "no errors" : `${plural(errors.length, "error")}, exit ${tsc.code}`}, ${seconds(tsc.ms)}`,
    );
    const showErrors = (list: TscError[], title: string) => {
      if (list.length === 0) return;
      const byCode = new Map<string, number>();
      for (const e of list) byCode.set(e.code, (byCode.get(e.code) ?? 0) + 1);
      console.log(`  ${title}: ${num(list.length)} (${[...byCode].map(([c, n]) => `${c} ×${n}`).join(", ")})`);
      for (const e of list.slice(0, SHOW_ERRORS)) {
        console.log(`    ${e.file}:${e.line}:${e.column} error ${e.code}: ${e.message.split("\n").join("\n      ")}`);
        const src = sourceLine(root, e);
        if (src) console.log(`      > ${src}`);
      }
      if (list.length > SHOW_ERRORS) console.log(`    … and ${num(list.length - SHOW_ERRORS)} more`);
    };
    for (const r of results) showErrors(r.errors, `${r.api}`);
    showErrors(unplaced, "other files");
    if (tsc.code !== 0 && errors.length === 0) for (const line of tail(other.join("\n"))) console.log(`    ${line}`);

    const failed = results.filter((r) => r.failures.length > 0 || r.errors.length > 0).length;
    const generated = results.reduce((n, r) => n + (r.generated ?? 0), 0);
    const expected = results.reduce((n, r) => n + (r.expected ?? 0), 0);
    const warnings = results.reduce((n, r) => n + r.warnings, 0);
    const generateMs = results.reduce((n, r) => n + r.ms, 0);
    console.log(
      `\ngeneration: ${plural(results.length, "document")}, ${num(generated)}/${num(expected)} operations, ${plural(warnings, "warning")}, ` +
        `${failed} failed, tsc ${plural(errors.length, "error")}; ` +
        `generate ${seconds(generateMs)}, tsc ${seconds(tsc.ms)}, total ${seconds(performance.now() - started)}`,
    );
    if (o.keep) console.log(`generation: the consumer project is kept in ${root}`);
    return failed > 0 || tscFailed || results.length === 0;
  } finally {
    if (!o.keep) {
      // The link first, on its own: nothing may ever walk into the repository it points to.
      rmSync(path.join(root, "node_modules", "profilekit"), { force: true });
      rmSync(root, { recursive: true, force: true });
    }
  }
}
