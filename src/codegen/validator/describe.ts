/** A few words for a schema, for messages: "a date (YYYY-MM-DD)", "one of "male", "female"", "a Profile". */
import { FORMATS } from "./format-table.js";
import { annotations } from "./keywords/annotations.js";
import { typesOf, typeText } from "./keywords/type.js";
import type { Location } from "./resources.js";
import { isObj, type CompilerServices } from "./types.js";

const DESCRIBED = new Set(["type", "format", "enum", "const", "minimum", "maximum", "nullable"]);

/** The last token of a `$ref`: the schema's name for `#/components/schemas/<Name>`. */
export function refName(ref: string): string {
  const token = ref.slice(ref.lastIndexOf("/") + 1);
  try {
    return decodeURIComponent(token).replaceAll("~1", "/").replaceAll("~0", "~");
  } catch {
    return token;
  }
}

/** How a branch is named in messages: its $ref's name, its title, or "option N". */
export function branchName(b: unknown, n: number): string {
  if (isObj(b) && typeof b["$ref"] === "string") return refName(b["$ref"]);
  if (isObj(b) && typeof b["title"] === "string") return b["title"];
  return `option ${n + 1}`;
}

/** A few words for a simple schema, or undefined when it is not simple (then messages show the closest branch's issues). */
export function describe(compiler: CompilerServices, loc: Location): string | undefined {
  const target = compiler.deref(loc);
  const s = target.node;
  if (!isObj(s) || Object.keys(s).some((k) => !DESCRIBED.has(k) && !annotations.keywords.includes(k) && !k.startsWith("x-"))) return undefined;
  if (typeof s["format"] === "string") return compiler.assertFormats && Object.hasOwn(FORMATS, s["format"]) ? FORMATS[s["format"]]!.text : undefined;
  if ("const" in s) return JSON.stringify(s["const"]);
  if (Array.isArray(s["enum"])) return `one of ${s["enum"].map((x) => JSON.stringify(x)).join(", ")}`;
  const types = typesOf(s, target, compiler);
  if (types.length === 0) return undefined;
  const bounds = [typeof s["minimum"] === "number" ? `≥ ${s["minimum"]}` : "", typeof s["maximum"] === "number" ? `≤ ${s["maximum"]}` : ""].filter(Boolean);
  return types.map(typeText).join(" or ") + (bounds.length ? ` ${bounds.join(" and ")}` : "");
}

/** A few words for what a `contains` schema looks for: `an object with type "EXT_USER_ID"`. */
export function summarize(compiler: CompilerServices, loc: Location): string {
  const s = compiler.deref(loc).node;
  if (!isObj(s)) return "allowed here";
  const consts = Object.entries(isObj(s["properties"]) ? s["properties"] : {}).filter(([, p]) => isObj(p) && "const" in p);
  if (consts.length > 0) return `an object with ${consts.map(([k, p]) => `${k} ${JSON.stringify((p as Record<string, unknown>)["const"])}`).join(" and ")}`;
  const ref = isObj(loc.node) ? loc.node["$ref"] : undefined;
  if (typeof ref === "string") return `a ${refName(ref)}`;
  return describe(compiler, loc) ?? "allowed here";
}
