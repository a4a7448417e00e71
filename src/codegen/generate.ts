import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { IndentationText, NewLineKind, Project, QuoteKind, ts, type SourceFile } from "ts-morph";
import { checkSpec } from "./check.js";
import { emitClient } from "./emit-client.js";
import { emitIndex } from "./emit-index.js";
import { emitTypes } from "./emit-types.js";
import { emitValidators } from "./emit-validators.js";
import { emitXml, hasXml } from "./emit-xml.js";
import { fileHeader } from "./header.js";
import { parseSpec, type LoadedSpec } from "./load.js";
import { planApi } from "./plan.js";
import { formatProblem } from "./spec-error.js";

export interface GeneratedFile {
  /** Relative to the output root: `altcraft/client.ts`. */
  path: string;
  content: string;
}

export interface GenerateOptions {
  /** Where generated code imports the runtime from, relative to `<out>/<api>/`. */
  runtimeImport?: string;
  /** Told each problem of the spec that does not stop generation (an unknown format), as `file:line:col pointer: message`. */
  onWarning?: (message: string) => void;
}

const DEFAULT_RUNTIME_IMPORT = "../../src/runtime";

/** Every file for one API, in memory. Throws a SpecError (nothing written) when the spec is not supported. */
export async function generateApi(spec: LoadedSpec, options: GenerateOptions = {}): Promise<GeneratedFile[]> {
  checkSpec(spec);
  const plan = planApi(spec);
  const emit = (name: string, fill: (file: SourceFile) => void, text = ""): GeneratedFile => ({
    path: `${spec.api}/${name}`,
    content: fileHeader(spec.file) + "\n" + printed(fill, text) + "\n",
  });
  const types = await emitTypes(spec);
  const runtimeImport = options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT;
  return [
    emit("schema.d.ts", () => {}, types),
    emit("client.ts", (f) => emitClient(f, plan, runtimeImport)),
    emit("index.ts", emitIndex),
    emit(
      "validators.ts",
      () => {},
      emitValidators(spec, plan, (w) => options.onWarning?.(formatProblem(spec.file, { ...w, ...spec.locate(w.pointer) }))),
    ),
    ...(hasXml(plan) ? [emit("xml.ts", () => {}, emitXml(spec, plan, runtimeImport))] : []),
  ].sort((a, b) => (a.path < b.path ? -1 : 1));
}

const project = new Project({
  useInMemoryFileSystem: true,
  manipulationSettings: {
    indentationText: IndentationText.TwoSpaces,
    quoteKind: QuoteKind.Double,
    newLineKind: NewLineKind.LineFeed,
    useTrailingCommas: true,
  },
});

/**
 * Code as the generator prints it: `fill` adds to a file (starting from `text`), then one printer
 * formats it — every generated file, openapi-typescript's output included, and the docs' snippets.
 */
export function printed(fill: (file: SourceFile) => void, text = ""): string {
  const file = project.createSourceFile("/printed.ts", text, { overwrite: true });
  fill(file);
  file.formatText({ indentSize: 2, convertTabsToSpaces: true, semicolons: ts.SemicolonPreference.Insert });
  return file.getFullText().trim();
}

/** Loads `specs/<api>/openapi.yaml`; `file` in messages is relative to `cwd`. */
export async function loadSpecFile(specPath: string, cwd = process.cwd()): Promise<LoadedSpec> {
  const api = path.basename(path.dirname(specPath));
  const text = await readFile(specPath, "utf8");
  return parseSpec(api, path.relative(cwd, specPath).split(path.sep).join("/"), text);
}

/** The spec files under a specs folder: `<dir>/<api>/openapi.yaml`, sorted by API name. */
export async function findSpecs(specsDir: string): Promise<string[]> {
  const entries = await readdir(specsDir, { withFileTypes: true });
  const found: string[] = [];
  for (const e of entries.filter((d) => d.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(specsDir, e.name, "openapi.yaml");
    try {
      await readFile(file);
      found.push(file);
    } catch {
      // a folder without a spec (notes, overlays elsewhere) is not an API
    }
  }
  return found;
}
