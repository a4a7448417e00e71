/**
 * Real vendors' OpenAPI documents through `compileValidators`, and a differential against ajv.
 *
 *   npm run test:corpus -- <dir> [--runs N] [--budget N] [--seed N] [--only validators|generate] [--keep]
 *
 * Two parts, both run unless --only names one: the validators (below), then the generation
 * (scripts/corpus/generate-corpus.ts: every document, Swagger 2.0 included, through `profilekit generate`
 * into a consumer project compiled by tsc, the operations counted).
 *
 * <dir> holds OpenAPI documents: `*.yaml`, `*.yml`, `*.json` files, and folders holding a multi-file
 * description (its root is the folder's top-level file with an `openapi` field). A document with `$ref`s
 * to other files is bundled first (@redocly/openapi-core). The validator part skips Swagger 2.0 documents,
 * with a note; the generation part converts them as the CLI does.
 *
 * For each OpenAPI 3.0/3.1 document, all of `components.schemas` is compiled at once
 * (`compileValidators(schemas, { dialect: "openapi-3.0" | "openapi-3.1", formats: "assert" })`; no
 * `direction`, so readOnly/writeOnly are plain annotations). Schemas the compiler refuses are reported
 * with their pointers and left out, and the rest compiled again. Then, per schema, payloads from a fixed
 * seed — values from test/helpers/schema-arbitrary.ts (valid ones and ones with one rule broken) where it
 * handles the schema, otherwise generic JSON, values taken from the schema and mutations of them — are
 * judged by the generated validator and by ajv 8 (2020-12, ajv-formats, the 3.0 dialect translated by
 * scripts/corpus/translate-30.ts), and the verdicts compared.
 *
 * The peer is plain ajv but where ajv(-formats) is wider or narrower than the text it implements (see
 * `peer()`: date-time, uri, uuid, byte, int64, float, multipleOf). A format our compiler warns it does
 * not know is an annotation on both sides unless it is one of JSON Schema's or OpenAPI's; a format only
 * our compiler checks leaves ajv unable to judge: such schemas, and those ajv cannot compile, are
 * counted and skipped.
 *
 * --runs N    payloads per schema (default 200)
 * --budget N  payloads over the whole corpus (default 150000): when runs × schemas is more, the runs per
 *             schema are lowered to fit (the default keeps the corpus under 3 minutes on 2 cores)
 * --seed N    the seed the per-schema seeds are derived from (default 1)
 *
 * --only P   run one part: validators, or generate
 * --keep      keep the generation part's consumer project (its path is printed)
 *
 * Exits 1 on any disagreement, any schema the compiler refuses, or a document it cannot compile; or, in
 * the generation part, on any document the CLI fails on or whose operations are miscounted, or any tsc error.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { isIPv6 } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bundle, createConfig } from "@redocly/openapi-core";
import _Ajv2020 from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv/dist/2020.js";
import _addFormats from "ajv-formats";
import fc from "fast-check";
import YAML from "yaml";
import { compileValidators } from "../src/codegen/index.js";
import { SpecError } from "../src/codegen/spec-error.js";
import { FORMATS } from "../src/codegen/validator/format-table.js";
import { mapSubschemas } from "../src/codegen/validator/keywords/registry.js";
import { rfc3339DateTime, rfc5321Email } from "../test/helpers/ajv-peer.js";
import { deepClone, mutatedValue, validValue } from "../test/helpers/schema-arbitrary.js";
import { generateCorpus } from "./corpus/generate-corpus.js";
import { stripOpenApi31, translateOpenApi30, type TranslationNotes } from "./corpus/translate-30.js";

// ajv and ajv-formats are CommonJS modules whose typings declare `export default`.
const Ajv2020 = _Ajv2020 as unknown as typeof _Ajv2020.default;
const addFormats = _addFormats as unknown as typeof _addFormats.default;

const USAGE = `usage: npm run test:corpus -- <dir> [--runs N] [--budget N] [--seed N] [--only validators|generate] [--keep]

  <dir>       OpenAPI documents (*.yaml, *.yml, *.json; a folder per multi-file description)
  --runs N    payloads per schema (default 200)
  --budget N  payloads over the whole corpus (default 150000); runs per schema are lowered to fit
  --seed N    seed of the payloads (default 1)
  --only P    one part only: validators (compiled and compared with ajv) or generate (the CLI, tsc, operation counts)
  --keep      keep the generated consumer project (generate part)`;

const DEFAULT_RUNS = 200;
const DEFAULT_BUDGET = 150_000;
/** Fewer payloads than this per schema are not worth the run: the budget never lowers runs below it. */
const MIN_RUNS = 10;
const SHOW_DISAGREEMENTS = 10;
const SHOW_PROBLEMS = 10;
const PAYLOAD_CHARS = 200;
/** The `$id` the translated schemas get in ajv: `#/components/schemas/X` resolves against it. */
const DOC_ID = "https://profilekit.invalid/openapi.json";
/** The formats schema-arbitrary makes values for; others are dropped from the generator's copy (its values then ignore them). */
const GENERATOR_FORMATS = new Set(["email", "date", "date-time", "ipv4", "ipv6", "uri", "uuid"]);

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const firstLine = (s: string): string => s.split("\n")[0] ?? "";
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

