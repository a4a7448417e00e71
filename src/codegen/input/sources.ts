/**
 * Which APIs there are, and where each one's description and overlays are: from a config file
 * (profilekit.config.{json,yaml,yml,mjs,js}, like orval's, hey-api's or Kubb's) or from the folder
 * convention `<specs>/<api>/openapi.{yaml,yml,json}` (+ `<specs>/<api>/overlays/*`).
 *
 * Which one is used (`findSources`):
 *   1. `configFile` (`--config <file>`), when given: the config, whatever else is given;
 *   2. else `specsDir` (`--specs <dir>`), when given: the folder convention;
 *   3. else a profilekit.config.* in `cwd` (two of them are an error: which one is meant?);
 *   4. else the folder convention under `<cwd>/specs`.
 */
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { readText } from "./read-text.js";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseYamlWithLines } from "../load.js";
import { escapeToken } from "../pointer.js";
import { SpecError, type SpecProblem } from "../spec-error.js";

/** One API to generate. Every path is absolute. */
export interface ApiSource {
  /** The API's name: the output folder's name and, unless `clientName` says otherwise, the client's (`altcraft` → `createAltcraftClient`). */
  api: string;
  /** The entry file: OpenAPI 3.0/3.1 or Swagger 2.0, YAML or JSON, one file or the root of several joined by relative `$ref`s. */
  input: string;
  /** OpenAPI Overlay 1.0 documents, applied in this order after conversion, before generation. */
  overlays: string[];
  /** Where this API's files go, when the config names a folder; otherwise `<out>/<api>`. */
  output?: string;
  /** The client's name (`Brevo` → `createBrevoClient`), when the config names one. */
  clientName?: string;
}

export interface FoundSources {
  /** Sorted by API name. */
  sources: ApiSource[];
  /** The output root the config names (absolute; `generated` beside the config when it names none). Undefined without a config. */
  outDir?: string;
  /** The config file read (absolute), if any. */
  configFile?: string;
}

export interface FindSourcesOptions {
  /** `--specs`: a folder of `<api>/openapi.{yaml,yml,json}`. */
  specsDir?: string;
  /** `--config`: a profilekit.config.* file. Wins over `specsDir`. */
  configFile?: string;
  /** Relative paths are resolved against it, and the config is looked for in it. */
  cwd: string;
}

/** The names a config file is looked for under, in the working directory. */
export const CONFIG_NAMES = ["profilekit.config.json", "profilekit.config.yaml", "profilekit.config.yml", "profilekit.config.mjs", "profilekit.config.js"] as const;

/** The entry file names of the folder convention, in the order they are looked for. */
export const ENTRY_NAMES = ["openapi.yaml", "openapi.yml", "openapi.json"] as const;

const API_NAME = /^[a-z][a-z0-9-]*$/;
const API_NAME_RULE = 'lowercase letters, digits and "-", starting with a letter (it names the output folder)';
const CLIENT_NAME = /^[A-Z][A-Za-z0-9]*$/;
const OVERLAY_FILE = /\.(ya?ml|json)$/;

/**
 * A docs translation, not an overlay to generate with: a file named as a language tag
 * (`ru.yaml`, `pt-BR.yaml`). `profilekit docs` applies it to make a page in that language.
 */
export function isTranslationOverlay(fileName: string): boolean {
  return /^[a-z]{2,3}(-[A-Za-z0-9]+)?\.(ya?ml|json)$/.test(fileName);
}

export async function findSources(o: FindSourcesOptions): Promise<FoundSources> {
  if (o.configFile !== undefined) return readConfig(path.resolve(o.cwd, o.configFile), o.cwd);
  if (o.specsDir !== undefined) return { sources: await findSpecFolders(path.resolve(o.cwd, o.specsDir), o.cwd) };
  const configs = CONFIG_NAMES.map((n) => path.join(o.cwd, n)).filter((f) => existsSync(f));
  if (configs.length > 1) {
    throw new SpecError(rel(configs[0]!, o.cwd), [{ pointer: "", message: `more than one config file: ${configs.map((f) => rel(f, o.cwd)).join(", ")}; keep one, or choose with --config` }]);
  }
  if (configs.length === 1) return readConfig(configs[0]!, o.cwd);
  return { sources: await findSpecFolders(path.resolve(o.cwd, "specs"), o.cwd) };
}

