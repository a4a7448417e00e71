/** An OpenAPI Overlay 1.0 document (https://spec.openapis.org/overlay/v1.0.0): what `profilekit docs` applies. */
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

/** A broken overlay, or one whose targets no longer match the spec: the docs build stops. */
export class OverlayError extends Error {
  override name = "OverlayError";
}

/** Checks the shape of an Overlay 1.0 document; throws an OverlayError naming every problem. */
export function parseOverlay(doc: unknown, file: string): OverlayDocument {
  const problems: string[] = [];
  const o = isRecord(doc) ? doc : {};
  if (!isRecord(doc)) problems.push("the document is not a mapping");
  if (typeof o.overlay !== "string" || !/^1\.0\.\d+$/.test(o.overlay)) problems.push(`"overlay" must be 1.0.x (got ${JSON.stringify(o.overlay)})`);
  if (!isRecord(o.info) || typeof o.info.title !== "string" || typeof o.info.version !== "string") problems.push(`"info" needs "title" and "version" strings`);
  if (!Array.isArray(o.actions) || o.actions.length === 0) problems.push(`"actions" must be a non-empty list`);
  else
    o.actions.forEach((a: unknown, i) => {
      const where = `action #${i + 1}`;
      if (!isRecord(a)) return void problems.push(`${where} is not a mapping`);
      if (typeof a.target !== "string" || !a.target.startsWith("$")) problems.push(`${where}: "target" must be a JSONPath starting with $`);
      const hasUpdate = "update" in a;
      const hasRemove = a.remove === true;
      if (!hasUpdate && !hasRemove) problems.push(`${where} (${String(a.target)}): needs "update" or "remove: true"`);
      if (hasUpdate && !isRecord(a.update)) problems.push(`${where} (${String(a.target)}): "update" must be a mapping`);
      if ("remove" in a && typeof a.remove !== "boolean") problems.push(`${where} (${String(a.target)}): "remove" must be a boolean`);
      for (const key of Object.keys(a))
        if (!["target", "description", "update", "remove"].includes(key) && !key.startsWith("x-")) problems.push(`${where} (${String(a.target)}): unknown field "${key}"`);
    });
  if (problems.length > 0) throw new OverlayError(`${file}: not an OpenAPI Overlay 1.0 document:\n  ${problems.join("\n  ")}`);
  return doc as unknown as OverlayDocument;
}

/**
 * Applies an Overlay 1.0 document to a spec with openapi-format's overlay implementation (JSONPath
 * targets, `update` merged into every match, `remove`). The spec is not modified: a copy is returned.
 * A target that matches nothing throws an OverlayError naming it: a spec change that orphans a
 * translation stops the build instead of silently dropping it.
 */
export async function applyOverlay(spec: object, overlay: OverlayDocument, file: string): Promise<Record<string, unknown>> {
  const copy = structuredClone(spec) as Record<string, unknown>;
  const { openapiOverlay } = await import("openapi-format").catch((e: unknown) => {
    throw new OverlayError(`applying ${file} needs the dev dependency openapi-format (npm install): ${e instanceof Error ? e.message : String(e)}`);
  });
  const result = await openapiOverlay(copy as never, { overlaySet: overlay as never });
  const unused = (result.resultData?.unusedActions ?? []) as OverlayAction[];
  if (unused.length > 0) {
    throw new OverlayError(`${file}: ${unused.length} overlay target(s) match nothing in the spec (update the overlay to the spec):\n` + unused.map((a) => `  ${a.target}`).join("\n"));
  }
  return result.data as unknown as Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