// ------------------------------------------------------------------ arguments

type Part = "validators" | "generate";

interface Args {
  dir: string;
  runs: number;
  budget: number;
  seed: number;
  /** The parts to run. */
  parts: ReadonlySet<Part>;
  keep: boolean;
}

function usageError(message: string): never {
  console.error(`test:corpus: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  let dir: string | undefined;
  let runs = DEFAULT_RUNS;
  let budget = DEFAULT_BUDGET;
  let seed = 1;
  let only: Part | undefined;
  let keep = false;
  const count = (flag: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min) usageError(`${flag} wants an integer ≥ ${min}, got ${value ?? "nothing"}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--runs") runs = count(arg, argv[++i], 1);
    else if (arg === "--budget") budget = count(arg, argv[++i], 1);
    else if (arg === "--seed") seed = count(arg, argv[++i], 0);
    else if (arg === "--only") {
      const part = argv[++i];
      if (part !== "validators" && part !== "generate") usageError(`--only wants validators or generate, got ${part ?? "nothing"}`);
      only = part;
    } else if (arg === "--keep") keep = true;
    else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("-")) usageError(`unknown option ${arg}`);
    else if (dir === undefined) dir = arg;
    else usageError(`one folder expected, got ${dir} and ${arg}`);
  }
  if (dir === undefined) usageError("the folder of OpenAPI documents is missing");
  const resolved = path.resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(resolved).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) usageError(`${dir} is not a folder`);
  return { dir: resolved, runs, budget, seed, parts: new Set<Part>(only ? [only] : ["validators", "generate"]), keep };
}

// ------------------------------------------------------------------ documents

const DOC_EXTENSIONS = [".yaml", ".yml", ".json"];
const isDocFile = (f: string): boolean => DOC_EXTENSIONS.some((ext) => f.toLowerCase().endsWith(ext));

function parseFile(file: string): unknown {
  const text = readFileSync(file, "utf8");
  return file.toLowerCase().endsWith(".json") ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: -1 });
}

function hasExternalRef(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasExternalRef);
  if (!isRecord(node)) return false;
  if (typeof node["$ref"] === "string" && !node["$ref"].startsWith("#")) return true;
  return Object.values(node).some(hasExternalRef);
}

interface Candidate {
  /** As printed: the path relative to the corpus folder. */
  label: string;
  file: string;
}

/** The corpus's documents: its top-level files, and in each sub-folder the top-level files with an `openapi`/`swagger` field. */
function discover(dir: string): { candidates: Candidate[]; notes: string[] } {
  const candidates: Candidate[] = [];
  const notes: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const stat = statSync(full); // follows symbolic links
    if (stat.isFile() && isDocFile(name)) candidates.push({ label: name, file: full });
    else if (stat.isDirectory()) {
      const roots = readdirSync(full)
        .filter((f) => isDocFile(f) && statSync(path.join(full, f)).isFile())
        .sort()
        .filter((f) => {
          try {
            const doc = parseFile(path.join(full, f));
            return isRecord(doc) && ("openapi" in doc || "swagger" in doc);
          } catch {
            return false;
          }
        });
      if (roots.length === 0) notes.push(`${name}/: no top-level file with an openapi or swagger field, skipped`);
      for (const f of roots) candidates.push({ label: `${name}/${f}`, file: path.join(full, f) });
    }
  }
  return { candidates, notes };
}

interface LoadedDoc {
  label: string;
  version: string;
  dialect: "openapi-3.0" | "openapi-3.1";
  schemas: Json;
  /** "bundled from N files", when it was. */
  origin: string;
  bundleProblems: string[];
}

async function load(c: Candidate): Promise<LoadedDoc | string> {
  let doc: unknown;
  try {
    doc = parseFile(c.file);
  } catch (e) {
    return `cannot be parsed: ${firstLine((e as Error).message)}`;
  }
  if (!isRecord(doc)) return "not an OpenAPI document (not an object), skipped";
  if (typeof doc["swagger"] === "string" || typeof doc["swagger"] === "number") {
    return `Swagger ${String(doc["swagger"])}, skipped (not converted to OpenAPI 3 yet)`;
  }
  const version = String(doc["openapi"] ?? "");
  const dialect = version.startsWith("3.0") ? "openapi-3.0" : version.startsWith("3.1") ? "openapi-3.1" : undefined;
  if (dialect === undefined) return version === "" ? "no openapi field, skipped" : `OpenAPI ${version}, skipped (3.0 and 3.1 only)`;
  let origin = "single file";
  const bundleProblems: string[] = [];
  if (hasExternalRef(doc)) {
    let result: Awaited<ReturnType<typeof bundle>>;
    try {
      result = await bundle({ ref: c.file, config: await createConfig({}) });
    } catch (e) {
      return `cannot be bundled: ${firstLine((e as Error).message)}`;
    }
    doc = result.bundle.parsed as unknown;
    origin = `bundled from ${plural(result.fileDependencies.size + 1, "file")}`;
    for (const p of result.problems) {
      const where = p.location[0]?.pointer;
      bundleProblems.push(`${p.severity} ${p.ruleId}: ${firstLine(p.message)}${where === undefined ? "" : ` (${where})`}`);
    }
    if (!isRecord(doc)) return "bundling gave no document";
  }
  const components = (doc as Json)["components"];
  const schemas = isRecord(components) && isRecord(components["schemas"]) ? components["schemas"] : {};
  return { label: c.label, version, dialect, schemas, origin, bundleProblems };
}

