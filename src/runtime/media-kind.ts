/**
 * What a media type is, for writing and reading bodies: the one definition the generator uses for
 * `MediaDescriptor.kind` and the runtime uses for the Content-Type of an answer, so the two cannot
 * disagree. Imports nothing.
 */
import type { BodyKind } from "./operation.js";

/** The type and subtype of a media type, lower case, without parameters: `application/vnd.api+json`. */
export function essence(type: string): string {
  return (type.split(";")[0] ?? "").trim().toLowerCase();
}

/** `json` (application/json and every `+json`), `xml` (and `+xml`), `form`, `multipart`, `text`, else `binary`. */
export function kindOf(type: string): BodyKind {
  const t = essence(type);
  if (/^[a-z0-9.+-]+\/(?:[^/]*\+)?json$/.test(t) || t === "*/*+json") return "json";
  if (/^[a-z0-9.+-]+\/(?:[^/]*\+)?xml$/.test(t)) return "xml";
  if (t === "application/x-www-form-urlencoded") return "form";
  if (t.startsWith("multipart/")) return "multipart";
  if (t.startsWith("text/")) return "text";
  return "binary";
}
