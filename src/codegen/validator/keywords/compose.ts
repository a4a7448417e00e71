/**
 * `allOf`, `anyOf`, `oneOf`, `not`, and OpenAPI's `discriminator`. allOf parts are checked in place
 * and report their own issues; a branch of anyOf/oneOf gives a verdict of its own first, and only
 * when none fits are the issues of the closest one reported. A oneOf that a tag decides (each
 * branch limits one property to its own values, or a discriminator maps them) checks only the
 * branch the tag selects, so its messages say "matching "custom" requires field_name".
 */
import { type Code, code, indent, join } from "../code.js";
import { branchName, describe, refName } from "../describe.js";
import { at, fail, propagate, read, verdictOf } from "../emit.js";
import { joinPointer } from "../../pointer.js";
import type { Location } from "../resources.js";
import { planTag, type TagPlan } from "../tags.js";
import { isObj, type Keyword, type KeywordContext } from "../types.js";
import { objectTest } from "./type.js";

export const compose: Keyword = {
  keywords: ["allOf", "anyOf", "oneOf", "not", "discriminator"],
  subschemas: { allOf: "array", anyOf: "array", oneOf: "array", not: "schema" },
  inPlace: ["allOf", "anyOf", "oneOf", "not"],
  code(ctx) {
    const out: Code[] = [];
    const { compiler } = ctx;
    for (const key of ["allOf", "anyOf", "oneOf"] as const) {
      const list = ctx.s[key];
      if (list !== undefined && (!Array.isArray(list) || list.length === 0)) compiler.fail(`${ctx.at}/${key}`, "expected a non-empty array of schemas");
    }
    (ctx.s["allOf"] as unknown[] | undefined)?.forEach((_, n) => {
      out.push(...compiler.inline(compiler.child(ctx.loc, "allOf", n), ctx, ctx.f, ctx.ev, ctx.ds, ctx.withContext));
    });
    if (ctx.s["anyOf"] !== undefined) out.push(...anyOf(ctx));
    if (ctx.s["oneOf"] !== undefined) out.push(...oneOf(ctx));
    if (ctx.s["not"] !== undefined) {
      const loc = compiler.child(ctx.loc, "not");
      const what = describe(compiler, loc);
      const message = what ? `expected anything but ${what}, found ` : `expected a value that does not match the schema at ${loc.at}, found `;
      out.push(code`if (${verdictOf(ctx, loc)}) {`, ...indent(fail(ctx.p, "not", code`${message} + show(${ctx.v})`)), code`}`);
    }
    return out;
  },
};

interface Branch {
  loc: Location;
  fn: Code;
  name: string;
}

function branches(ctx: KeywordContext, key: "anyOf" | "oneOf"): Branch[] {
  return (ctx.s[key] as unknown[]).map((b, n) => {
    const loc = ctx.compiler.child(ctx.loc, key, n);
    return { loc, fn: ctx.compiler.functionFor(loc), name: branchName(b, n) };
  });
}

/** No branch fitted: the issues noMatch picks (src/codegen/validator/prelude.ts). */
function noMatch(ctx: KeywordContext, keyword: string, summary: Code, complete: boolean, bs: Branch[]): Code[] {
  return [
    code`if (e === null) return false;`,
    code`ok = false;`,
    code`noMatch(e, ${ctx.v}, ${ctx.p}, ${keyword}, ${summary}, ${complete}, [${join(
      bs.map((b) => b.fn),
      ", ",
    )}], ${ctx.c});`,
  ];
}

/**
 * Runs every branch with its own record of annotations, keeps the records of those that fit, and
 * gives the variable counting them. What unevaluatedProperties/Items needs: every fitting branch counts.
 */
function tracked(ctx: KeywordContext, bs: Branch[], keep: "all" | "one"): [Code[], Code] {
  const n = ctx.f.variable();
  const lines: Code[] = [code`let ${n} = 0;`];
  const kept = keep === "one" ? ctx.f.variable() : undefined;
  if (kept) lines.push(code`let ${kept}: Ev | undefined;`);
  for (const b of bs) {
    const r = ctx.f.variable();
    lines.push(code`const ${r}: Ev = newEv();`, code`if (${verdictOf(ctx, b.loc, ctx.v, r)}) {`, code`  ${n}++;`, kept ? code`  ${kept} = ${r};` : code`  mergeEv(${ctx.ev!}, ${r});`, code`}`);
  }
  if (kept) lines.push(code`if (${n} === 1) mergeEv(${ctx.ev!}, ${kept}!);`);
  return [lines, n];
}

function anyOf(ctx: KeywordContext): Code[] {
  const bs = branches(ctx, "anyOf");
  const described = bs.map((b) => describe(ctx.compiler, b.loc));
  const complete = described.every((d) => d !== undefined);
  const summary = complete ? code`${`expected ${described.join(" or ")}, found `} + show(${ctx.v})` : code`${`expected any of ${bs.map((b) => b.name).join(", ")}, but it matches none`}`;
  if (ctx.ev) {
    const [lines, n] = tracked(ctx, bs, "all");
    return [...lines, code`if (${n} === 0) {`, ...indent(noMatch(ctx, "anyOf", summary, complete, bs)), code`}`];
  }
  return [
    code`if (!(${join(
      bs.map((b) => verdictOf(ctx, b.loc)),
      " || ",
    )})) {`,
    ...indent(noMatch(ctx, "anyOf", summary, complete, bs)),
    code`}`,
  ];
}