// ------------------------------------------------------------------ our side

interface Problem {
  pointer: string;
  message: string;
}
type Issue = { path: string; keyword: string; message: string };
type Validate = (value: unknown) => { ok: true; value: unknown } | { ok: false; errors: Issue[] };

let moduleDir: string | undefined;
let moduleCount = 0;

async function importSource(source: string): Promise<Json> {
  moduleDir ??= mkdtempSync(path.join(os.tmpdir(), "profilekit-corpus-"));
  const file = path.join(moduleDir, `doc-${++moduleCount}.mjs`);
  writeFileSync(file, source);
  return (await import(pathToFileURL(file).href)) as Json;
}

/** A JSON Pointer token, percent-decoded first when it comes from a URI fragment. */
function decodeToken(token: string, fragment: boolean): string {
  let t = token;
  if (fragment) {
    try {
      t = decodeURIComponent(token);
    } catch {
      // left as it is
    }
  }
  return t.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The component schema a problem's pointer is in (`/components/schemas/<name>/…`, or `/<name>/…`). */
function schemaOf(pointer: string, names: ReadonlySet<string>): string | undefined {
  const m = /(?:^|[#/])components\/schemas\/([^/]+)/.exec(pointer) ?? /^#?\/([^/]+)/.exec(pointer);
  if (!m) return undefined;
  const name = decodeToken(m[1]!, pointer.startsWith("#"));
  return names.has(name) ? name : undefined;
}

interface OurSide {
  validators: Map<string, Validate>;
  /** Schemas refused, with the problems that name them. */
  refused: Map<string, Problem[]>;
  /** Problems that name no schema: the document was not compiled (or its module not loaded). */
  failure: string[];
  warnings: Problem[];
}

async function compileOurs(d: LoadedDoc): Promise<OurSide> {
  const side: OurSide = { validators: new Map(), refused: new Map(), failure: [], warnings: [] };
  const included = new Set(Object.keys(d.schemas));
  // Each round leaves out the schemas named by the last SpecError; the ones that `$ref` them are named in the next.
  for (let round = 0; included.size > 0; round++) {
    side.warnings = [];
    let source: string;
    try {
      const schemas = Object.fromEntries(Object.entries(d.schemas).filter(([name]) => included.has(name)));
      source = compileValidators(schemas, { dialect: d.dialect, formats: "assert", onWarning: (w) => side.warnings.push(w) });
    } catch (e) {
      if (!(e instanceof SpecError)) {
        side.failure.push(`compileValidators threw ${e instanceof Error ? `${e.name}: ${firstLine(e.message)}` : String(e)}`);
        return side;
      }
      const named = new Set<string>();
      for (const p of e.problems) {
        const name = schemaOf(p.pointer, included);
        if (name === undefined) side.failure.push(`${p.pointer === "" ? "(document)" : p.pointer}: ${p.message}`);
        else {
          named.add(name);
          const list = side.refused.get(name) ?? [];
          list.push({ pointer: p.pointer, message: p.message });
          side.refused.set(name, list);
        }
      }
      if (named.size === 0 || side.failure.length > 0 || round >= 50) {
        if (named.size > 0) side.failure.push(`still refused after ${round + 1} rounds of leaving schemas out`);
        return side;
      }
      for (const name of named) included.delete(name);
      continue;
    }
    let mod: Json;
    try {
      mod = await importSource(source);
    } catch (e) {
      side.failure.push(`the generated module does not load: ${e instanceof Error ? `${e.name}: ${firstLine(e.message)}` : String(e)}`);
      return side;
    }
    const validators = mod["validators"];
    if (!isRecord(validators)) {
      side.failure.push("the generated module exports no validators map");
      return side;
    }
    for (const name of included) {
      const v = validators[name];
      if (typeof v === "function") side.validators.set(name, v as Validate);
      else side.failure.push(`validators[${JSON.stringify(name)}] is not a function`);
    }
    return side;
  }
  return side;
}

// ------------------------------------------------------------------ ajv's side

const mapValues = (o: Json, f: (v: unknown) => unknown): Json => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

const escapePointer = (token: string): string => token.replace(/~/g, "~0").replace(/\//g, "~1");

/** Every `format` and every `#/components/schemas/X` reference in a schema. */
function scan(schema: unknown, formats: Set<string>, refs: Set<string>): void {
  if (Array.isArray(schema)) return schema.forEach((s) => scan(s, formats, refs));
  if (!isRecord(schema)) return;
  for (const [k, v] of Object.entries(schema)) {
    if (k === "format" && typeof v === "string") formats.add(v);
    else if (k === "$ref" && typeof v === "string" && v.startsWith("#/components/schemas/")) {
      refs.add(decodeToken(v.slice("#/components/schemas/".length).split("/")[0]!, true));
    } else if (k !== "enum" && k !== "const" && k !== "default" && k !== "examples") scan(v, formats, refs);
  }
}

interface Reach {
  /** The component schemas a schema reaches through `$ref`s, itself included. */
  schemas: Set<string>;
  /** The formats used in those. */
  formats: Set<string>;
}

/** What each component schema reaches, through its `$ref`s to other component schemas. */
function reachability(schemas: Json): Map<string, Reach> {
  const own = new Map<string, { formats: Set<string>; refs: Set<string> }>();
  for (const [name, s] of Object.entries(schemas)) {
    const formats = new Set<string>();
    const refs = new Set<string>();
    scan(s, formats, refs);
    own.set(name, { formats, refs });
  }
  const out = new Map<string, Reach>();
  for (const name of own.keys()) {
    const seen = new Set<string>([name]);
    const todo = [name];
    const formats = new Set<string>();
    while (todo.length > 0) {
      const o = own.get(todo.pop()!);
      if (!o) continue;
      for (const f of o.formats) formats.add(f);
      for (const r of o.refs) if (!seen.has(r) && own.has(r)) (seen.add(r), todo.push(r));
    }
    out.set(name, { schemas: seen, formats });
  }
  return out;
}

interface AjvSide {
  validators: Map<string, ValidateFunction>;
  /** Schemas ajv cannot judge, and why. */
  skipped: Map<string, string>;
  /** Formats neither side knows: annotations on both. */
  annotations: string[];
  translated: Json;
  reach: Map<string, Reach>;
  notes: TranslationNotes;
}

/** The formats our compiler warned it does not know (and so left as annotations). */
function unknownToUs(warnings: readonly Problem[]): Set<string> {
  const out = new Set<string>();
  for (const w of warnings) {
    const m = /unknown format "([^"]*)"/.exec(w.message);
    if (m) out.add(m[1]!);
  }
  return out;
}

// The peer's formats: ajv-formats "full", except where it is wider than the text the format names
// (the generated validators follow the text). Each is written from that text, not from our compiler.
const UNRESERVED = "A-Za-z0-9\\-._~";
const SUB_DELIMS = "!$&'()*+,;=";
const PCT_ENCODED = "%[0-9A-Fa-f]{2}";
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT_ENCODED})`;
const SEGMENT = `${PCHAR}*`;
const SEGMENT_NZ = `${PCHAR}+`;
const AUTHORITY = `(?:(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT_ENCODED})*@)?(?:\\[(?<literal>[^\\]]*)\\]|(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT_ENCODED})*)(?::[0-9]*)?`;
const QUERY_OR_FRAGMENT = `(?:${PCHAR}|[/?])*`;
/** RFC 3986 section 3: `URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]` (an IP-literal's inside is checked apart). */
const RFC3986_URI = new RegExp(
  `^[A-Za-z][A-Za-z0-9+\\-.]*:(?://${AUTHORITY}(?:/${SEGMENT})*|/(?:${SEGMENT_NZ}(?:/${SEGMENT})*)?|${SEGMENT_NZ}(?:/${SEGMENT})*)?` + `(?:\\?${QUERY_OR_FRAGMENT})?(?:#${QUERY_OR_FRAGMENT})?$`,
);
const IPV_FUTURE = new RegExp(`^v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+$`);

