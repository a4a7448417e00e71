// The runtime reads answers by the same classification: one definition, imported from its dependency-free module.
import { kindOf } from "../../runtime/media-kind.js";
import { followRefs, joinPointer, resolvePointer } from "../pointer.js";
import type { BodyPlan, MediaPlan } from "./types.js";
import { isObj, str, type Located, type PlanContext } from "./context.js";

const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;
const ENCODING_STYLES = new Set(["form", "spaceDelimited", "pipeDelimited", "deepObject"]);

/** A `content` map: JSON-like media first (the default), then in the spec's order. */
export function planContent(ctx: PlanContext, content: Located): MediaPlan[] {
  if (content.node === undefined) return [];
  if (!isObj(content.node)) {
    ctx.warn(content.pointer, "expected a map of media types to Media Type Objects; the body is treated as absent");
    return [];
  }
  const media: MediaPlan[] = [];
  for (const [type, raw] of Object.entries(content.node)) {
    const at = joinPointer(content.pointer, type);
    if (!isObj(raw)) {
      ctx.warn(at, "expected a Media Type Object; this media type is left out");
      continue;
    }
    const kind = kindOf(type);
    const plan: MediaPlan = { type, kind };
    if (raw["schema"] !== undefined) {
      plan.schemaPointer = joinPointer(at, "schema");
      const schema = raw["schema"];
      const m = isObj(schema) && typeof schema["$ref"] === "string" ? SCHEMA_REF.exec(schema["$ref"]) : null;
      if (m) plan.schemaName = decodeURIComponent(m[1]!).replaceAll("~1", "/").replaceAll("~0", "~");
    }
    if (isObj(raw["encoding"]) && (kind === "form" || kind === "multipart")) plan.encoding = planEncoding(ctx, raw["encoding"], joinPointer(at, "encoding"));
    media.push(plan);
  }
  return [...media.filter((m) => m.kind === "json"), ...media.filter((m) => m.kind !== "json")];
}

function planEncoding(ctx: PlanContext, encoding: Record<string, unknown>, at: string): NonNullable<MediaPlan["encoding"]> {
  const out: NonNullable<MediaPlan["encoding"]> = {};
  for (const [prop, raw] of Object.entries(encoding)) {
    if (!isObj(raw)) continue;
    const e: NonNullable<MediaPlan["encoding"]>[string] = {};
    const contentType = str(raw["contentType"]);
    if (contentType) e.contentType = contentType;
    const style = str(raw["style"]);
    if (style !== undefined) {
      if (ENCODING_STYLES.has(style)) e.style = style as NonNullable<typeof e.style>;
      else ctx.warn(joinPointer(at, prop, "style"), `unknown style ${JSON.stringify(style)}: form is used`);
    }
    if (typeof raw["explode"] === "boolean") e.explode = raw["explode"];
    if (raw["allowReserved"] === true) e.allowReserved = true;
    out[prop] = e;
  }
  return out;
}

/** A Request Body Object (or a `$ref` to one). */
export function planBody(ctx: PlanContext, at: Located): BodyPlan | undefined {
  const body = ctx.deref(at);
  if (!body) return undefined;
  if (!isObj(body.node)) {
    ctx.warn(at.pointer, "expected a Request Body Object; the operation is generated without a body");
    return undefined;
  }
  const media = planContent(ctx, ctx.child(body, "content"));
  if (media.length === 0) {
    ctx.warn(joinPointer(body.pointer, "content"), "a request body without media types: the operation is generated without a body");
    return undefined;
  }
  return {
    required: body.node["required"] === true,
    description: str(body.node["description"]) ?? "",
    fields: topLevelProperties(ctx.doc, resolvePointer(ctx.doc, media[0]!.schemaPointer ?? "/~none"), new Set()),
    media,
  };
}

/** Property names of a schema at its top level, through `$ref`, `allOf`, `oneOf` and `anyOf`. */
function topLevelProperties(doc: Record<string, unknown>, schema: unknown, seen: Set<unknown>): string[] {
  const s = followRefs(doc, schema).node;
  if (!isObj(s) || seen.has(s)) return [];
  seen.add(s);
  const names = new Set<string>(isObj(s["properties"]) ? Object.keys(s["properties"]) : []);
  for (const key of ["allOf", "oneOf", "anyOf"]) for (const sub of Array.isArray(s[key]) ? s[key] : []) for (const n of topLevelProperties(doc, sub, seen)) names.add(n);
  return [...names];
}
