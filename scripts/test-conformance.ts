/**
 * The JSON Schema Test Suite (draft 2020-12) through `compileValidators`.
 *
 *   npm run test:conformance -- <suite-dir> [--verbose] [--ajv]
 *
 * <suite-dir> is laid out like upstream json-schema-org/JSON-Schema-Test-Suite: `draft2020-12/*.json`
 * (required), `draft2020-12/optional/format/*.json` (format as an assertion) and `remotes/` (served, by
 * the suite's convention, at http://localhost:1234/; here handed to the compiler as `remotes`, nothing
 * is fetched). Each group's schema is compiled once as `{ Root: schema }`, and each case's `valid`
 * is checked against the generated `validators.Root`. A group that does not compile fails all its
 * cases, with the reason printed once.
 *
 * Prints a line per file (`<file>: N passed, M failed`, the failed cases indented, 20 per file unless
 * --verbose), then the required and optional/format totals. Exits 1 when a required case fails that
 * KNOWN does not list; optional/format failures are printed but do not change the exit code.
 * --ajv runs the same cases through ajv 8 (ajv-formats for optional/format), for comparison: the
 * same report, KNOWN not applied, exit code 0.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import _Ajv2020 from "ajv/dist/2020.js";
import _addFormats from "ajv-formats";
import { compileValidators } from "../src/codegen/index.js";
import { SpecError } from "../src/codegen/spec-error.js";

// ajv and ajv-formats are CommonJS modules whose typings declare `export default`.
const Ajv2020 = _Ajv2020 as unknown as typeof _Ajv2020.default;
const addFormats = _addFormats as unknown as typeof _addFormats.default;

/**
 * Groups that fail for a reason outside the compiler's reach (something not shipped), by file (as
 * printed: `ref.json`, `optional/format/email.json`) and group description. Their failures are
 * printed as known and do not fail the run; a listed group whose cases all pass is reported.
 */
const KNOWN: Record<string, Record<string, string>> = {};

const USAGE = `usage: npm run test:conformance -- <suite-dir> [--verbose] [--ajv]

  <suite-dir>  a copy of JSON-Schema-Test-Suite: draft2020-12/*.json, draft2020-12/optional/format/*.json, remotes/
  --verbose    list every failed case (default: 20 lines per file)
  --ajv        run the cases through ajv 8 instead of compileValidators, for comparison (exit code 0)`;

const REMOTE_BASE = "http://localhost:1234/";
const MAX_LINES_PER_FILE = 20;

interface TestCase {
  description: string;
  data: unknown;
  valid: boolean;
}
interface Group {
  description: string;
  schema: unknown;
  tests: TestCase[];
}
type Formats = "annotate" | "assert";
/** A case's verdict: valid or not, and the first error when not (for the report). */
type Verdict = { valid: boolean; detail?: string };
type Judge = (data: unknown) => Verdict;
interface Engine {
  name: string;
  compile(schema: unknown, formats: Formats): Promise<Judge>;
}

interface Tally {
  passed: number;
  failed: number;
  /** Failed cases in KNOWN groups (counted in `failed` too). */
  known: number;
}

// ------------------------------------------------------------------ arguments

function usageError(message: string): never {
  console.error(`test:conformance: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: string[]): { suite: string; verbose: boolean; ajv: boolean } {
  let suite: string | undefined;
  let verbose = false;
  let ajv = false;
  for (const arg of argv) {
    if (arg === "--verbose") verbose = true;
    else if (arg === "--ajv") ajv = true;
    else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("-")) usageError(`unknown option ${arg}`);
    else if (suite === undefined) suite = arg;
    else usageError(`one suite folder expected, got ${suite} and ${arg}`);
  }
  if (suite === undefined) usageError("the suite folder is missing");
  const dir = path.resolve(suite);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) usageError(`${suite} is not a folder`);
  const draft = path.join(dir, "draft2020-12");
  if (!existsSync(draft) || !readdirSync(draft).some((f) => f.endsWith(".json"))) {
    usageError(`${suite} is not a JSON Schema Test Suite folder (no draft2020-12/*.json in it)`);
  }
  return { suite: dir, verbose, ajv };
}

// ------------------------------------------------------------------ the suite

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json") && statSync(path.join(dir, f)).isFile())
    .sort();
}

/** Every JSON file under remotes/, keyed by its URL under http://localhost:1234/. */
function loadRemotes(suite: string): Record<string, unknown> {
  const root = path.join(suite, "remotes");
  const remotes: Record<string, unknown> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".json")) {
        remotes[REMOTE_BASE + path.relative(root, full).split(path.sep).join("/")] = JSON.parse(readFileSync(full, "utf8"));
      }
    }
  };
  if (existsSync(root)) walk(root);
  return remotes;
}

