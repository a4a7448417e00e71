/**
 * The object keywords: `properties`, `patternProperties`, `additionalProperties`, `propertyNames`,
 * `required`, `dependentRequired`, `dependentSchemas`, `minProperties`, `maxProperties`. Each
 * declared property is read once; the keys the value has are visited once, when something
 * (additional or pattern properties, property names) must see them all.
 *
 * By direction (OpenAPI): a request ignores `readOnly` properties, an answer `writeOnly` ones —
 * not required, not checked, not unknown either.
 */
import { type Code, code, indent, join, operator } from "../code.js";
import { at as ptrOf, countOf, fail, failIf, read } from "../emit.js";
import type { Location } from "../resources.js";
import { isObj, type KeywordContext, type Keyword, type Obj } from "../types.js";
import { regExp } from "./string.js";

export const object: Keyword = {
  keywords: ["properties", "patternProperties", "additionalProperties", "propertyNames", "required", "dependentRequired", "dependentSchemas", "minProperties", "maxProperties"],
  subschemas: { properties: "map", patternProperties: "map", additionalProperties: "schema", propertyNames: "schema", dependentSchemas: "map" },
  inPlace: ["dependentSchemas"],
  appliesTo: "object",
  code(ctx) {
    const { s, v, p, compiler, at } = ctx;
    const out: Code[] = [];
    const props = mapOf(ctx, "properties");
    const ignored = new Set(Object.keys(props).filter((k) => ignoredByDirection(ctx, compiler.child(ctx.loc, "properties", k))));
    const required = namesOf(ctx, "required").filter((n) => !ignored.has(n));
    const requiredSet = new Set(required);
    const extra = s["additionalProperties"];
    const closed = extra !== undefined && extra !== true;
    const patterns = Object.keys(mapOf(ctx, "patternProperties"));
    const viaSwitch = closed && patterns.length === 0 && s["propertyNames"] === undefined && Object.keys(props).length > 8;

    const missing = (key: string) => {
      const plain = `required property "${key}" is missing`;
      const message = ctx.withContext ? code`c === undefined ? ${plain} : c + ${` requires ${key}`}` : code`${plain}`;
      return fail(ptrOf(p, key), "required", message);
    };
    for (const key of required) {
      if (viaSwitch || !Object.hasOwn(props, key)) out.push(code`if (${read(v, key)} === undefined) {`, ...indent(missing(key)), code`}`);
    }
    if (viaSwitch) out.push(...keySwitch(ctx, props, ignored));
    else {
      for (const key of Object.keys(props)) {
        if (ignored.has(key)) continue;
        const x = ctx.f.variable();
        const checks = compiler.inline(compiler.child(ctx.loc, "properties", key), { v: x, p: ptrOf(p, key) }, ctx.f, undefined, ctx.ds, false);
        if (ctx.ev && !closed) checks.push(code`evKey(${ctx.ev}, ${key});`);
        const isRequired = requiredSet.has(key);
        if (checks.length === 0 && !isRequired) continue;
        out.push(code`const ${x} = ${read(v, key)};`);
        if (!isRequired) out.push(code`if (${x} !== undefined) {`, ...indent(checks), code`}`);
        else out.push(code`if (${x} === undefined) {`, ...indent(missing(key)), ...(checks.length > 0 ? [code`} else {`, ...indent(checks)] : []), code`}`);
      }
      if (closed || patterns.length > 0 || s["propertyNames"] !== undefined) out.push(...keyLoop(ctx, props, patterns, closed));
    }
    if (ctx.ev && (closed || extra === true)) out.push(code`evAll(${ctx.ev});`);

    for (const [key, needs] of Object.entries(mapOf(ctx, "dependentRequired"))) {
      if (!Array.isArray(needs) || needs.some((n) => typeof n !== "string")) compiler.fail(`${at}/dependentRequired/${key}`, "expected an array of property names");
      const checks = (needs as string[]).flatMap((n) => failIf(code`${read(v, n)} === undefined`, ptrOf(p, n), "dependentRequired", code`${`property "${key}" requires "${n}"`}`));
      if (checks.length > 0) out.push(code`if (${read(v, key)} !== undefined) {`, ...indent(checks), code`}`);
    }
    for (const key of Object.keys(mapOf(ctx, "dependentSchemas"))) {
      const checks = compiler.inline(compiler.child(ctx.loc, "dependentSchemas", key), ctx, ctx.f, ctx.ev, ctx.ds, ctx.withContext);
      if (checks.length > 0) out.push(code`if (${read(v, key)} !== undefined) {`, ...indent(checks), code`}`);
    }
    for (const [key, op, text] of [
      ["minProperties", "<", "at least"],
      ["maxProperties", ">", "at most"],
    ] as const) {
      const n = countOf(ctx, key);
      if (n === undefined) continue;
      const count = code`Object.keys(${v}).length`;
      out.push(...failIf(code`${count} ${operator(op)} ${n}`, p, key, code`${`expected ${text} ${n} ${n === 1 ? "property" : "properties"}, found `} + ${count}`));
    }
    return out;
  },
};