/** RFC 3986's `URI`: ajv-formats' `uri` takes `https://:x.y` (a port of letters) and refuses `http:#f` (an empty path). */
function rfc3986Uri(s: string): boolean {
  const m = RFC3986_URI.exec(s);
  if (!m) return false;
  const literal = m.groups?.["literal"];
  return literal === undefined || IPV_FUTURE.test(literal) || (isIPv6(literal) && !literal.includes("%"));
}
/** RFC 9562's UUID string: ajv-formats also takes a `urn:uuid:` prefix. */
const uuid = (s: string): boolean => /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(s);
/** RFC 4648 base64, padded (OpenAPI's `byte`): ajv-formats' pattern has the `m` flag, so any one good line passes. */
const base64 = (s: string): boolean => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s);
/** OpenAPI's `int64` is a signed 64-bit integer: ajv-formats takes any integer (1e300). */
const int64 = (n: number): boolean => Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63;
/** OpenAPI's `float` is single precision: ajv-formats takes any number. Read here as |n| ≤ the largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;
const float32 = (n: number): boolean => Math.abs(n) <= FLOAT32_MAX;

function peer(): InstanceType<typeof Ajv2020> {
  const ajv = new Ajv2020({ strict: false, logger: false, allErrors: false });
  addFormats(ajv, { mode: "full" });
  // As in test/helpers/ajv-peer.ts: RFC 3339's date-time shape on top of ajv-formats' check.
  ajv.addFormat("date-time", { type: "string", validate: rfc3339DateTime });
  ajv.addFormat("email", { type: "string", validate: rfc5321Email });
  ajv.addFormat("uri", { type: "string", validate: rfc3986Uri });
  ajv.addFormat("uuid", { type: "string", validate: uuid });
  ajv.addFormat("byte", { type: "string", validate: base64 });
  ajv.addFormat("int64", { type: "number", validate: int64 });
  ajv.addFormat("float", { type: "number", validate: float32 });
  // ajv's multipleOf tests `q !== parseInt(q)` for the quotient q, and parseInt("1.25e+299") is 1: every
  // number past 1e21 fails. The keyword's own words: valid when the quotient is an integer.
  ajv.removeKeyword("multipleOf");
  ajv.addKeyword({
    keyword: "multipleOf",
    type: "number",
    schemaType: "number",
    errors: false,
    validate: (m: number, n: number) => m > 0 && Number.isInteger(n / m),
  });
  return ajv;
}

/** What the peer reads differently from plain ajv, for the report. */
const PEER_OVERRIDES =
  "date-time as RFC 3339, email as RFC 5321 (quoted local parts, address literals), uri as RFC 3986, uuid without urn:, byte as base64 (one line), int64 as signed 64-bit, float within float32's range; multipleOf as an integer quotient";

