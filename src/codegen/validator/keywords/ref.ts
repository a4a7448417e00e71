/**
 * `$ref` and `$dynamicRef`. A `$dynamicRef` whose first target carries the same `$dynamicAnchor`
 * is taken, at run time, from the outermost schema resource in the dynamic scope that has one
 * (JSON Schema 2020-12, section 8.2.3.2); otherwise it is a `$ref`.
 */
import { type Code, code } from "../code.js";
import { propagate } from "../emit.js";
import type { Location } from "../resources.js";
import { isObj, type Keyword, type KeywordContext } from "../types.js";

export const ref: Keyword = {
  keywords: ["$ref", "$dynamicRef"],
  code(ctx) {
    const out: Code[] = [];
    for (const key of ["$ref", "$dynamicRef"] as const) {
      const r = ctx.s[key];
      if (r === undefined) continue;
      if (typeof r !== "string") return ctx.compiler.fail(`${ctx.at}/${key}`, `expected a URI reference (a string), found ${JSON.stringify(r)}`);
      const target = ctx.compiler.resolve(r, ctx.loc, `${ctx.at}/${key}`);
      const anchor = r.includes("#") ? r.slice(r.indexOf("#") + 1) : undefined;
      if (key === "$dynamicRef" && ctx.ds && anchor && isObj(target.node) && target.node["$dynamicAnchor"] === anchor) out.push(...dynamic(ctx, anchor, target));
      else out.push(...ctx.compiler.applyRef(target, ctx));
    }
    return out;
  },
};

function dynamic(ctx: KeywordContext, anchor: string, initial: Location): Code[] {
  const { compiler } = ctx;
  const tracking = ctx.ev !== undefined;
  const table = compiler.dynamicTable(anchor, tracking);
  const g = ctx.f.variable();
  const fallback = compiler.functionFor(initial, tracking);
  const args = tracking ? code`${ctx.v}, ${ctx.p}, e, ${ctx.c}, ${ctx.ds!}, ${ctx.ev!}` : code`${ctx.v}, ${ctx.p}, e, ${ctx.c}, ${ctx.ds!}`;
  return [code`const ${g}: ${tracking ? code`EvCheck` : code`DsCheck`} = dynamicTarget(${ctx.ds!}, ${table}) ?? ${fallback};`, ...propagate(code`${g}(${args})`)];
}