/** A request does not check `readOnly` properties, an answer `writeOnly` ones (OpenAPI). */
function ignoredByDirection(ctx: KeywordContext, loc: Location): boolean {
  const flag = ctx.compiler.direction === "request" ? "readOnly" : ctx.compiler.direction === "response" ? "writeOnly" : undefined;
  if (!flag) return false;
  const own = loc.node;
  if (isObj(own) && own[flag] === true) return true;
  const target = ctx.compiler.deref(loc).node;
  return isObj(target) && target[flag] === true;
}

function mapOf(ctx: KeywordContext, key: string): Obj {
  const m = ctx.s[key];
  if (m === undefined) return {};
  if (!isObj(m)) return ctx.compiler.fail(`${ctx.at}/${key}`, "expected an object (names to schemas)");
  return m;
}

function namesOf(ctx: KeywordContext, key: string): string[] {
  const list = ctx.s[key];
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.some((n) => typeof n !== "string")) return ctx.compiler.fail(`${ctx.at}/${key}`, "expected an array of property names");
  return [...new Set(list as string[])];
}

/** Whether `k` is a declared property: compared one by one for a few names (faster than a Set), a Set for many. */
function declared(ctx: KeywordContext, known: string[], k: Code): Code {
  if (known.length === 0) return code`false`;
  if (known.length <= 8)
    return join(
      known.map((n) => code`${k} === ${n}`),
      " || ",
    );
  return code`${ctx.compiler.constant("known", code`new Set<string>(${known})`)}.has(${k})`;
}

/** additionalProperties: false met key `k`: name it, and the keys the schema knows. */
function unknownKey(known: string[], path: Code, k: Code): Code[] {
  const listed = known.slice(0, 20).join(", ") + (known.length > 20 ? ", …" : "");
  return fail(path, "additionalProperties", code`${"unknown property "} + JSON.stringify(${k}) + ${known.length ? ` (known: ${listed})` : " (no properties are allowed)"}`);
}

/** The checks for a key no property declares: additionalProperties (false: unknown; a schema: checked). */
function additional(ctx: KeywordContext, known: string[], x: Code, k: Code): Code[] {
  const path = code`ptr(${ctx.p}, ${k})`;
  if (ctx.s["additionalProperties"] === false) return unknownKey(known, path, k);
  return ctx.compiler.inline(ctx.compiler.child(ctx.loc, "additionalProperties"), { v: x, p: path }, ctx.f, undefined, ctx.ds, false);
}

/**
 * Every key the value has, once: its name (propertyNames), the patterns it matches, and when no
 * property or pattern declares it, additionalProperties. An undefined value counts as absent, as
 * JSON.stringify drops it.
 */
function keyLoop(ctx: KeywordContext, props: Obj, patterns: string[], closed: boolean): Code[] {
  const { v, p, compiler, f } = ctx;
  const [k, x, m] = [f.variable(), f.variable(), f.variable()];
  const path = code`ptr(${p}, ${k})`;
  const known = Object.keys(props);
  const body: Code[] = [];
  if (ctx.s["propertyNames"] !== undefined) {
    body.push(...compiler.inline(compiler.child(ctx.loc, "propertyNames"), { v: k, p: path }, f, undefined, ctx.ds, false));
  }
  if (patterns.length > 0 && closed) body.push(code`let ${m} = ${declared(ctx, known, k)};`);
  patterns.forEach((pattern) => {
    const re = compiler.constant("re", regExp(pattern, `${ctx.at}/patternProperties`, compiler));
    const checks = compiler.inline(compiler.child(ctx.loc, "patternProperties", pattern), { v: x, p: path }, f, undefined, ctx.ds, false);
    if (closed) checks.unshift(code`${m} = true;`);
    else if (ctx.ev) checks.push(code`evKey(${ctx.ev}, ${k});`);
    if (checks.length > 0) body.push(code`if (${re}.test(${k})) {`, ...indent(checks), code`}`);
  });
  if (closed) {
    const test = patterns.length > 0 ? code`!${m}` : code`!(${declared(ctx, known, k)})`;
    const checks = additional(ctx, known, x, k);
    if (checks.length > 0) body.push(code`if (${test}) {`, ...indent(checks), code`}`);
  }
  if (body.length === 0) return [];
  return [code`for (const ${k} in ${v}) {`, code`  const ${x} = ${v}[${k}];`, code`  if (${x} === undefined) continue;`, ...indent(body), code`}`];
}

/** Many declared properties, few sent: visit the keys the value has, one switch case per key. */
function keySwitch(ctx: KeywordContext, props: Obj, ignored: Set<string>): Code[] {
  const { v, p, compiler, f } = ctx;
  const [k, x] = [f.variable(), f.variable()];
  const path = code`ptr(${p}, ${k})`;
  const cases: Code[] = [];
  for (const key of Object.keys(props)) {
    const checks = ignored.has(key) ? [] : compiler.inline(compiler.child(ctx.loc, "properties", key), { v: x, p: path }, f, undefined, ctx.ds, false);
    cases.push(code`case ${key}:`, ...indent(checks), code`  break;`);
  }
  return [
    code`for (const ${k} in ${v}) {`,
    code`  const ${x} = ${v}[${k}];`,
    code`  if (${x} === undefined) continue;`,
    code`  switch (${k}) {`,
    ...indent(cases, 2),
    code`    default:`,
    ...indent(additional(ctx, Object.keys(props), x, k), 3),
    code`  }`,
    code`}`,
  ];
}
