/**
 * One document from a description split over several files joined by relative `$ref`s, with Redocly's
 * bundler (@redocly/openapi-core: openapi-typescript's own). What we add to it:
 *
 * - Nothing is fetched: the resolver refuses every http(s) URL, and a `$ref` to one is a SpecError at
 *   the `$ref`'s pointer. (`externalValue: https://…` of an example is left as written: it is a link.)
 * - A `$ref` inside `example` / `examples` is data, not a reference: Redocly follows those by default
 *   (an example `{ "$ref": "./pet.yaml" }` would be replaced by the file, and a missing file would fail
 *   the bundle), so it runs with `resolve.doNotResolveExamples`.
 * - The result is deterministic: Redocly walks the document in order, names hoisted components after
 *   their files (a clash gets `-2`, told as a note), and nothing depends on timing or the machine.
 * - A component the entry file names but keeps in a file of its own (`Pet: { $ref: ./schemas/pet.yaml }`)
 *   keeps its name: Redocly would hoist the file as `pet` and leave `Pet` an alias of it (two types for one).
 *
 * A document whose every `$ref` is local (`#/…`) is not bundled at all (`hasExternalRefs`): bundling
 * would only cost time (0.9 s more on a 3 MB single file) and lose nothing we need.
 */
import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { BaseResolver, bundle, createConfig, getLineColLocation, isAbsoluteUrl, ResolveError, Source, type Document, type NormalizedProblem } from "@redocly/openapi-core";
import { escapeToken, parsePointer } from "../pointer.js";
import { SpecError, type SpecProblem } from "../spec-error.js";
import { rel } from "./sources.js";

export interface Bundled {
  document: Record<string, unknown>;
  /** What bundling changed that the author should know (a component renamed to avoid a clash). */
  notes: string[];
  /** Every file read, absolute, the entry first. */
  files: string[];
}

/** True when some `$ref` (anywhere, examples included: it is cheaper to bundle once too often) is not `#…`. */
export function hasExternalRefs(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasExternalRefs);
  if (node === null || typeof node !== "object") return false;
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) return true;
    if (typeof value === "object" && hasExternalRefs(value)) return true;
  }
  return false;
}

class RemoteRefused extends Error {}

/** Redocly's resolver, minus the network; it also keeps each parsed file to read `$ref` values back for messages. */
class LocalResolver extends BaseResolver {
  readonly parsed = new Map<string, unknown>();
  /** The entry file as written: bundling changes the root document in place. */
  root: unknown;
  /**
   * BaseResolver's reading of a local file, but synchronous: DigitalOcean's 2,034 small files through
   * `fs.promises` cost about 0.3 s of open/stat/read/close round trips on the thread pool.
   */
  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    if (isAbsoluteUrl(absoluteRef)) throw new ResolveError(new RemoteRefused(absoluteRef));
    try {
      if (lstatSync(absoluteRef).isDirectory()) throw new Error(`Expected a file but received a folder at ${absoluteRef}.`);
      return new Source(absoluteRef, readFileSync(absoluteRef, "utf-8").replace(/\r\n/g, "\n"));
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      e.message = e.message.replace(", lstat", ""); // as BaseResolver words a missing file
      throw new ResolveError(e);
    }
  }
  override parseDocument(source: Source, isRoot?: boolean): Document {
    const doc = super.parseDocument(source, isRoot);
    this.parsed.set(source.absoluteRef, doc.parsed);
    if (isRoot) this.root = structuredClone(doc.parsed);
    return doc;
  }
}

/** Bundles the description whose entry file is `input` (absolute). Errors are SpecErrors; `file` in them is relative to `cwd`. */
export async function bundleFile(input: string, cwd: string): Promise<Bundled> {
  const config = await createConfig({ resolve: { doNotResolveExamples: true } });
  const resolver = new LocalResolver(config.resolve);
  const result = await bundle({ ref: input, config, dereference: false, externalRefResolver: resolver });
  const errors: { file: string; problem: SpecProblem }[] = [];
  const notes: string[] = [];
  for (const p of result.problems) {
    const where = p.location[0];
    const file = where ? rel(where.source.absoluteRef, cwd) : rel(input, cwd);
    const pointer = where?.pointer ? where.pointer.replace(/^#/, "") : "";
    const node = where ? valueAt(resolver.parsed.get(where.source.absoluteRef), pointer) : undefined;
    if (isLinkedExample(node)) continue;
    if (p.severity === "error") errors.push({ file, problem: { pointer, message: messageOf(p, node, cwd), ...lineOf(p) } });
    else notes.push(`${p.message.trim()} (${file} ${pointer || "(document)"})`);
  }
  if (errors.length > 0) {
    // A SpecError names one file: the first in order, with all of its problems; the others show once it is fixed.
    errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const first = errors[0]!.file;
    throw new SpecError(
      first,
      errors.filter((e) => e.file === first).map((e) => e.problem),
    );
  }
  const document: unknown = result.bundle.parsed;
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new SpecError(rel(input, cwd), [{ pointer: "", message: "expected an OpenAPI document (a mapping) at the top level" }]);
  }
  keepComponentNames(resolver.root, document as Record<string, unknown>);
  const files = [...result.fileDependencies].filter((f) => !isAbsoluteUrl(f)).map((f) => path.resolve(f));
  return { document: document as Record<string, unknown>, notes, files: [input, ...files.filter((f) => f !== input).sort()] };
}

