/**
 * `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`. OpenAPI 3.0 writes
 * the exclusive bounds as booleans beside minimum/maximum (JSON Schema draft 4); 3.1 as numbers.
 */
import { code, operator } from "../code.js";
import { failIf } from "../emit.js";
import type { Keyword } from "../types.js";

export const number: Keyword = {
  keywords: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  appliesTo: "number",
  code({ s, v, p, compiler, at }) {
    const out = [];
    const numeric = (key: string): number | undefined => {
      const n = s[key];
      if (n === undefined || (typeof n === "boolean" && compiler.dialect === "openapi-3.0" && key.startsWith("exclusive"))) return undefined;
      if (typeof n !== "number" || !Number.isFinite(n)) return compiler.fail(`${at}/${key}`, `expected a number, found ${JSON.stringify(n)}`);
      return n;
    };
    const bound = (key: string, n: number | undefined, op: "<" | ">" | "<=" | ">=", text: string) => {
      if (n === undefined) return;
      out.push(...failIf(code`${v} ${operator(op)} ${n}`, p, key, code`${`expected a number ${text} ${n}, found `} + ${v}`));
    };
    const exclusive = (key: "exclusiveMinimum" | "exclusiveMaximum", of: "minimum" | "maximum") => s[key] === true && compiler.dialect === "openapi-3.0" && typeof s[of] === "number";
    const lowExclusive = exclusive("exclusiveMinimum", "minimum");
    const highExclusive = exclusive("exclusiveMaximum", "maximum");
    bound(lowExclusive ? "exclusiveMinimum" : "minimum", numeric("minimum"), lowExclusive ? "<=" : "<", lowExclusive ? ">" : "≥");
    bound(highExclusive ? "exclusiveMaximum" : "maximum", numeric("maximum"), highExclusive ? ">=" : ">", highExclusive ? "<" : "≤");
    bound("exclusiveMinimum", numeric("exclusiveMinimum"), "<=", ">");
    bound("exclusiveMaximum", numeric("exclusiveMaximum"), ">=", "<");
    const m = numeric("multipleOf");
    if (m !== undefined) {
      if (m <= 0) compiler.fail(`${at}/multipleOf`, `expected a number greater than 0, found ${m}`);
      out.push(...failIf(code`!multipleOf(${v}, ${m})`, p, "multipleOf", code`${`expected a multiple of ${m}, found `} + ${v}`));
    }
    return out;
  },
};