function readGroups(file: string): Group[] {
  const groups: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(groups)) throw new Error(`${file}: not an array of test groups`);
  return groups as Group[];
}

// ------------------------------------------------------------------ engines

const firstLine = (s: string): string => s.split("\n")[0] ?? "";

function errorReason(e: unknown): string {
  if (e instanceof SpecError) return e.problems.map((p) => `${p.pointer === "" ? "(document)" : p.pointer}: ${p.message}`).join("; ");
  if (e instanceof Error) return `${e.name}: ${firstLine(e.message)}`;
  return String(e);
}

type Issue = { path: string; keyword: string; message: string };
type Validate = (value: unknown) => { ok: true; value: unknown } | { ok: false; errors: Issue[] };

/** Generated modules go to one temporary folder, removed at exit. */
let moduleDir: string | undefined;
let moduleCount = 0;

async function importSource(source: string): Promise<Record<string, unknown>> {
  moduleDir ??= mkdtempSync(path.join(os.tmpdir(), "profilekit-conformance-"));
  const file = path.join(moduleDir, `group-${++moduleCount}.mjs`);
  writeFileSync(file, source);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

function ours(remotes: Record<string, unknown>): Engine {
  return {
    name: "compileValidators",
    async compile(schema, formats) {
      const source = compileValidators({ Root: schema }, { remotes, formats });
      const mod = await importSource(source);
      const validators = mod["validators"] as Record<string, unknown> | undefined;
      const validate = validators?.["Root"];
      if (typeof validate !== "function") throw new Error("the generated module exports no validators.Root function");
      return (data) => {
        const result = (validate as Validate)(data);
        if (result.ok) return { valid: true };
        const first = result.errors[0];
        return first ? { valid: false, detail: `${first.path === "" ? "/" : first.path} ${first.keyword}: ${first.message}` } : { valid: false };
      };
    },
  };
}

function ajvEngine(remotes: Record<string, unknown>): Engine {
  return {
    name: "ajv",
    async compile(schema, formats) {
      const ajv = new Ajv2020({ strict: false, logger: false, validateFormats: formats === "assert" });
      if (formats === "assert") addFormats(ajv, { mode: "full" });
      // Remotes are registered without validating them against their meta-schemas (one of them is a meta-schema).
      for (const [uri, remote] of Object.entries(remotes)) ajv.addSchema(remote as object, uri, undefined, false);
      const validate = ajv.compile(schema as object);
      return (data) => {
        if (validate(data)) return { valid: true };
        const first = validate.errors?.[0];
        return first ? { valid: false, detail: `${first.instancePath === "" ? "/" : first.instancePath} ${first.keyword}: ${first.message ?? ""}` } : { valid: false };
      };
    },
  };
}

// ------------------------------------------------------------------ running

function describe(value: unknown): string {
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 79)}…` : json;
}

async function runFile(engine: Engine, file: string, name: string, formats: Formats, verbose: boolean, applyKnown: boolean): Promise<Tally> {
  const tally: Tally = { passed: 0, failed: 0, known: 0 };
  const lines: string[] = [];
  const known = applyKnown ? (KNOWN[name] ?? {}) : {};
  const seen = new Set<string>();
  let groups: Group[];
  try {
    groups = readGroups(file);
  } catch (e) {
    console.log(`${name}: cannot be read: ${errorReason(e)}`);
    tally.failed++;
    return tally;
  }
  for (const group of groups) {
    const reason = known[group.description];
    const tag = reason === undefined ? "" : `[known: ${reason}] `;
    seen.add(group.description);
    const tests = Array.isArray(group.tests) ? group.tests : [];
    let failedHere = 0;
    let judge: Judge;
    try {
      judge = await engine.compile(group.schema, formats);
    } catch (e) {
      failedHere = tests.length;
      lines.push(`  ${tag}${group.description}: does not compile (${tests.length} cases failed): ${errorReason(e)}`);
      tally.failed += failedHere;
      if (reason !== undefined) tally.known += failedHere;
      continue;
    }
    for (const test of tests) {
      let verdict: Verdict;
      try {
        verdict = judge(test.data);
      } catch (e) {
        failedHere++;
        lines.push(`  ${tag}${group.description} / ${test.description}: the validator threw ${errorReason(e)} (data ${describe(test.data)})`);
        continue;
      }
      if (verdict.valid === test.valid) {
        tally.passed++;
        continue;
      }
      failedHere++;
      const got = verdict.valid ? "valid" : `invalid (${verdict.detail ?? "no error reported"})`;
      lines.push(`  ${tag}${group.description} / ${test.description}: expected ${test.valid ? "valid" : "invalid"}, got ${got}; data ${describe(test.data)}`);
    }
    tally.failed += failedHere;
    if (reason !== undefined) {
      tally.known += failedHere;
      if (failedHere === 0) lines.push(`  note: "${group.description}" is listed in KNOWN (${reason}) but all its cases pass: drop it from the list`);
    }
  }
  for (const description of Object.keys(known)) {
    if (!seen.has(description)) lines.push(`  note: KNOWN lists "${description}", which is not a group of this file`);
  }
  console.log(`${name}: ${tally.passed} passed, ${tally.failed} failed${tally.known > 0 ? ` (${tally.known} known)` : ""}`);
  const shown = verbose ? lines : lines.slice(0, MAX_LINES_PER_FILE);
  for (const line of shown) console.log(line);
  if (shown.length < lines.length) console.log(`  … ${lines.length - shown.length} more (--verbose lists them all)`);
  return tally;
}

function add(a: Tally, b: Tally): Tally {
  return { passed: a.passed + b.passed, failed: a.failed + b.failed, known: a.known + b.known };
}

function summary(label: string, t: Tally): string {
  return `${label}: ${t.passed} passed, ${t.failed} failed${t.known > 0 ? ` (${t.known} known, ${t.failed - t.known} not)` : ""}`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const remotes = loadRemotes(args.suite);
  const engine = args.ajv ? ajvEngine(remotes) : ours(remotes);
  const draft = path.join(args.suite, "draft2020-12");
  const formatDir = path.join(draft, "optional", "format");
  const applyKnown = !args.ajv;
  for (const name of Object.keys(KNOWN)) {
    if (!existsSync(path.join(draft, name))) console.log(`note: KNOWN lists ${name}, which is not a file of the suite`);
  }
  console.log(`${engine.name} on ${args.suite} (${Object.keys(remotes).length} remotes)\n`);

  let required: Tally = { passed: 0, failed: 0, known: 0 };
  for (const f of jsonFiles(draft)) required = add(required, await runFile(engine, path.join(draft, f), f, "annotate", args.verbose, applyKnown));
  console.log();
  let format: Tally = { passed: 0, failed: 0, known: 0 };
  for (const f of jsonFiles(formatDir)) {
    format = add(format, await runFile(engine, path.join(formatDir, f), `optional/format/${f}`, "assert", args.verbose, applyKnown));
  }
  console.log();
  console.log(summary("required", required));
  console.log(summary("optional/format", format));
  console.log(summary("total", add(required, format)));
  if (args.ajv) return 0;
  return required.failed > required.known ? 1 : 0;
}

try {
  process.exitCode = await main();
} finally {
  if (moduleDir !== undefined) rmSync(moduleDir, { recursive: true, force: true });
}