function oneOf(ctx: KeywordContext): Code[] {
  const bs = branches(ctx, "oneOf");
  const tag = planTag((s) => ctx.compiler.deref({ ...ctx.loc, node: s }).node, ctx.s) ?? discriminatorTag(ctx, bs);
  const generic = oneOfGeneric(ctx, bs);
  if (!tag) return generic;
  return [code`if (${objectTest(ctx.v)}) {`, ...indent(oneOfByTag(ctx, tag, bs)), code`} else {`, ...indent(generic), code`}`];
}

function oneOfGeneric(ctx: KeywordContext, bs: Branch[]): Code[] {
  const names = bs.map((b) => b.name).join(", ");
  let count: Code[];
  let n: Code;
  if (ctx.ev) [count, n] = tracked(ctx, bs, "one");
  else {
    n = ctx.f.variable();
    count = [code`let ${n} = 0;`, ...bs.map((b) => code`if (${verdictOf(ctx, b.loc)}) ${n}++;`)];
  }
  return [
    code`{`,
    ...indent(count),
    code`  if (${n} !== 1) {`,
    code`    if (e === null) return false;`,
    code`    ok = false;`,
    code`    if (${n} > 1) add(e, ${ctx.p}, "oneOf", ${`expected exactly one of ${names}, but it matches `} + ${n});`,
    code`    else noMatch(e, ${ctx.v}, ${ctx.p}, "oneOf", ${`expected exactly one of ${names}, but it matches none`}, false, [${join(
      bs.map((b) => b.fn),
      ", ",
    )}], ${ctx.c});`,
    code`  }`,
    code`}`,
  ];
}

/** Picks the branch by the tag's value: the verdict is the same, and the errors are the chosen branch's. */
function oneOfByTag(ctx: KeywordContext, tag: TagPlan, bs: Branch[]): Code[] {
  const t = ctx.f.variable();
  const out: Code[] = [code`const ${t} = ${read(ctx.v, tag.tag)};`];
  const call = (n: number, context: Code) => propagate(ctx.compiler.call(bs[n]!.loc, { v: ctx.v, p: code`e === null ? "" : ${ctx.p}`, e: code`e`, c: context, ds: ctx.ds, ev: ctx.ev }));
  out.push(code`if (${t} === undefined) {`);
  if (tag.defaultBranch !== undefined) {
    const context = `${tag.tag} ${tag.defaultValue !== undefined ? `${JSON.stringify(tag.defaultValue)} (the default)` : "(absent)"}`;
    out.push(...indent(call(tag.defaultBranch, code`${context}`)));
  } else {
    out.push(...indent(fail(at(ctx.p, tag.tag), "required", code`${`required property "${tag.tag}" is missing`}`)));
  }
  tag.values.forEach((values, n) => {
    if (values.length === 0) return;
    out.push(
      code`} else if (${join(
        values.map((x) => code`${t} === ${x}`),
        " || ",
      )}) {`,
    );
    out.push(...indent(call(n, code`${`${tag.tag} `} + JSON.stringify(${t})`)));
  });
  const all = tag.values
    .flat()
    .map((x) => JSON.stringify(x))
    .join(", ");
  out.push(code`} else {`, ...indent(fail(at(ctx.p, tag.tag), "oneOf", code`${`expected ${tag.tag} to be one of ${all}, found `} + show(${t})`)), code`}`);
  return out;
}

/**
 * An OpenAPI discriminator whose branches do not limit the tag themselves: the mapping (or, without
 * one, each $ref branch's schema name) says which value selects which branch.
 */
function discriminatorTag(ctx: KeywordContext, bs: Branch[]): TagPlan | undefined {
  const d = ctx.s["discriminator"];
  if (ctx.compiler.dialect === "2020-12" || !isObj(d) || typeof d["propertyName"] !== "string") return undefined;
  const refs = bs.map((b) => (isObj(b.loc.node) && typeof b.loc.node["$ref"] === "string" ? b.loc.node["$ref"] : undefined));
  const values: string[][] = bs.map(() => []);
  const mapping = isObj(d["mapping"]) ? d["mapping"] : {};
  for (const [value, target] of Object.entries(mapping)) {
    const n = typeof target === "string" ? refs.findIndex((r) => r === target || (r !== undefined && refName(r) === target)) : -1;
    if (n < 0) ctx.compiler.warn(joinPointer(ctx.at, "discriminator", "mapping", value), `${JSON.stringify(target)} is not one of the oneOf branches: the value is not accepted`);
    else values[n]!.push(value);
  }
  refs.forEach((r, n) => {
    // Implicit mapping: the schema's name, for a branch no explicit value maps.
    if (r !== undefined && values[n]!.length === 0) values[n]!.push(refName(r));
  });
  return { tag: d["propertyName"], values };
}
