/**
 * What a user has → one OpenAPI 3.x document per API: read the entry file → bundle it when it refers to
 * other files → convert Swagger 2.0 to OpenAPI 3.0 → apply the overlays in order → a LoadedSpec.
 */
import { readText } from "./read-text.js";
import path from "node:path";
import { parseSpec, type LoadedSpec } from "../load.js";
import { SpecError } from "../spec-error.js";
import { bundleFile, hasExternalRefs } from "./bundle.js";
import { convertSwagger2, specVersion, swaggerPointer } from "./convert.js";
import { applyOverlay, loadOverlay } from "./overlay.js";
import { rel, type ApiSource } from "./sources.js";

/** Loads one API; every problem is a SpecError naming the file (relative to `cwd`, forward slashes) and the pointer. */
export async function loadApi(source: ApiSource, cwd = process.cwd()): Promise<LoadedSpec> {
  const file = rel(source.input, cwd);
  const text = await readText(source.input, file);
  // The entry file is always parsed by our YAML reader: it gives every node's line and column.
  const entry = parseSpec(source.api, file, text);
  const version = specVersion(entry.document, file, entry.locate);
  let document = entry.document;
  let locate = entry.locate;
  const notes: string[] = [];

  if (hasExternalRefs(document)) {
    // Several files: the bundle is the document. `locate` still reads the entry file: a pointer into a
    // part that came from another file gives the line of the deepest node the entry file has on the way
    // (often the `$ref` that brought the part in): near, not exact.
    const bundled = await bundleFile(source.input, cwd);
    document = bundled.document;
    notes.push(...bundled.notes);
  }

  if (version === "2.0") {
    const converted = await convertSwagger2(document);
    document = converted.document;
    notes.push(...converted.notes);
    const inSwagger = locate;
    locate = (pointer) => inSwagger(swaggerPointer(pointer));
  }

  for (const overlayPath of source.overlays) {
    const overlayFile = rel(overlayPath, cwd);
    const { overlay, locate: inOverlay } = await loadOverlay(overlayPath, overlayFile);
    document = await applyOverlay(document, overlay, overlayFile, inOverlay);
  }

  return { api: source.api, file, document, locate, notes };
}

/**
 * One spec file as the folder convention names it (`specs/<api>/openapi.yaml`: the API is the folder's
 * name), without overlays. What `loadSpecFile` in generate.ts was; new code uses `findSources` + `loadApi`.
 */
export async function loadSpecFile(specPath: string, cwd = process.cwd()): Promise<LoadedSpec> {
  const input = path.resolve(cwd, specPath);
  return loadApi({ api: path.basename(path.dirname(input)), input, overlays: [] }, cwd);
}