/**
 * The folder convention: each `<specsDir>/<api>/` with an `openapi.{yaml,yml,json}` is an API; its
 * `overlays/*.{yaml,yml,json}` are applied in name order, except translations (`isTranslationOverlay`).
 * A folder without an entry file is not an API (notes, shared schemas).
 */
export async function findSpecFolders(specsDir: string, cwd: string): Promise<ApiSource[]> {
  let entries;
  try {
    entries = await readdir(specsDir, { withFileTypes: true });
  } catch (e) {
    if (e instanceof Error && "code" in e && (e.code === "ENOENT" || e.code === "ENOTDIR")) return [];
    throw e;
  }
  const sources: ApiSource[] = [];
  for (const dir of entries.filter((d) => d.isDirectory()).sort((a, b) => compare(a.name, b.name))) {
    const folder = path.join(specsDir, dir.name);
    const inputs = ENTRY_NAMES.map((n) => path.join(folder, n)).filter(isFile);
    if (inputs.length === 0) continue;
    if (inputs.length > 1) {
      throw new SpecError(rel(folder, cwd), [{ pointer: "", message: `more than one entry file: ${inputs.map((f) => path.basename(f)).join(", ")}; keep one` }]);
    }
    if (!API_NAME.test(dir.name)) throw new SpecError(rel(folder, cwd), [{ pointer: "", message: `"${dir.name}" cannot name an API: expected ${API_NAME_RULE}` }]);
    sources.push({ api: dir.name, input: inputs[0]!, overlays: await overlaysIn(path.join(folder, "overlays")) });
  }
  return sources;
}

async function overlaysIn(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => OVERLAY_FILE.test(n) && !isTranslationOverlay(n))
    .sort(compare)
    .map((n) => path.join(dir, n))
    .filter(isFile);
}

