/** `type` (and OpenAPI 3.0's `nullable`): read by the compiler itself, which wraps every other check in it. */
import { Code, code, indent, join } from "../code.js";
import type { Location } from "../resources.js";
import type { CompilerServices, Keyword, Obj } from "../types.js";

export const type: Keyword = { keywords: ["type", "nullable"] };

const TEXT: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  null: "null",
};

/**
 * A plain object (see isObj in prelude.ts), tested where the value is met rather than in a shared
 * helper: the `in` probe gives V8 this site's own map feedback, and with the map known the
 * prototype lookup in `plain` folds to a constant (without it, Object.getPrototypeOf is a call
 * costing as much as checking a small object). `in` reads no getter, unlike a property read.
 */
export const objectTest = (v: Code): Code => code`(typeof ${v} === "object" && ${v} !== null && plain(${v}, "" in ${v}))`;

const TEST: Record<string, (v: Code) => Code> = {
  string: (v) => code`typeof ${v} === "string"`,
  integer: (v) => code`(typeof ${v} === "number" && Number.isInteger(${v}))`,
  number: (v) => code`(typeof ${v} === "number" && Number.isFinite(${v}))`,
  boolean: (v) => code`typeof ${v} === "boolean"`,
  object: objectTest,
  array: (v) => code`Array.isArray(${v})`,
  null: (v) => code`${v} === null`,
};

export const typeText = (t: string): string => TEXT[t] ?? t;

/**
 * The types a schema allows; empty: any. In OpenAPI 3.0, `nullable: true` adds null where `type`
 * is present in the same object (the 3.0.3 reading: nullable alone allows nothing more).
 */
export function typesOf(s: Obj, loc: Location, compiler: CompilerServices): string[] {
  const t = s["type"];
  if (t === undefined) {
    if (s["nullable"] === true && compiler.dialect === "openapi-3.0") compiler.warn(`${loc.at}/nullable`, "nullable without type has no effect (OpenAPI 3.0.3): add a type");
    return [];
  }
  const types = Array.isArray(t) ? t : [t];
  for (const x of types) {
    if (typeof x !== "string" || !(x in TEXT)) compiler.fail(`${loc.at}/type`, `expected a JSON Schema type (${Object.keys(TEXT).join(", ")}), found ${JSON.stringify(x)}`);
  }
  const out = [...new Set(types as string[])];
  if (s["nullable"] === true && compiler.dialect === "openapi-3.0" && !out.includes("null")) out.push("null");
  return out;
}

export function typeTestAndText(types: readonly string[], v: Code): [test: Code, text: string] {
  return [
    join(
      types.map((t) => TEST[t]!(v)),
      " || ",
    ),
    types.map(typeText).join(" or "),
  ];
}

const GUARD: Record<string, (v: Code) => Code> = {
  string: (v) => code`typeof ${v} === "string"`,
  number: (v) => code`typeof ${v} === "number"`,
  object: objectTest,
  array: (v) => code`Array.isArray(${v})`,
};

/**
 * Type-specific keywords apply only to values of that type: skip the test when `type` already
 * ensured it. Numbers are always guarded: TypeScript narrows on typeof, not on Number.isInteger.
 */
export function typeGuard(lines: Code[], kind: string, types: readonly string[], v: Code): Code[] {
  if (lines.length === 0) return lines;
  const ensured = types.length === 1 && types[0] === kind && kind !== "number";
  if (ensured) return lines;
  return [code`if (${GUARD[kind]!(v)}) {`, ...indent(lines), code`}`];
}