/** The formats of JSON Schema 2020-12 and of OpenAPI 3.x: when our compiler says one of them is unknown, the peer still checks it. */
const STANDARD_FORMATS = new Set(Object.keys(FORMATS));
function compileAjv(d: LoadedDoc, names: Iterable<string>, oursUnknown: ReadonlySet<string>): AjvSide {
  const notes: TranslationNotes = new Map();
  const translated = d.dialect === "openapi-3.0" ? mapValues(d.schemas, (s) => translateOpenApi30(s, notes)) : mapValues(d.schemas, (s) => stripOpenApi31(s, notes));
  const reach = reachability(translated);
  const side: AjvSide = { validators: new Map(), skipped: new Map(), annotations: [], translated, reach, notes };
  const ajv = peer();
  // A format ajv does not know: when our compiler does not know it either, both take it as an annotation;
  // when ours checks it, ajv cannot judge the schemas that reach it (they are skipped below). A format
  // only ajv-formats knows (`url`: neither JSON Schema's nor OpenAPI's) is an annotation on both sides too.
  const used = [...new Set([...reach.values()].flatMap((r) => [...r.formats]))].sort();
  const unknownToAjv = new Set<string>();
  for (const f of used) {
    const ajvKnows = f in ajv.formats;
    if (!ajvKnows) unknownToAjv.add(f);
    if (oursUnknown.has(f) && (!ajvKnows || !STANDARD_FORMATS.has(f))) side.annotations.push(ajvKnows ? `${f} (ajv-formats only)` : f);
    if (!ajvKnows || (oursUnknown.has(f) && !STANDARD_FORMATS.has(f))) ajv.addFormat(f, true);
  }
  try {
    ajv.addSchema({ $id: DOC_ID, components: { schemas: translated } }, undefined, undefined, false);
  } catch (e) {
    for (const name of names) side.skipped.set(name, `ajv does not take the document: ${firstLine((e as Error).message)}`);
    return side;
  }
  for (const name of names) {
    const missing = [...(reach.get(name)?.formats ?? [])].filter((f) => unknownToAjv.has(f) && !oursUnknown.has(f)).sort();
    if (missing.length > 0) {
      side.skipped.set(name, `ajv does not know the format${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
      continue;
    }
    try {
      side.validators.set(name, ajv.compile({ $ref: `${DOC_ID}#/components/schemas/${escapePointer(name)}` }));
    } catch (e) {
      side.skipped.set(name, `ajv cannot compile it: ${firstLine((e as Error).message)}`);
    }
  }
  return side;
}

// ------------------------------------------------------------------ payloads

/** FNV-1a: a per-schema seed that does not move when other schemas come and go. */
function hash(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h | 0;
}

/** Annotations schema-arbitrary does not know and that do not constrain: dropped from its copy. */
const GENERATOR_DROPS = new Set(["nullable", "$schema", "contentMediaType", "contentEncoding", "externalDocs"]);

/** The generator's copy of a (translated) schema: annotations it does not know dropped, formats it cannot make dropped. */
function forGenerator(schema: unknown): unknown {
  if (!isRecord(schema)) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (GENERATOR_DROPS.has(k)) continue;
    if (k === "format" && !(typeof v === "string" && GENERATOR_FORMATS.has(v))) continue;
    out[k] = mapSubschemas(k, v, forGenerator);
  }
  return out;
}

/** The schema a `#/components/schemas/X` reference names, else the schema itself. */
function deref(schema: unknown, schemas: Json, depth = 0): unknown {
  if (depth < 8 && isRecord(schema) && typeof schema["$ref"] === "string" && schema["$ref"].startsWith("#/components/schemas/")) {
    return deref(schemas[decodeToken(schema["$ref"].slice("#/components/schemas/".length), true)], schemas, depth + 1);
  }
  return schema;
}

/** Values written in the schema (examples, defaults, enums, consts), through `$ref`s and allOf/anyOf/oneOf. */
function writtenValues(schema: unknown, schemas: Json, depth = 0): unknown[] {
  const s = deref(schema, schemas);
  if (!isRecord(s) || depth > 3) return [];
  const out: unknown[] = [];
  if ("example" in s) out.push(s["example"]);
  if (Array.isArray(s["examples"])) out.push(...s["examples"]);
  if ("default" in s) out.push(s["default"]);
  if ("const" in s) out.push(s["const"]);
  if (Array.isArray(s["enum"])) out.push(...s["enum"]);
  for (const k of ["allOf", "anyOf", "oneOf"]) {
    const list = s[k];
    if (Array.isArray(list)) for (const part of list) out.push(...writtenValues(part, schemas, depth + 1));
  }
  return out.filter((v) => v !== undefined);
}

