/**
 * `unevaluatedProperties` and `unevaluatedItems`: checked last, on the keys and items no keyword
 * beside them (nor any subschema applied in place that held) evaluated. The compiler keeps the
 * record for a schema that has them (see compile.ts: `ev`).
 */
import { type Code, code, indent } from "../code.js";
import { fail } from "../emit.js";
import type { Keyword } from "../types.js";
import { objectTest } from "./type.js";

export const unevaluated: Keyword = {
  keywords: ["unevaluatedProperties", "unevaluatedItems"],
  subschemas: { unevaluatedProperties: "schema", unevaluatedItems: "schema" },
  code(ctx) {
    const { s, compiler, v, p, f } = ctx;
    const ev = ctx.ev!;
    const out: Code[] = [];
    if (s["unevaluatedProperties"] !== undefined) {
      const [k, x] = [f.variable(), f.variable()];
      const path = code`ptr(${p}, ${k})`;
      const checks =
        s["unevaluatedProperties"] === false
          ? fail(path, "unevaluatedProperties", code`${"unknown property "} + JSON.stringify(${k}) + ${" (no keyword here declares it)"}`)
          : compiler.inline(compiler.child(ctx.loc, "unevaluatedProperties"), { v: x, p: path }, f, undefined, ctx.ds, false);
      const loop = [code`for (const ${k} in ${v}) {`, code`  const ${x} = ${v}[${k}];`, code`  if (${x} === undefined || evHasKey(${ev}, ${k})) continue;`, ...indent(checks), code`}`];
      out.push(code`if (${objectTest(v)}) {`, ...indent(checks.length > 0 ? loop : []), code`  evAll(${ev});`, code`}`);
    }
    if (s["unevaluatedItems"] !== undefined) {
      const [i, x] = [f.variable(), f.variable()];
      const checks =
        s["unevaluatedItems"] === false
          ? fail(code`${p} + "/" + ${i}`, "unevaluatedItems", code`${"no item is allowed here (no keyword here declares it)"}`)
          : compiler.inline(compiler.child(ctx.loc, "unevaluatedItems"), { v: x, p: code`${p} + "/" + ${i}` }, f, undefined, ctx.ds, false);
      const loop = [code`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`, code`  if (evHasItem(${ev}, ${i})) continue;`, code`  const ${x} = ${v}[${i}];`, ...indent(checks), code`}`];
      out.push(code`if (Array.isArray(${v})) {`, ...indent(checks.length > 0 ? loop : []), code`  evItems(${ev}, Infinity);`, code`}`);
    }
    return out;
  },
};