/** Where a document keeps its reusable parts: OpenAPI 3's components, Swagger 2.0's top-level maps. */
const SECTIONS = [
  ...["schemas", "parameters", "responses", "requestBodies", "headers", "examples", "links", "callbacks", "securitySchemes", "pathItems"].map((k) => ["components", k]),
  ["definitions"],
  ["parameters"],
  ["responses"],
];

/**
 * `components.schemas.Pet: { $ref: ./schemas/pet.yaml }` in the entry file bundles into `Pet: { $ref: "#/components/schemas/pet" }`
 * plus `pet`, the file's content: the content goes back under the entry file's name `Pet`, `pet` goes, and every
 * `$ref` to `pet` (or inside it) points to `Pet`. Only when `pet` is not a name of the entry file and `Pet` its only alias.
 */
function keepComponentNames(entry: unknown, bundled: Record<string, unknown>): void {
  const renames = new Map<string, string>();
  for (const section of SECTIONS) {
    const written = asRecord(valueAt(entry, "/" + section.join("/")));
    const result = asRecord(valueAt(bundled, "/" + section.join("/")));
    if (written === undefined || result === undefined) continue;
    const base = "#/" + section.join("/") + "/";
    const claimed = new Set<string>();
    for (const [name, value] of Object.entries(written)) {
      const ref = onlyRef(value);
      if (ref === undefined || ref.startsWith("#")) continue;
      const alias = onlyRef(result[name]);
      if (alias === undefined || !alias.startsWith(base)) continue;
      const hoisted = parsePointer(alias.slice(1)).at(-1)!;
      if (alias !== base + escapeToken(hoisted) || hoisted === name || Object.hasOwn(written, hoisted) || claimed.has(hoisted) || !Object.hasOwn(result, hoisted)) continue;
      claimed.add(hoisted);
      result[name] = result[hoisted];
      delete result[hoisted];
      renames.set(alias, base + escapeToken(name));
    }
  }
  if (renames.size === 0) return;
  const renamed = (ref: string): string => {
    for (const [from, to] of renames) if (ref === from || ref.startsWith(from + "/")) return to + ref.slice(from.length);
    return ref;
  };
  const walk = (node: unknown, key: string | undefined, parentKey: string | undefined) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((v) => walk(v, undefined, key));
    const n = node as Record<string, unknown>;
    if (typeof n.$ref === "string") n.$ref = renamed(n.$ref);
    // discriminator.mapping values are references too
    if (key === "mapping" && parentKey === "discriminator") for (const [k, v] of Object.entries(n)) if (typeof v === "string") n[k] = renamed(v);
    for (const [k, v] of Object.entries(n)) {
      if ((k === "example" || k === "examples") && key !== "properties") continue; // data, not references
      walk(v, k, key);
    }
  };
  walk(bundled, undefined, undefined);
}

function onlyRef(v: unknown): string | undefined {
  const r = asRecord(v);
  return r !== undefined && Object.keys(r).length === 1 && typeof r.$ref === "string" ? r.$ref : undefined;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** An example that links to its value by URL (`externalValue: https://…`): left as written, never fetched. */
function isLinkedExample(node: unknown): boolean {
  if (node === null || typeof node !== "object") return false;
  const n = node as Record<string, unknown>;
  return typeof n.externalValue === "string" && isAbsoluteUrl(n.externalValue) && !("$ref" in n);
}

function messageOf(p: NormalizedProblem, node: unknown, cwd: string): string {
  const ref = node !== null && typeof node === "object" && typeof (node as { $ref?: unknown }).$ref === "string" ? (node as { $ref: string }).$ref : undefined;
  const said = ref !== undefined ? `$ref ${JSON.stringify(ref)}` : "$ref";
  if (/^Can't resolve \$ref/.test(p.message)) {
    if (ref !== undefined && isAbsoluteUrl(ref)) {
      return `${said} is a URL: profilekit never fetches anything over the network; download the file and refer to it by a relative path`;
    }
    const reason = p.message.replace(/^Can't resolve \$ref:?\s*/, "");
    const missing = /ENOENT: no such file or directory '([^']*)'/.exec(reason);
    if (missing) return `${said} points to no file: ${rel(missing[1]!, cwd)} does not exist`;
    return `${said} cannot be resolved${reason ? `: ${reason.replaceAll(cwd + path.sep, "")}` : ""}`;
  }
  if (/^Failed to parse/.test(p.message)) return `YAML: ${p.message.replace(/^Failed to parse:\s*/, "").split("\n")[0]}`;
  return p.message;
}

function lineOf(p: NormalizedProblem): { line?: number; column?: number } {
  const where = p.location[0];
  if (!where) return {};
  try {
    const { start } = getLineColLocation(where);
    return start ? { line: start.line, column: start.col } : {};
  } catch {
    return {};
  }
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of parsePointer(pointer)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