/** A value of about the schema's shape: its declared properties (with their written values, or any JSON), items, types. */
function shape(schema: unknown, schemas: Json, depth: number): fc.Arbitrary<unknown> {
  const s = deref(schema, schemas);
  const any = fc.jsonValue({ maxDepth: 2 });
  if (!isRecord(s) || depth > 3) return any;
  const written = writtenValues(s, schemas);
  const choices: fc.Arbitrary<unknown>[] = [];
  for (const k of ["oneOf", "anyOf"]) {
    const list = s[k];
    if (Array.isArray(list) && list.length > 0) choices.push(fc.oneof(...list.slice(0, 8).map((b) => shape(b, schemas, depth + 1))));
  }
  const props: Json = {};
  const required = new Set<string>();
  const parts = [s, ...(Array.isArray(s["allOf"]) ? s["allOf"].map((p) => deref(p, schemas)) : [])];
  for (const part of parts) {
    if (!isRecord(part)) continue;
    if (isRecord(part["properties"])) Object.assign(props, part["properties"]);
    if (Array.isArray(part["required"])) for (const r of part["required"]) required.add(String(r));
  }
  const names = Object.keys(props).slice(0, 30);
  if (names.length > 0) {
    const record = Object.fromEntries(names.map((n) => [n, shape(props[n], schemas, depth + 1)]));
    // Own data properties: `__proto__` stays a key.
    choices.push(fc.record(record, { requiredKeys: names.filter((n) => required.has(n)) }).map((o) => deepClone(o)));
  }
  if ("items" in s && !Array.isArray(s["items"])) choices.push(fc.array(shape(s["items"], schemas, depth + 1), { maxLength: 4 }));
  const types = typeof s["type"] === "string" ? [s["type"]] : Array.isArray(s["type"]) ? s["type"] : [];
  for (const t of types) {
    if (t === "string") choices.push(fc.string({ maxLength: 12 }));
    else if (t === "integer") choices.push(fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, -(2 ** 63))));
    else if (t === "number") choices.push(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()));
    else if (t === "boolean") choices.push(fc.boolean());
    else if (t === "null") choices.push(fc.constant(null));
  }
  if (written.length > 0) choices.push(fc.constantFrom(...written).map((v) => deepClone(v)));
  if (choices.length === 0) return any;
  return fc.oneof({ arbitrary: fc.oneof(...choices), weight: 4 }, { arbitrary: any, weight: 1 });
}

/** One change to a value: a key deleted, added or given another value, an item changed, the value replaced, wrapped or nulled. */
function mutate(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const other = fc.jsonValue({ maxDepth: 1 });
  return fc.tuple(value, fc.nat(), other, fc.constantFrom("delete", "set", "add", "null", "wrap", "replace")).map(([v, at, x, op]) => {
    const val = deepClone(v);
    if (isRecord(val) && Object.keys(val).length > 0 && (op === "delete" || op === "set" || op === "null")) {
      const keys = Object.keys(val);
      const key = keys[at % keys.length]!;
      if (op === "delete") delete val[key];
      else Object.defineProperty(val, key, { value: op === "null" ? null : x, enumerable: true, writable: true, configurable: true });
      return val;
    }
    if (Array.isArray(val) && val.length > 0 && op !== "wrap") {
      val[at % val.length] = op === "null" ? null : x;
      return val;
    }
    if (isRecord(val) && op === "add") {
      Object.defineProperty(val, `extra${at % 3}`, { value: x, enumerable: true, writable: true, configurable: true });
      return val;
    }
    if (op === "wrap") return [val];
    if (op === "null") return null;
    return x;
  });
}

interface Payloads {
  values: unknown[];
  generic?: string;
}

