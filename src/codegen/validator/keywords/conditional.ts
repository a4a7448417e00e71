/** `if`/`then`/`else`: `then` applies where `if` holds, `else` where it does not; both in place. */
import { type Code, code, indent } from "../code.js";
import { verdictOf } from "../emit.js";
import type { Keyword } from "../types.js";

export const conditional: Keyword = {
  keywords: ["if", "then", "else"],
  subschemas: { if: "schema", then: "schema", else: "schema" },
  inPlace: ["if", "then", "else"],
  code(ctx) {
    const { s, compiler } = ctx;
    if (s["if"] === undefined) return [];
    const place = (key: string) => (s[key] === undefined ? [] : compiler.inline(compiler.child(ctx.loc, key), ctx, ctx.f, ctx.ev, ctx.ds, ctx.withContext));
    const [then, otherwise] = [place("then"), place("else")];
    // Without then/else, `if` decides nothing, but where annotations are kept, those of a holding `if` count.
    if (then.length === 0 && otherwise.length === 0 && !ctx.ev) return [];
    const r = ctx.f.variable();
    const out: Code[] = [];
    const loc = compiler.child(ctx.loc, "if");
    if (ctx.ev) {
      const ev = ctx.f.variable();
      out.push(code`const ${ev}: Ev = newEv();`, code`const ${r} = ${verdictOf(ctx, loc, ctx.v, ev)};`, code`if (${r}) mergeEv(${ctx.ev}, ${ev});`);
    } else out.push(code`const ${r} = ${verdictOf(ctx, loc)};`);
    if (then.length > 0) out.push(code`if (${r}) {`, ...indent(then), ...(otherwise.length > 0 ? [code`} else {`, ...indent(otherwise)] : []), code`}`);
    else if (otherwise.length > 0) out.push(code`if (!${r}) {`, ...indent(otherwise), code`}`);
    return out;
  },
};
