import { checkSpec } from "./check.js";
import { emitClient } from "./emit-client.js";
import { emitIndex } from "./emit-index.js";
import { emitOperations } from "./emit-operations.js";
import { emitTypes } from "./emit-types.js";
import { emitValidators } from "./emit-validators.js";
import { emitXml } from "./emit-xml.js";
import { fileHeader } from "./header.js";
import type { LoadedSpec } from "./load.js";
import { formatProblem, type SpecProblem } from "./spec-error.js";

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
  /** `Brevo` → createBrevoClient; default: the API's name in PascalCase. */
  typeName?: string;
}

const DEFAULT_RUNTIME_IMPORT = "../../src/runtime";

/** Every file for one API, in memory. Throws a SpecError (nothing written) when the spec cannot give correct code. */
export async function generateApi(spec: LoadedSpec, options: GenerateOptions = {}): Promise<GeneratedFile[]> {
  const warn = (w: SpecProblem) => options.onWarning?.(formatProblem(spec.file, { ...w, ...(w.line === undefined ? spec.locate(w.pointer) : {}) }));
  const plan = checkSpec(spec, { onWarning: warn, ...(options.typeName ? { typeName: options.typeName } : {}) });
  const emit = (name: string, text: string): GeneratedFile => ({ path: `${spec.api}/${name}`, content: fileHeader(spec.file) + "\n" + text.trim() + "\n" });
  const runtimeImport = options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT;
  // The types first: openapi-typescript then works on a heap the validator compiler has not yet filled.
  const types = await emitTypes(spec, plan);
  const validators = emitValidators(spec, plan, warn);
  const xml = emitXml(spec, plan, runtimeImport, warn);
  return [
    emit("schema.d.ts", types),
    emit("client.ts", emitClient(plan, runtimeImport)),
    emit("index.ts", emitIndex(plan)),
    emit("operations.ts", emitOperations(plan, validators, xml, runtimeImport)),
    emit("validators.ts", validators.text),
    ...(xml ? [emit("xml.ts", xml.text)] : []),
  ].sort((a, b) => (a.path < b.path ? -1 : 1));
}

// Loading moved to ./input/ (bundling, Swagger 2.0, overlays, config files): these stay for the callers that still use them.
export { loadSpecFile } from "./input/load-api.js";
export { findSpecs } from "./input/sources.js";