/** n payloads for a schema: half valid, half with one rule broken (schema-arbitrary), else generic ones. */
function payloadsFor(genDoc: Json, schemas: Json, name: string, n: number, seed: number): Payloads {
  try {
    const half = Math.ceil(n / 2);
    const valid = fc.sample(validValue(genDoc, name), { seed, numRuns: half });
    const broken = fc.sample(mutatedValue(genDoc, name), { seed: seed ^ 0x5bd1e995, numRuns: n - half });
    return { values: [...valid, ...broken] };
  } catch (e) {
    // Keywords outside the generator's subset (or a schema it cannot satisfy): generic values.
    const reason = e instanceof Error ? firstLine(e.message).replace(/\s*\(docs\/specs\.md's subset only\)/, "") : String(e);
    const near = shape(schemas[name], schemas, 0);
    const arb = fc.oneof({ arbitrary: near, weight: 2 }, { arbitrary: mutate(near), weight: 2 }, { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 });
    return { values: fc.sample(arb, { seed, numRuns: n }), generic: reason };
  }
}

// ------------------------------------------------------------------ the differential

function showValue(v: unknown): string {
  const json = JSON.stringify(v, (_k, x: unknown) => (Object.is(x, -0) ? "-0 (negative zero)" : x)) ?? String(v);
  return json.length > PAYLOAD_CHARS ? `${json.slice(0, PAYLOAD_CHARS)}…` : json;
}

interface Disagreement {
  schema: string;
  payload: unknown;
  ours: string;
  ajv: string;
}

interface DocReport {
  failed: boolean;
  payloads: number;
  disagreements: number;
}

function countLines(counts: Map<string, number>, limit: number): string[] {
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const lines = sorted.slice(0, limit).map(([k, n]) => `    ${n} × ${k}`);
  if (sorted.length > limit) lines.push(`    … ${sorted.length - limit} more`);
  return lines;
}

async function runDocument(d: LoadedDoc, runs: number, seed: number): Promise<DocReport> {
  const started = Date.now();
  const names = Object.keys(d.schemas);
  console.log(`${d.label}: OpenAPI ${d.version} (${d.origin}), dialect ${d.dialect}, ${plural(names.length, "component schema")}`);
  if (d.bundleProblems.length > 0) {
    console.log(`  bundler: ${plural(d.bundleProblems.length, "problem")}`);
    for (const p of d.bundleProblems.slice(0, SHOW_PROBLEMS)) console.log(`    ${p}`);
  }
  const report: DocReport = { failed: false, payloads: 0, disagreements: 0 };
  if (names.length === 0) {
    console.log("  nothing to compile\n");
    return report;
  }

  const ours = await compileOurs(d);
  const refusals = [...ours.refused.values()].flat();
  console.log(
    `  compiled: ${ours.validators.size} of ${names.length} schemas` +
      (ours.refused.size > 0 ? `, ${ours.refused.size} refused (${plural(refusals.length, "problem")})` : "") +
      (ours.warnings.length > 0 ? `, ${plural(ours.warnings.length, "warning")}` : ""),
  );
  for (const p of refusals.slice(0, SHOW_PROBLEMS)) console.log(`    refused ${p.pointer}: ${p.message}`);
  if (refusals.length > SHOW_PROBLEMS) console.log(`    … ${refusals.length - SHOW_PROBLEMS} more refusals`);
  for (const f of ours.failure) console.log(`    not compiled: ${f}`);
  if (ours.warnings.length > 0) {
    const byMessage = new Map<string, number>();
    for (const w of ours.warnings) byMessage.set(w.message, (byMessage.get(w.message) ?? 0) + 1);
    console.log("  warnings:");
    for (const line of countLines(byMessage, 8)) console.log(line);
  }
  if (ours.refused.size > 0 || ours.failure.length > 0) report.failed = true;

  const ajv = compileAjv(d, ours.validators.keys(), unknownToUs(ours.warnings));
  if (ajv.annotations.length > 0) console.log(`  formats our compiler does not know, annotations on both sides: ${ajv.annotations.join(", ")}`);
  if (ajv.notes.size > 0) {
    console.log(`  ${d.version.slice(0, 3)} for ajv:`);
    for (const line of countLines(ajv.notes, 8)) console.log(line);
  }
  if (ajv.skipped.size > 0) {
    const reasons = new Map<string, number>();
    for (const r of ajv.skipped.values()) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    console.log(`  ajv cannot judge ${plural(ajv.skipped.size, "schema")} (their differential is skipped):`);
    for (const line of countLines(reasons, 5)) console.log(line);
  }

  const generatorSchemas = mapValues(ajv.translated, forGenerator);
  const disagreements: Disagreement[] = [];
  const generic = new Map<string, number>();
  let judged = 0;
  let agreements = 0;
  let ajvThrew = 0;
  /** Disagreements by the rejecting side's first error. */
  const kinds = new Map<string, number>();
  for (const name of names) {
    const mine = ours.validators.get(name);
    const theirs = ajv.validators.get(name);
    if (!mine || !theirs) continue;
    judged++;
    // The generator gets the schemas this one reaches, no more: it walks its whole document for property names.
    const reached = ajv.reach.get(name)?.schemas ?? new Set([name]);
    const genDoc: Json = { openapi: d.version, components: { schemas: Object.fromEntries([...reached].map((n) => [n, generatorSchemas[n]])) } };
    const payloads = payloadsFor(genDoc, d.schemas, name, runs, hash(`${d.label}#${name}`, seed));
    if (payloads.generic !== undefined) generic.set(payloads.generic, (generic.get(payloads.generic) ?? 0) + 1);
    for (const payload of payloads.values) {
      report.payloads++;
      let ourVerdict: boolean | undefined;
      let ourText: string;
      let ourFirst: Issue | undefined;
      try {
        const r = mine(deepClone(payload));
        ourVerdict = r.ok;
        ourFirst = r.ok ? undefined : r.errors[0];
        ourText = r.ok ? "valid" : `invalid${ourFirst ? ` (${ourFirst.path === "" ? "/" : ourFirst.path} ${ourFirst.keyword}: ${ourFirst.message})` : ""}`;
      } catch (e) {
        ourText = `threw ${e instanceof Error ? `${e.name}: ${firstLine(e.message)}` : String(e)}`;
      }
      let ajvVerdict: boolean;
      try {
        ajvVerdict = theirs(payload);
      } catch (e) {
        report.payloads--;
        ajvThrew++;
        if (ajvThrew === 1) console.log(`  ajv threw on a payload of ${name} (such payloads are not counted): ${firstLine(String(e))}`);
        continue;
      }
      if (ourVerdict === ajvVerdict) {
        agreements++;
        continue;
      }
      report.disagreements++;
      const ajvFirst = theirs.errors?.[0];
      const kind =
        ourVerdict === undefined
          ? "ours threw"
          : ourVerdict
            ? `ajv rejects: ${ajvFirst ? `${ajvFirst.keyword}${typeof ajvFirst.params["format"] === "string" ? ` "${ajvFirst.params["format"]}"` : ""}` : "?"}`
            : `ours rejects: ${ourFirst ? `${ourFirst.keyword} (${ourFirst.message.split(", found")[0]!.slice(0, 80)})` : "?"}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if (disagreements.length < SHOW_DISAGREEMENTS) {
        const first = ajvFirst;
        const ajvText = ajvVerdict ? "valid" : `invalid${first ? ` (${first.instancePath === "" ? "/" : first.instancePath} ${first.keyword}: ${first.message ?? ""})` : ""}`;
        disagreements.push({ schema: name, payload, ours: ourText, ajv: ajvText });
      }
    }
  }
  const genericCount = [...generic.values()].reduce((a, b) => a + b, 0);
  console.log(
    `  payloads: ${report.payloads.toLocaleString("en-US")} over ${plural(judged, "schema")} (${judged - genericCount} from schema-arbitrary, ${genericCount} generic)` +
      `; agreements: ${agreements.toLocaleString("en-US")}, disagreements: ${report.disagreements.toLocaleString("en-US")}`,
  );
  if (ajvThrew > 0) console.log(`  ajv threw on ${plural(ajvThrew, "payload")}, not counted`);
  if (genericCount > 0) {
    console.log("  generic payloads, as schema-arbitrary said:");
    for (const line of countLines(generic, 5)) console.log(line);
  }
  if (kinds.size > 0) {
    console.log("  disagreements by the rejecting side's first error:");
    for (const line of countLines(kinds, 8)) console.log(line);
  }
  if (disagreements.length > 0) {
    console.log(`  disagreements (first ${disagreements.length} of ${report.disagreements.toLocaleString("en-US")}):`);
    for (const x of disagreements) {
      console.log(`    ${x.schema}: ${showValue(x.payload)}`);
      console.log(`      ours: ${x.ours}; ajv: ${x.ajv}`);
    }
    report.failed = true;
  }
  console.log(`  ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return report;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const { candidates, notes } = discover(args.dir);
  for (const n of notes) console.log(`note: ${n}`);
  let code = 0;
  if (args.parts.has("validators")) code = await validatorCorpus(args, candidates);
  if (args.parts.has("generate")) {
    if (args.parts.has("validators")) console.log("");
    if (await generateCorpus({ documents: candidates, keep: args.keep })) code = 1;
  }
  return code;
}

/** The validator part: every document's component schemas compiled, and judged against ajv. */
async function validatorCorpus(args: Args, candidates: readonly Candidate[]): Promise<number> {
  const started = Date.now();
  const docs: LoadedDoc[] = [];
  for (const c of candidates) {
    const loaded = await load(c);
    if (typeof loaded === "string") console.log(`${c.label}: ${loaded}`);
    else docs.push(loaded);
  }
  if (docs.length === 0) {
    console.log(`no OpenAPI 3.0/3.1 document in ${args.dir}`);
    return 1;
  }
  const total = docs.reduce((n, d) => n + Object.keys(d.schemas).length, 0);
  let runs = args.runs;
  if (runs * total > args.budget) {
    runs = Math.min(args.runs, Math.max(MIN_RUNS, Math.floor(args.budget / total)));
    console.log(`budget: ${args.budget.toLocaleString("en-US")} payloads over ${plural(total, "schema")}: ${runs} per schema (--runs ${args.runs} asked)`);
  }
  console.log(`${plural(docs.length, "document")}, ${plural(total, "component schema")}, ${runs} payloads per schema, seed ${args.seed}`);
  console.log(`ajv's side: ajv 8 (2020-12) with ajv-formats "full", but ${PEER_OVERRIDES}\n`);

  let failed = 0;
  let payloads = 0;
  let disagreements = 0;
  for (const d of docs) {
    const r = await runDocument(d, runs, args.seed);
    if (r.failed) failed++;
    payloads += r.payloads;
    disagreements += r.disagreements;
  }
  console.log(
    `corpus: ${plural(docs.length, "document")}, ${payloads.toLocaleString("en-US")} payloads, ${plural(disagreements, "disagreement")}, ` +
      `${failed} document${failed === 1 ? "" : "s"} with refusals or disagreements, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return failed > 0 ? 1 : 0;
}

try {
  process.exitCode = await main();
} finally {
  if (moduleDir !== undefined) rmSync(moduleDir, { recursive: true, force: true });
}
