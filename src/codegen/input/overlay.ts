/**
 * OpenAPI Overlay 1.0 (https://spec.openapis.org/overlay/v1.0.0): changes to a description kept in files
 * of their own, applied before generation (`<specs>/<api>/overlays/*.yaml`, or a config's `overlays`)
 * and, for translations (`overlays/ru.yaml`), by `profilekit docs`.
 */
import { readText } from "./read-text.js";
import { parseYamlWithLines } from "../load.js";
import { escapeToken } from "../pointer.js";
import { SpecError, type SpecProblem } from "../spec-error.js";

export interface OverlayDocument {
  overlay: string;
  info: { title: string; version: string };
  actions: OverlayAction[];
}

export interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

type Locate = (pointer: string) => { line: number; column: number } | undefined;

/**
 * A broken overlay, or one whose targets no longer match the spec: generation (or the docs build) stops.
 * A SpecError: the overlay file, and each problem at its pointer in it (`/actions/2/target`).
 */
export class OverlayError extends SpecError {
  override name = "OverlayError";
}

/** Reads and checks an overlay file; `file` is how messages name it. */
export async function loadOverlay(absolutePath: string, file: string): Promise<{ overlay: OverlayDocument; locate: Locate }> {
  const text = await readText(absolutePath, file, (problems) => new OverlayError(file, problems));
  let parsed;
  try {
    parsed = parseYamlWithLines(file, text);
  } catch (e) {
    if (e instanceof SpecError) throw new OverlayError(e.file, e.problems);
    throw e;
  }
  return { overlay: parseOverlay(parsed.value, file, parsed.locate), locate: parsed.locate };
}

/** Checks the shape of an Overlay 1.0 document; throws an OverlayError naming every problem. */
export function parseOverlay(doc: unknown, file: string, locate: Locate = () => undefined): OverlayDocument {
  const problems: SpecProblem[] = [];
  const problem = (pointer: string, message: string) => problems.push({ pointer, message, ...locate(pointer) });
  if (!isRecord(doc)) throw new OverlayError(file, [{ pointer: "", message: "not an OpenAPI Overlay 1.0 document: expected a mapping", ...locate("") }]);
  const o = doc;
  if (!("overlay" in o)) problem("", 'not an OpenAPI Overlay 1.0 document: no "overlay" field');
  else if (typeof o.overlay !== "string" || !/^1\.0\.\d+$/.test(o.overlay)) problem("/overlay", `expected 1.0.x (OpenAPI Overlay 1.0), found ${JSON.stringify(o.overlay)}`);
  if (!isRecord(o.info) || typeof o.info.title !== "string" || typeof o.info.version !== "string") problem("/info", `expected "title" and "version" strings`);
  if (!Array.isArray(o.actions) || o.actions.length === 0) problem("/actions", "expected a non-empty list of actions");
  else
    o.actions.forEach((a: unknown, i) => {
      const at = `/actions/${i}`;
      if (!isRecord(a)) return void problem(at, "expected a mapping with target and update or remove");
      if (typeof a.target !== "string" || !a.target.startsWith("$")) problem(`${at}/target`, `expected a JSONPath starting with $, found ${JSON.stringify(a.target)}`);
      const hasUpdate = "update" in a;
      const hasRemove = a.remove === true;
      if (!hasUpdate && !hasRemove) problem(at, `needs "update" or "remove: true" (${String(a.target)})`);
      if (hasUpdate && !isRecord(a.update)) problem(`${at}/update`, `expected a mapping to merge into every match`);
      if ("remove" in a && typeof a.remove !== "boolean") problem(`${at}/remove`, `expected a boolean`);
      for (const key of Object.keys(a))
        if (!["target", "description", "update", "remove"].includes(key) && !key.startsWith("x-"))
          problem(`${at}/${escapeToken(key)}`, `unknown field: expected target, description, update, remove or x-…`);
    });
  if (problems.length > 0) throw new OverlayError(file, problems);
  return doc as unknown as OverlayDocument;
}

/**
 * Applies an Overlay 1.0 document to a spec with openapi-format's overlay implementation (JSONPath
 * targets, `update` merged into every match, `remove`). The spec is not modified: a copy is returned.
 * A target that matches nothing is an OverlayError at its `/actions/<i>/target`: a spec change that
 * orphans an overlay (a translation, an `x-batch`) stops the run instead of silently dropping it.
 */
export async function applyOverlay(spec: object, overlay: OverlayDocument, file: string, locate: Locate = () => undefined): Promise<Record<string, unknown>> {
  const copy = structuredClone(spec) as Record<string, unknown>;
  const { openapiOverlay } = await import("openapi-format");
  const result = await openapiOverlay(copy as never, { overlaySet: overlay as never });
  const unused = (result.resultData?.unusedActions ?? []) as OverlayAction[];
  if (unused.length > 0) {
    throw new OverlayError(
      file,
      unused.map((a) => {
        const pointer = `/actions/${overlay.actions.indexOf(a)}/target`;
        return { pointer, message: `${a.target} matches nothing in the spec (update the overlay to the spec)`, ...locate(pointer) };
      }),
    );
  }
  return result.data as unknown as Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
