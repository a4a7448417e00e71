/**
 * The array keywords: `prefixItems`, `items`, `contains` with `minContains`/`maxContains`,
 * `minItems`, `maxItems`, `uniqueItems`. The items `prefixItems`, `items` and `contains` evaluated
 * are recorded when unevaluatedItems reads them.
 */
import { type Code, code, indent, operator } from "../code.js";
import { summarize } from "../describe.js";
import { at as ptrOf, countOf, failIf, plural, verdictOf } from "../emit.js";
import type { Keyword, KeywordContext } from "../types.js";

export const array: Keyword = {
  keywords: ["prefixItems", "items", "contains", "minContains", "maxContains", "minItems", "maxItems", "uniqueItems"],
  subschemas: { prefixItems: "array", items: "array", contains: "schema" },
  appliesTo: "array",
  code(ctx) {
    const { s, v, p, compiler, at } = ctx;
    const out: Code[] = [];
    for (const [key, op, text] of [
      ["minItems", "<", "at least"],
      ["maxItems", ">", "at most"],
    ] as const) {
      const n = countOf(ctx, key);
      if (n !== undefined) out.push(...failIf(code`${v}.length ${operator(op)} ${n}`, p, key, code`${`expected ${text} ${plural(n, "item")}, found `} + ${v}.length`));
    }
    if (s["uniqueItems"] === true) {
      const d = ctx.f.variable();
      out.push(code`const ${d} = duplicate(${v});`, ...failIf(code`${d} !== undefined`, p, "uniqueItems", code`"expected unique items, but items " + ${d}![0] + " and " + ${d}![1] + " are equal"`));
    }
    // `items` as an array is the form before 2020-12 (and in some OpenAPI 3.0 documents): read as prefixItems.
    const legacy = Array.isArray(s["items"]);
    if (legacy && compiler.dialect !== "2020-12") compiler.warn(`${at}/items`, "an array of schemas in items is read as prefixItems (items takes one schema)");
    const prefixKey = legacy ? "items" : "prefixItems";
    const prefix = s[prefixKey];
    let prefixLength = 0;
    if (prefix !== undefined) {
      if (!Array.isArray(prefix)) return compiler.fail(`${at}/${prefixKey}`, "expected an array of schemas");
      prefixLength = prefix.length;
      prefix.forEach((_, i) => {
        const x = ctx.f.variable();
        const checks = compiler.inline(compiler.child(ctx.loc, prefixKey, i), { v: x, p: ptrOf(p, String(i)) }, ctx.f, undefined, ctx.ds, false);
        if (checks.length > 0) out.push(code`if (${v}.length > ${i}) {`, code`  const ${x} = ${v}[${i}];`, ...indent(checks), code`}`);
      });
      if (ctx.ev) out.push(code`evItems(${ctx.ev}, Math.min(${v}.length, ${prefixLength}));`);
    }
    if (!legacy && s["items"] !== undefined) {
      const [i, x] = [ctx.f.variable(), ctx.f.variable()];
      const checks = compiler.inline(compiler.child(ctx.loc, "items"), { v: x, p: code`${p} + "/" + ${i}` }, ctx.f, undefined, ctx.ds, false);
      if (checks.length > 0) out.push(code`for (let ${i} = ${prefixLength}; ${i} < ${v}.length; ${i}++) {`, code`  const ${x} = ${v}[${i}];`, ...indent(checks), code`}`);
      if (ctx.ev) out.push(code`evItems(${ctx.ev}, Infinity);`);
    }
    if (s["contains"] !== undefined) out.push(...contains(ctx));
    return out;
  },
};

/** contains: at least minContains (default 1) and at most maxContains items match. */
function contains(ctx: KeywordContext): Code[] {
  const { v, p, compiler, f } = ctx;
  const loc = compiler.child(ctx.loc, "contains");
  const min = countOf(ctx, "minContains") ?? 1;
  const max = countOf(ctx, "maxContains");
  if (min === 0 && max === undefined && !ctx.ev) return [];
  const [n, i] = [f.variable(), f.variable()];
  const call = verdictOf(ctx, loc, code`${v}[${i}]`);
  const what = summarize(compiler, loc);
  // Without a maximum or a record to keep, stop at the minimum.
  const stop = max === undefined && !ctx.ev ? [code`    if (${n} === ${min}) break;`] : [];
  return [
    code`let ${n} = 0;`,
    code`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`,
    code`  if (${call}) {`,
    code`    ${n}++;`,
    ...(ctx.ev ? [code`    evContains(${ctx.ev}, ${i});`] : []),
    ...stop,
    code`  }`,
    code`}`,
    ...(min === 1 && max === undefined
      ? failIf(code`${n} === 0`, p, "contains", code`${`expected at least one item that is ${what}`}`)
      : failIf(code`${n} < ${min}`, p, "minContains", code`${`expected at least ${plural(min, "item")} that ${min === 1 ? "is" : "are"} ${what}, found `} + ${n}`)),
    ...(max === undefined ? [] : failIf(code`${n} > ${max}`, p, "maxContains", code`${`expected at most ${plural(max, "item")} that ${max === 1 ? "is" : "are"} ${what}, found `} + ${n}`)),
  ];
}
