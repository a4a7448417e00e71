/**
 * `format`: an annotation unless formats are asserted (`formats: "assert"`); then each known format
 * is checked on values of its type. An unknown format is an annotation, with a warning.
 */
import { code, name } from "../code.js";
import { failIf } from "../emit.js";
import { FORMATS } from "../format-table.js";
import type { Keyword } from "../types.js";
import { typeGuard } from "./type.js";

export const format: Keyword = {
  keywords: ["format"],
  code({ s, v, p, compiler, at, types }) {
    const f = s["format"];
    if (f === undefined) return [];
    if (typeof f !== "string") return compiler.fail(`${at}/format`, `expected a format name (a string), found ${JSON.stringify(f)}`);
    const known = Object.hasOwn(FORMATS, f) ? FORMATS[f]! : undefined;
    if (!known) {
      compiler.warn(`${at}/format`, `unknown format "${f}" is not checked (an annotation)`);
      return [];
    }
    if (!compiler.assertFormats) return [];
    const lines = failIf(code`!${name(known.check)}(${v})`, p, "format", code`${`expected ${known.text}, found `} + show(${v})`);
    return typeGuard(lines, known.applies, types, v);
  },
};