/** Reads and validates a config file; every problem found is reported at once, each at its JSON Pointer. */
export async function readConfig(configFile: string, cwd: string): Promise<FoundSources> {
  const file = rel(configFile, cwd);
  let value: unknown;
  let locate: (pointer: string) => { line: number; column: number } | undefined = () => undefined;
  if (/\.(mjs|js)$/.test(configFile)) {
    if (!isFile(configFile)) throw new SpecError(file, [{ pointer: "", message: "no such file" }]);
    try {
      // Keyed by content: an edited config (profilekit generate --watch) is imported anew, an unchanged one is not.
      const version = createHash("sha256")
        .update(await readFile(configFile))
        .digest("hex")
        .slice(0, 16);
      const module = (await import(`${pathToFileURL(configFile).href}?v=${version}`)) as { default?: unknown };
      value = module.default;
    } catch (e) {
      throw new SpecError(file, [{ pointer: "", message: `could not import it: ${e instanceof Error ? e.message : String(e)}` }]);
    }
    if (value === undefined) throw new SpecError(file, [{ pointer: "", message: "expected `export default { apis: { … } }`, found no default export" }]);
  } else {
    const text = await readText(configFile, file);
    ({ value, locate } = parseYamlWithLines(file, text));
  }

  const base = path.dirname(configFile);
  const problems: SpecProblem[] = [];
  const problem = (pointer: string, message: string) => problems.push({ pointer, message, ...locate(pointer) });
  const sources: ApiSource[] = [];
  let outDir = path.join(base, "generated");

  if (!isRecord(value)) {
    problem("", `expected a mapping with "apis" (and optionally "output"), found ${describe(value)}`);
    throw new SpecError(file, problems);
  }
  for (const key of Object.keys(value)) if (key !== "output" && key !== "apis") problem(`/${escapeToken(key)}`, `unknown field: expected "apis" or "output"`);
  if ("output" in value) {
    if (typeof value.output === "string" && value.output !== "") outDir = path.resolve(base, value.output);
    else problem("/output", `expected the folder generated code goes to (a path relative to the config file), found ${describe(value.output)}`);
  }
  if (!isRecord(value.apis) || Object.keys(value.apis).length === 0) {
    problem("/apis", `expected a mapping of API names to { input, overlays?, output?, clientName? }, found ${describe(value.apis)}`);
  } else {
    for (const [api, entry] of Object.entries(value.apis)) {
      const at = `/apis/${escapeToken(api)}`;
      if (!API_NAME.test(api)) problem(at, `"${api}" cannot name an API: expected ${API_NAME_RULE}`);
      if (!isRecord(entry)) {
        problem(at, `expected a mapping with "input" (and optionally "overlays", "output", "clientName"), found ${describe(entry)}`);
        continue;
      }
      for (const key of Object.keys(entry)) {
        if (!["input", "overlays", "output", "clientName"].includes(key)) problem(`${at}/${escapeToken(key)}`, `unknown field: expected "input", "overlays", "output" or "clientName"`);
      }
      const source: ApiSource = { api, input: "", overlays: [] };
      if (!("input" in entry)) problem(at, `"input" is missing: expected a path to an OpenAPI or Swagger file`);
      else if (typeof entry.input !== "string" || entry.input === "") problem(`${at}/input`, `expected a path to an OpenAPI or Swagger file, found ${describe(entry.input)}`);
      else {
        const why = localFileProblem(entry.input, base);
        if (why !== undefined) problem(`${at}/input`, why);
        source.input = path.resolve(base, entry.input);
      }
      if ("overlays" in entry) {
        if (!Array.isArray(entry.overlays)) problem(`${at}/overlays`, `expected a list of paths to OpenAPI Overlay 1.0 files, found ${describe(entry.overlays)}`);
        else {
          entry.overlays.forEach((overlay: unknown, i) => {
            if (typeof overlay !== "string" || overlay === "") return void problem(`${at}/overlays/${i}`, `expected a path to an OpenAPI Overlay 1.0 file, found ${describe(overlay)}`);
            const why = localFileProblem(overlay, base);
            if (why !== undefined) problem(`${at}/overlays/${i}`, why);
            source.overlays.push(path.resolve(base, overlay));
          });
        }
      }
      if ("output" in entry) {
        if (typeof entry.output === "string" && entry.output !== "") source.output = path.resolve(base, entry.output);
        else problem(`${at}/output`, `expected the folder this API's files go to (a path relative to the config file), found ${describe(entry.output)}`);
      }
      if ("clientName" in entry) {
        if (typeof entry.clientName === "string" && CLIENT_NAME.test(entry.clientName)) source.clientName = entry.clientName;
        else problem(`${at}/clientName`, `expected a name in PascalCase, letters and digits (Brevo → createBrevoClient), found ${describe(entry.clientName)}`);
      }
      sources.push(source);
    }
    // Two APIs writing into one folder would overwrite each other's files.
    const byFolder = new Map<string, string>();
    for (const s of sources) {
      const folder = s.output ?? path.join(outDir, s.api);
      const other = byFolder.get(folder);
      if (other !== undefined) problem(`/apis/${escapeToken(s.api)}${s.output !== undefined ? "/output" : ""}`, `writes into the same folder as /apis/${escapeToken(other)}: ${rel(folder, cwd)}`);
      else byFolder.set(folder, s.api);
    }
  }
  if (problems.length > 0) throw new SpecError(file, problems);
  return { sources: sources.sort((a, b) => compare(a.api, b.api)), outDir, configFile };
}

/** Why `p` (relative to `base`) is not a readable local file, or undefined when it is. */
function localFileProblem(p: string, base: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return `expected a path to a local file, found the URL ${JSON.stringify(p)}: profilekit never fetches anything; download the file and name its path`;
  const abs = path.resolve(base, p);
  if (!existsSync(abs)) return `no such file: ${JSON.stringify(p)} (relative to the config file)`;
  if (!isFile(abs)) return `expected a file, found a folder: ${JSON.stringify(p)}`;
  return undefined;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (v !== null && typeof v === "object") return "a mapping";
  return JSON.stringify(v) ?? String(v);
}

/** By code point: the same order everywhere, whatever the locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A path as messages show it: relative to `cwd`, forward slashes. */
export function rel(p: string, cwd: string): string {
  return (path.relative(cwd, p) || ".").split(path.sep).join("/");
}

/**
 * The entry files under a specs folder (`<dir>/<api>/openapi.{yaml,yml,json}`), sorted by API name, as
 * paths under `specsDir`. What `findSpecs` in generate.ts was; new code uses `findSources`.
 */
export async function findSpecs(specsDir: string, cwd = process.cwd()): Promise<string[]> {
  const sources = await findSpecFolders(path.resolve(cwd, specsDir), cwd);
  return sources.map((s) => path.join(specsDir, s.api, path.basename(s.input)));
}
