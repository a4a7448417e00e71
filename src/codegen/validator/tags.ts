import { isObj, type Obj } from "./types.js";

/** The schema a `$ref` schema points to (the schema itself otherwise). */
export type Deref = (s: unknown) => unknown;

/** What a schema says about one property: the values it allows (null: any) and whether it requires it. */
export interface TagInfo {
  values: Set<string> | null;
  required: boolean;
  default?: unknown;
}

const intersect = (a: Set<string> | null, b: Set<string> | null): Set<string> | null => (a === null ? b : b === null ? a : new Set([...a].filter((x) => b.has(x))));

/**
 * Follows $ref, allOf (every part applies: intersect), anyOf/oneOf (one part applies: union) to find
 * the values a schema allows for property `tag` — what lets a validator pick a oneOf branch by tag.
 */
export function tagInfo(deref: Deref, schema: unknown, tag: string, seen = new Set<unknown>()): TagInfo {
  const s = schema;
  if (!isObj(s) || seen.has(s)) return { values: null, required: false };
  seen.add(s);
  let info: TagInfo = { values: null, required: Array.isArray(s["required"]) && s["required"].includes(tag) };
  const prop = isObj(s["properties"]) ? s["properties"][tag] : undefined;
  if (prop !== undefined) {
    const own = valuesOf(deref, prop);
    info = { ...info, values: own.values, ...(own.default !== undefined ? { default: own.default } : {}) };
  }
  if (typeof s["$ref"] === "string") info = and(info, tagInfo(deref, deref(s), tag, seen));
  for (const part of Array.isArray(s["allOf"]) ? s["allOf"] : []) info = and(info, tagInfo(deref, part, tag, seen));
  for (const key of ["anyOf", "oneOf"]) {
    const parts = s[key];
    if (!Array.isArray(parts) || parts.length === 0) continue;
    const infos = parts.map((p) => tagInfo(deref, p, tag, new Set(seen)));
    const union = infos.some((i) => i.values === null) ? null : new Set(infos.flatMap((i) => [...i.values!]));
    info = and(info, { values: union, required: infos.every((i) => i.required) });
  }
  return info;
}

function and(a: TagInfo, b: TagInfo): TagInfo {
  const d = a.default ?? b.default;
  return { values: intersect(a.values, b.values), required: a.required || b.required, ...(d !== undefined ? { default: d } : {}) };
}

/** The string values a property schema allows through const/enum (following $ref and allOf), or null. */
function valuesOf(deref: Deref, schema: unknown): { values: Set<string> | null; default?: unknown } {
  const s = deref(schema);
  if (!isObj(s)) return { values: null };
  let values: Set<string> | null = null;
  if (typeof s["const"] === "string") values = new Set([s["const"]]);
  if (Array.isArray(s["enum"]) && s["enum"].every((v) => typeof v === "string")) values = intersect(values, new Set(s["enum"] as string[]));
  let def = s["default"];
  for (const part of Array.isArray(s["allOf"]) ? s["allOf"] : []) {
    const inner = valuesOf(deref, part);
    values = intersect(values, inner.values);
    def ??= inner.default;
  }
  return { values, ...(def !== undefined ? { default: def } : {}) };
}

export interface TagPlan {
  tag: string;
  /** Per branch (in oneOf order): the tag values that select it. */
  values: string[][];
  /** The branch taken when the tag is absent (the only one that does not require it), if any. */
  defaultBranch?: number;
  defaultValue?: unknown;
}

/**
 * A oneOf can be decided by a tag when every branch limits the tag to its own values, the values do
 * not overlap, and at most one branch does without the tag. Then validating only the selected branch
 * gives exactly the JSON Schema verdict, and its errors are the ones worth reporting.
 */
export function planTag(deref: Deref, schema: Obj): TagPlan | undefined {
  const branches = schema["oneOf"] as unknown[];
  const d = schema["discriminator"];
  const candidates = isObj(d) && typeof d["propertyName"] === "string" ? [d["propertyName"]] : commonProperties(deref, branches);
  for (const tag of candidates) {
    const infos = branches.map((b) => tagInfo(deref, b, tag));
    if (infos.some((i) => i.values === null || i.values.size === 0)) continue;
    const all = infos.flatMap((i) => [...i.values!]);
    if (new Set(all).size !== all.length) continue;
    const optional = infos.flatMap((i, n) => (i.required ? [] : [n]));
    if (optional.length > 1) continue;
    const def = infos.find((i) => i.default !== undefined)?.default ?? tagDefault(deref, branches, tag);
    return {
      tag,
      values: infos.map((i) => [...i.values!].sort()),
      ...(optional.length === 1 ? { defaultBranch: optional[0]! } : {}),
      ...(def !== undefined ? { defaultValue: def } : {}),
    };
  }
  return undefined;
}

function tagDefault(deref: Deref, branches: unknown[], tag: string): unknown {
  for (const b of branches) {
    const i = tagInfo(deref, b, tag);
    if (i.default !== undefined) return i.default;
  }
  return undefined;
}

/** Property names declared (somewhere) by every branch: the candidates for an implicit tag. */
function commonProperties(deref: Deref, branches: unknown[]): string[] {
  const names = (s: unknown, seen = new Set<unknown>()): Set<string> => {
    const r = deref(s);
    if (!isObj(r) || seen.has(r)) return new Set();
    seen.add(r);
    const out = new Set(isObj(r["properties"]) ? Object.keys(r["properties"]) : []);
    for (const key of ["allOf", "anyOf", "oneOf"]) for (const p of Array.isArray(r[key]) ? r[key] : []) for (const n of names(p, seen)) out.add(n);
    return out;
  };
  const sets = branches.map((b) => names(b));
  return [...(sets[0] ?? [])].filter((n) => sets.every((s) => s.has(n))).sort();
}
