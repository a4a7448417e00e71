/** `minLength`, `maxLength` (in code points, as JSON Schema counts) and `pattern` (ECMA-262, Unicode mode). */
import { code } from "../code.js";
import { countOf, failIf, plural } from "../emit.js";
import type { Keyword } from "../types.js";

export const string: Keyword = {
  keywords: ["minLength", "maxLength", "pattern"],
  appliesTo: "string",
  code(ctx) {
    const { s, v, p, compiler, at } = ctx;
    const out = [];
    const length = (key: string, op: "<" | ">", text: string) => {
      const n = countOf(ctx, key);
      if (n === undefined) return;
      // Code points are counted only where UTF-16 length cannot tell (a code point is 1 or 2 units).
      const test = op === "<" ? code`${v}.length < ${n} || (${v}.length < ${2 * n} && len(${v}) < ${n})` : code`${v}.length > ${n} && (${v}.length > ${2 * n} || len(${v}) > ${n})`;
      out.push(...failIf(test, p, key, code`${`expected ${text} ${plural(n, "character")}, found `} + len(${v})`));
    };
    length("minLength", "<", "at least");
    length("maxLength", ">", "at most");
    const pattern = s["pattern"];
    if (pattern !== undefined) {
      if (typeof pattern !== "string") return compiler.fail(`${at}/pattern`, "expected a regular expression (a string)");
      const re = compiler.constant("re", regExp(pattern, `${at}/pattern`, compiler));
      out.push(...failIf(code`!${re}.test(${v})`, p, "pattern", code`${`expected a string matching ${pattern}, found `} + show(${v})`));
    }
    return out;
  },
};

/**
 * A RegExp for a schema's pattern: Unicode mode, as JSON Schema's ECMA-262 dialect reads `\w` and
 * `.` on code points; a pattern valid only without it (`\-` outside a class) is kept with a warning.
 */
export function regExp(pattern: string, at: string, compiler: { fail(p: string, m: string): never; warn(p: string, m: string): void }) {
  try {
    new RegExp(pattern, "u");
    return code`new RegExp(${pattern}, "u")`;
  } catch (unicode) {
    try {
      new RegExp(pattern);
    } catch {
      return compiler.fail(at, `expected an ECMA-262 regular expression: ${(unicode as Error).message}`);
    }
    compiler.warn(at, `not a valid regular expression in Unicode mode (${(unicode as Error).message}): compiled without the u flag`);
    return code`new RegExp(${pattern})`;
  }
}
