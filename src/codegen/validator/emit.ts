/** Small pieces of generated code every keyword module writes the same way. */
import { Code, code, indent } from "./code.js";
import type { Location } from "./resources.js";
import type { KeywordContext } from "./types.js";

/** Fail: in verdict-only mode return at once; else note the issue (`add` gives false: the verdict) and go on, to report them all. */
export function fail(path: Code, keyword: string, message: Code): Code[] {
  return [code`if (e === null) return false;`, code`ok = add(e, ${path}, ${keyword}, ${message});`];
}

/** `if (test) { fail }`. */
export function failIf(test: Code, path: Code, keyword: string, message: Code): Code[] {
  return [code`if (${test}) {`, ...indent(fail(path, keyword, message)), code`}`];
}

/**
 * Reads a declared property. A name that Object.prototype also has (constructor, toString,
 * __proto__…) is read only when it is the value's own: an inherited one is absent.
 */
export function read(v: Code, key: string): Code {
  return key in Object.prototype || key === "__proto__" ? code`own(${v}, ${key})` : code`${v}[${key}]`;
}

/** A pointer known up to a run-time part: `base` (an expression) followed by the literal `suffix`. */
class PointerCode extends Code {
  constructor(
    readonly base: Code,
    readonly suffix: string,
  ) {
    super(code`${base} + ${suffix}`.text);
  }
}

/**
 * The pointer of property `key` under `p`: escaped here, since the key is known, and joined to the
 * literal part of `p` (`p + "/data/attributes"`, not `ptr(ptr(p, "data"), "attributes")`).
 */
export function at(p: Code, key: string): Code {
  const token = "/" + key.replaceAll("~", "~0").replaceAll("/", "~1");
  return p instanceof PointerCode ? new PointerCode(p.base, p.suffix + token) : new PointerCode(p, token);
}

/** A keyword whose value is a count (minLength, maxItems, minContains…): the number, or undefined when absent. */
export function countOf(ctx: KeywordContext, key: string): number | undefined {
  const n = ctx.s[key];
  if (n === undefined) return undefined;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) return ctx.compiler.fail(`${ctx.at}/${key}`, `expected a non-negative integer, found ${JSON.stringify(n)}`);
  return n;
}

/** The verdict alone of the schema at `loc` on `v` (no issues, no context): for branches, conditions, contains. */
export function verdictOf(ctx: KeywordContext, loc: Location, v: Code = ctx.v, ev?: Code): Code {
  return ctx.compiler.call(loc, { v, p: code`""`, e: code`null`, c: code`undefined`, ds: ctx.ds, ev });
}

/** "1 item", "2 items". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A sub-check that reports its own issues: only the verdict is passed on. */
export function propagate(call: Code): Code[] {
  return [code`if (!${call}) {`, code`  if (e === null) return false;`, code`  ok = false;`, code`}`];
}
