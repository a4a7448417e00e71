import { literal } from "../code.js";
import { readEachItemRequires } from "../each-item-requires.js";
import { joinPointer, resolvePointer } from "../pointer.js";
import { SpecError } from "../spec-error.js";
import { planTag, type TagPlan } from "./tags.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

const TYPE_TEXT: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  null: "null",
};
const TYPE_TEST: Record<string, (v: string) => string> = {
  string: (v) => `typeof ${v} === "string"`,
  integer: (v) => `(typeof ${v} === "number" && Number.isInteger(${v}))`,
  number: (v) => `(typeof ${v} === "number" && Number.isFinite(${v}))`,
  boolean: (v) => `typeof ${v} === "boolean"`,
  object: (v) => `isObj(${v})`,
  array: (v) => `Array.isArray(${v})`,
  null: (v) => `${v} === null`,
};
const FORMAT: Record<string, [fn: string, text: string]> = {
  email: ["isEmail", "an e-mail address"],
  date: ["isDate", "a date (YYYY-MM-DD)"],
  "date-time": ["isDateTime", "an RFC 3339 date-time (such as 1990-01-01T00:00:00Z)"],
  ipv4: ["isIpv4", "an IPv4 address"],
  ipv6: ["isIpv6", "an IPv6 address"],
  uri: ["isUri", "an absolute URI"],
  uuid: ["isUuid", "a UUID"],
};

/**
 * Compiles JSON Schemas (the supported subset, already checked) into straight-line TypeScript
 * functions `(v, p, e, c?) => boolean`: `v` the value, `p` its JSON Pointer, `e` the issue list
 * (`null`: verdict only, return at the first failure), `c` a context for messages ("matching
 * "custom"") when a tag chose this schema. Spec text only reaches the code through `literal()`.
 */
export class ValidatorCompiler {
  private readonly named = new Map<string, string>();
  private readonly functions: string[] = [];
  private readonly constants: string[] = [];
  private readonly queue: [name: string, schema: unknown, pointer: string][] = [];
  private counter = 0;

  constructor(
    private readonly doc: Obj,
    private readonly file: string,
  ) {}

  /** The function name validating `#/components/schemas/<name>`, compiled on first use. */
  schemaFunction(name: string): string {
    let fn = this.named.get(name);
    if (fn) return fn;
    fn = `s_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
    while ([...this.named.values()].includes(fn)) fn += "_";
    this.named.set(name, fn);
    const pointer = joinPointer("/components/schemas", name);
    this.queue.push([fn, resolvePointer(this.doc, pointer), pointer]);
    return fn;
  }

  /** All module-level code: constants, then functions in the order they were first needed. */
  output(): string {
    while (this.queue.length > 0) {
      const [fn, schema, pointer] = this.queue.shift()!;
      this.emitFunction(fn, schema, pointer);
    }
    return [...this.constants, "", ...this.functions].join("\n");
  }

  private emitFunction(name: string, schema: unknown, pointer: string): void {
    const f = new FunctionBody();
    const body = this.gen(schema, pointer, "v", "p", f, true);
    this.functions.push(
      `/** ${pointer.replaceAll("*/", "*\u2215")} */`,
      `function ${name}(v: unknown, p: string, e: Issues, c?: string): boolean {`,
      "  let ok = true;",
      ...body.map((l) => "  " + l),
      "  return ok;",
      "}",
      "",
    );
  }

  /** A function for a subschema that must give a verdict of its own (a branch, an allOf part). */
  private subFunction(schema: unknown, pointer: string): string {
    if (isObj(schema) && typeof schema["$ref"] === "string" && Object.keys(schema).every((k) => k === "$ref" || !isValidation(k))) {
      return this.schemaFunction(schema["$ref"].replace("#/components/schemas/", ""));
    }
    const name = `f${++this.counter}`;
    this.queue.push([name, schema, pointer]);
    return name;
  }

  private readonly constantNames = new Map<string, string>();
  private readonly inlining = new Set<string>();

  /** A module-level constant (a RegExp, a Set), shared by every check that needs the same one. */
  private constant(prefix: string, code: string): string {
    let name = this.constantNames.get(code);
    if (name) return name;
    name = `${prefix}${++this.counter}`;
    this.constantNames.set(code, name);
    this.constants.push(`const ${name} = ${code};`);
    return name;
  }

  /** Code lines that check `v` (a variable) at JSON Pointer expression `p`, inside a function with `e`, `ok`, `c`. */
  private gen(schema: unknown, at: string, v: string, p: string, f: FunctionBody, withContext: boolean): string[] {
    if (schema === true) return [];
    if (schema === false) return fail(p, "false", `"no value is allowed here"`);
    if (!isObj(schema)) throw new SpecError(this.file, [{ pointer: at, message: "expected a schema" }]);
    const s = schema;
    const out: string[] = [];
    const ctx = withContext ? "c" : "undefined";

    if (typeof s["$ref"] === "string") {
      const ref = s["$ref"];
      const target = resolvePointer(this.doc, ref.slice(1));
      // A small schema (a leaf, a short object) is checked in place, as ajv inlines refs: no call.
      // Not when it is already being inlined on the way here: a recursive schema needs its function.
      if (!this.inlining.has(ref) && (isLeaf(target) || schemaSize(target) <= 24)) {
        this.inlining.add(ref);
        out.push(...this.gen(target, ref.slice(1), v, p, f, withContext));
        this.inlining.delete(ref);
      } else {
        const fn = this.schemaFunction(s["$ref"].replace("#/components/schemas/", ""));
        out.push(...propagate(`${fn}(${v}, e === null ? "" : ${p}, e, ${ctx})`));
      }
    }

    const types = s["type"] === undefined ? [] : ((Array.isArray(s["type"]) ? s["type"] : [s["type"]]) as string[]);
    const typed = (t: string) => types.length === 1 && types[0] === t;
    const specific: string[] = [];
    specific.push(...this.stringChecks(s, at, v, p, typed("string")));
    specific.push(...this.numberChecks(s, v, p, typed("number") || typed("integer")));
    specific.push(...this.objectChecks(s, at, v, p, f, typed("object"), withContext));
    specific.push(...this.arrayChecks(s, at, v, p, f, typed("array")));

    const valueChecks = [...this.valueChecks(s, v, p), ...specific, ...this.composition(s, at, v, p, f, ctx)];
    if (types.length > 0) {
      const test = types.map((t) => TYPE_TEST[t]!(v)).join(" || ");
      const expected = types.map((t) => TYPE_TEXT[t]).join(" or ");
      out.push(`if (!(${test})) {`, ...indent(fail(p, "type", `${literal(`expected ${expected}, found `)} + show(${v})`)));
      out.push(...(valueChecks.length > 0 ? ["} else {", ...indent(valueChecks), "}"] : ["}"]));
    } else out.push(...valueChecks);
    return out;
  }

  private valueChecks(s: Obj, v: string, p: string): string[] {
    const out: string[] = [];
    if ("const" in s) {
      const c = s["const"];
      const test = c !== null && typeof c === "object" ? `!equal(${v}, ${literal(c)})` : `${v} !== ${literal(c)}`;
      out.push(`if (${test}) {`, ...indent(fail(p, "const", `${literal(`expected ${literal(c)}, found `)} + show(${v})`)), "}");
    }
    if (Array.isArray(s["enum"])) {
      const values = s["enum"] as unknown[];
      const primitive = values.every((x) => x === null || typeof x !== "object");
      const test = primitive
        ? values.length > 6
          ? `!${this.constant("enum", `new Set<unknown>(${literal(values)})`)}.has(${v})`
          : values.map((x) => `${v} !== ${literal(x)}`).join(" && ") || "true"
        : `!${literal(values)}.some((x: unknown) => equal(${v}, x))`;
      const shown = values.slice(0, 12).map((x) => literal(x)).join(", ") + (values.length > 12 ? ", …" : "");
      out.push(`if (${test}) {`, ...indent(fail(p, "enum", `${literal(`expected one of ${shown}, found `)} + show(${v})`)), "}");
    }
    return out;
  }

  private stringChecks(s: Obj, at: string, v: string, p: string, isString: boolean): string[] {
    const out: string[] = [];
    if (typeof s["minLength"] === "number") {
      const n = s["minLength"];
      out.push(`if (len(${v}) < ${n}) {`, ...indent(fail(p, "minLength", `${literal(`expected at least ${n} character${n === 1 ? "" : "s"}, found `)} + len(${v})`)), "}");
    }
    if (typeof s["maxLength"] === "number") {
      const n = s["maxLength"];
      out.push(`if (len(${v}) > ${n}) {`, ...indent(fail(p, "maxLength", `${literal(`expected at most ${n} character${n === 1 ? "" : "s"}, found `)} + len(${v})`)), "}");
    }
    if (typeof s["pattern"] === "string") {
      const re = this.constant("re", `new RegExp(${literal(s["pattern"])}, "u")`);
      out.push(`if (!${re}.test(${v})) {`, ...indent(fail(p, "pattern", `${literal(`expected a string matching ${s["pattern"]}, found `)} + show(${v})`)), "}");
    }
    if (typeof s["format"] === "string") {
      const known = FORMAT[s["format"]];
      if (!known) throw new SpecError(this.file, [{ pointer: joinPointer(at, "format"), message: `unsupported format "${s["format"]}"` }]);
      out.push(`if (!${known[0]}(${v})) {`, ...indent(fail(p, "format", `${literal(`expected ${known[1]}, found `)} + show(${v})`)), "}");
    }
    return guard(out, isString, `typeof ${v} === "string"`);
  }

  private numberChecks(s: Obj, v: string, p: string, isNumber: boolean): string[] {
    const out: string[] = [];
    const bound = (key: string, op: string, text: string) => {
      const n = s[key];
      if (typeof n !== "number") return;
      out.push(`if (${v} ${op} ${n}) {`, ...indent(fail(p, key, `${literal(`expected a number ${text} ${n}, found `)} + ${v}`)), "}");
    };
    bound("minimum", "<", "≥");
    bound("maximum", ">", "≤");
    bound("exclusiveMinimum", "<=", ">");
    bound("exclusiveMaximum", ">=", "<");
    if (typeof s["multipleOf"] === "number") {
      const m = s["multipleOf"];
      out.push(`if (!Number.isInteger(${v} / ${m})) {`, ...indent(fail(p, "multipleOf", `${literal(`expected a multiple of ${m}, found `)} + ${v}`)), "}");
    }
    return guard(out, false, `typeof ${v} === "number"`); // always: TypeScript narrows on typeof, not on Number.isInteger
  }

  private objectChecks(s: Obj, at: string, v: string, p: string, f: FunctionBody, isObject: boolean, withContext: boolean): string[] {
    const out: string[] = [];
    const props = isObj(s["properties"]) ? s["properties"] : {};
    const required = new Set(Array.isArray(s["required"]) ? (s["required"] as string[]) : []);
    const missing = (name: string) => {
      const plain = literal(`required property "${name}" is missing`);
      const message = withContext ? `c === undefined ? ${plain} : c + ${literal(` requires ${name}`)}` : plain;
      return fail(`ptr(${p}, ${literal(name)})`, "required", message);
    };
    const extra = s["additionalProperties"];
    const closed = extra !== undefined && extra !== true;
    const viaSwitch = closed && Object.keys(props).length > 8;
    // Each declared property is read once: missing (when required) or checked.
    for (const name of required) {
      if (viaSwitch || !(name in props)) out.push(`if (${read(v, name)} === undefined) {`, ...indent(missing(name)), "}");
    }
    if (viaSwitch) out.push(...this.keySwitch(props, extra, at, v, p, f));
    else {
      for (const [name, sub] of Object.entries(props)) {
        const x = f.variable();
        const checks = this.gen(sub, joinPointer(at, "properties", name), x, `ptr(${p}, ${literal(name)})`, f, false);
        if (!required.has(name)) {
          if (checks.length > 0) out.push(`const ${x} = ${read(v, name)};`, `if (${x} !== undefined) {`, ...indent(checks), "}");
        } else {
          out.push(`const ${x} = ${read(v, name)};`, `if (${x} === undefined) {`, ...indent(missing(name)), ...(checks.length > 0 ? ["} else {", ...indent(checks)] : []), "}");
        }
      }
      if (closed) out.push(...this.otherKeys(props, extra, at, v, p, f));
    }
    if (s["x-each-item-requires"] !== undefined) out.push(...this.eachItemRequires(s["x-each-item-requires"], at, v, p, f, withContext));
    return guard(out, isObject, `isObj(${v})`);
  }

  /**
   * x-each-item-requires (src/codegen/each-item-requires.ts): when no `request` alternative holds
   * for the object, every object item of the array must satisfy an `item` alternative or carry the
   * property named by `itemPropertyNamedBy`. Reported once per item, at the item.
   */
  private eachItemRequires(raw: unknown, at: string, v: string, p: string, f: FunctionBody, withContext: boolean): string[] {
    const pointer = joinPointer(at, "x-each-item-requires");
    const { rule, problems } = readEachItemRequires(raw, pointer);
    if (!rule) throw new SpecError(this.file, problems.map(([ptr, message]) => ({ pointer: ptr, message })));
    const [arr, i, item, named] = [f.variable(), f.variable(), f.variable(), f.variable()];
    const calls = (kind: "item" | "request", x: string) =>
      rule.anyOf.flatMap((alt, n) => (kind in alt ? [`${this.subFunction((alt as Record<string, unknown>)[kind], joinPointer(pointer, "anyOf", n, kind))}(${x}, "", null)`] : []));
    const byName = rule.anyOf.find((alt): alt is { itemPropertyNamedBy: string } => "itemPropertyNamedBy" in alt)?.itemPropertyNamedBy;
    const itemTests = calls("item", item);
    if (byName !== undefined) itemTests.push(`hasValue(${item}, ${named})`);
    const requestTests = calls("request", v);
    // The description names what is missing; `{<byName>}` in it shows the name the object gives.
    const parts = byName === undefined ? [rule.description] : rule.description.split(`{${byName}}`);
    const description = parts.map((t) => literal(t)).join(` + JSON.stringify(${named}) + `);
    const subject = withContext ? `(c === undefined ? "requires " : c + " requires ") + ` : `"requires " + `;
    const message = `${subject}${description} + ${literal(` in every item of ${rule.items}: this item has none`)}`;
    const loop = [
      `for (let ${i} = 0; ${i} < ${arr}.length; ${i}++) {`,
      `  const ${item} = ${arr}[${i}];`,
      `  if (!isObj(${item}) || ${itemTests.join(" || ") || "false"}) continue;`,
      ...indent(fail(`${p} + ${literal(`/${rule.items}/`)} + ${i}`, "x-each-item-requires", message)),
      "}",
    ];
    return [
      `const ${arr} = ${read(v, rule.items)};`,
      `if (Array.isArray(${arr})${requestTests.length > 0 ? ` && !(${requestTests.join(" || ")})` : ""}) {`,
      // A property name that is not a string is reported by the object's own schema (required, type).
      ...(byName !== undefined ? [`  const ${named} = ${read(v, byName)};`, `  if (typeof ${named} === "string") {`, ...indent(loop, 2), "  }"] : indent(loop)),
      "}",
    ];
  }

  /**
   * The keys the schema does not declare: unknown (additionalProperties: false) or checked against
   * the additionalProperties schema. An undefined value counts as absent, as JSON.stringify drops it.
   */
  private otherKeys(props: Obj, extra: unknown, at: string, v: string, p: string, f: FunctionBody): string[] {
    const k = f.variable();
    const x = f.variable();
    const path = `ptr(${p}, ${k})`;
    const known = Object.keys(props);
    // A few names: compared one by one (faster than a Set lookup); many: a Set.
    const declared =
      known.length === 0
        ? "false"
        : known.length <= 8
          ? known.map((name) => `${k} === ${literal(name)}`).join(" || ")
          : `${this.constant("known", `new Set<string>(${literal(known)})`)}.has(${k})`;
    let body: string[];
    if (extra === false) body = unknownKey(known, path, k);
    else body = this.gen(extra, joinPointer(at, "additionalProperties"), x, path, f, false);
    return [
      `for (const ${k} of Object.keys(${v})) {`,
      `  if (${declared}) continue;`,
      `  const ${x} = ${v}[${k}];`,
      `  if (${x} === undefined) continue;`,
      ...indent(body),
      "}",
    ];
  }

  /** Many declared properties, few sent: visit the keys the value has, one switch per key. */
  private keySwitch(props: Obj, extra: unknown, at: string, v: string, p: string, f: FunctionBody): string[] {
    const k = f.variable();
    const x = f.variable();
    const path = `ptr(${p}, ${k})`;
    const cases: string[] = [];
    for (const [name, sub] of Object.entries(props)) {
      cases.push(`case ${literal(name)}:`, ...indent(this.gen(sub, joinPointer(at, "properties", name), x, path, f, false)), "  break;");
    }
    const other = extra === false ? unknownKey(Object.keys(props), path, k) : this.gen(extra, joinPointer(at, "additionalProperties"), x, path, f, false);
    return [
      `for (const ${k} of Object.keys(${v})) {`,
      `  const ${x} = ${v}[${k}];`,
      `  if (${x} === undefined) continue;`,
      `  switch (${k}) {`,
      ...indent(cases, 2),
      "    default:",
      ...indent(other, 3),
      "  }",
      "}",
    ];
  }

  private arrayChecks(s: Obj, at: string, v: string, p: string, f: FunctionBody, isArray: boolean): string[] {
    const out: string[] = [];
    const count = (key: string, op: string, text: string) => {
      const n = s[key];
      if (typeof n !== "number") return;
      out.push(`if (${v}.length ${op} ${n}) {`, ...indent(fail(p, key, `${literal(`expected ${text} ${n} item${n === 1 ? "" : "s"}, found `)} + ${v}.length`)), "}");
    };
    count("minItems", "<", "at least");
    count("maxItems", ">", "at most");
    if (s["uniqueItems"] === true) {
      const d = f.variable();
      out.push(
        `const ${d} = duplicate(${v});`,
        `if (${d} !== undefined) {`,
        ...indent(fail(p, "uniqueItems", `"expected unique items, but items " + ${d}[0] + " and " + ${d}[1] + " are equal"`)),
        "}",
      );
    }
    if (s["items"] !== undefined && s["items"] !== true) {
      const i = f.variable();
      const x = f.variable();
      const checks = this.gen(s["items"], joinPointer(at, "items"), x, `${p} + "/" + ${i}`, f, false);
      out.push(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`, `  const ${x} = ${v}[${i}];`, ...indent(checks), "}");
    }
    if (s["contains"] !== undefined) {
      const fn = this.subFunction(s["contains"], joinPointer(at, "contains"));
      const found = f.variable();
      const i = f.variable();
      out.push(
        `let ${found} = false;`,
        `for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`,
        `  if (${fn}(${v}[${i}], "", null)) {`,
        `    ${found} = true;`,
        "    break;",
        "  }",
        "}",
        `if (!${found}) {`,
        ...indent(fail(p, "contains", literal(`expected at least one item that is ${summarize(this.doc, s["contains"])}`))),
        "}",
      );
    }
    return guard(out, isArray, `Array.isArray(${v})`);
  }

  private composition(s: Obj, at: string, v: string, p: string, f: FunctionBody, ctx: string): string[] {
    const out: string[] = [];
    const branches = (key: string) =>
      (s[key] as unknown[]).map((b, n) => ({ fn: this.subFunction(b, joinPointer(at, key, n)), name: branchName(b, n) }));
    if (Array.isArray(s["allOf"])) {
      // Every part must hold and reports its own issues: checked in place, one after the other.
      (s["allOf"] as unknown[]).forEach((part, n) => out.push(...this.gen(part, joinPointer(at, "allOf", n), v, p, f, ctx === "c")));
    }
    if (Array.isArray(s["anyOf"])) {
      const bs = branches("anyOf");
      const described = (s["anyOf"] as unknown[]).map((b) => describe(this.doc, b));
      const complete = described.every((d) => d !== undefined);
      const summary = complete
        ? `${literal(`expected ${described.join(" or ")}, found `)} + show(${v})`
        : literal(`expected any of ${bs.map((b) => b.name).join(", ")}, but it matches none`);
      out.push(
        `if (!(${bs.map((b) => `${b.fn}(${v}, "", null)`).join(" || ")})) {`,
        "  if (e === null) return false;",
        "  ok = false;",
        `  noMatch(e, ${v}, ${p}, "anyOf", ${summary}, ${complete}, [${bs.map((b) => b.fn).join(", ")}], ${ctx});`,
        "}",
      );
    }
    if (Array.isArray(s["oneOf"])) {
      const bs = branches("oneOf");
      const tag = planTag(this.doc, s);
      const generic = this.oneOfGeneric(bs, v, p, ctx);
      if (!tag) out.push(...generic);
      else out.push(`if (isObj(${v})) {`, ...indent(this.oneOfByTag(tag, bs, v, p)), "} else {", ...indent(generic), "}");
    }
    return out;
  }

  private oneOfGeneric(bs: { fn: string; name: string }[], v: string, p: string, ctx: string): string[] {
    const names = bs.map((b) => b.name).join(", ");
    return [
      "{",
      "  let n = 0;",
      ...bs.map((b) => `  if (${b.fn}(${v}, "", null)) n++;`),
      "  if (n !== 1) {",
      "    if (e === null) return false;",
      "    ok = false;",
      `    if (n > 1) add(e, ${p}, "oneOf", ${literal(`expected exactly one of ${names}, but it matches `)} + n);`,
      `    else noMatch(e, ${v}, ${p}, "oneOf", ${literal(`expected exactly one of ${names}, but it matches none`)}, false, [${bs.map((b) => b.fn).join(", ")}], ${ctx});`,
      "  }",
      "}",
    ];
  }

  /** Picks the branch by the tag's value: the verdict is the same, and the errors are the chosen branch's. */
  private oneOfByTag(tag: TagPlan, bs: { fn: string; name: string }[], v: string, p: string): string[] {
    const t = read(v, tag.tag);
    const out: string[] = [`const tag = ${t};`];
    const call = (n: number, context: string) => propagate(`${bs[n]!.fn}(${v}, e === null ? "" : ${p}, e, ${context})`);
    out.push("if (tag === undefined) {");
    if (tag.defaultBranch !== undefined) {
      const context = `${tag.tag} ${tag.defaultValue !== undefined ? `${JSON.stringify(tag.defaultValue)} (the default)` : "(absent)"}`;
      out.push(...indent(call(tag.defaultBranch, literal(context))));
    } else {
      out.push(...indent(fail(`ptr(${p}, ${literal(tag.tag)})`, "required", literal(`required property "${tag.tag}" is missing`))));
    }
    tag.values.forEach((values, n) => {
      out.push(`} else if (${values.map((x) => `tag === ${literal(x)}`).join(" || ")}) {`);
      out.push(...indent(call(n, `${literal(`${tag.tag} `)} + JSON.stringify(tag)`)));
    });
    const all = tag.values.flat().map((x) => literal(x)).join(", ");
    out.push("} else {", ...indent(fail(`ptr(${p}, ${literal(tag.tag)})`, "oneOf", `${literal(`expected ${tag.tag} to be one of ${all}, found `)} + show(tag)`)), "}");
    return out;
  }
}

class FunctionBody {
  private n = 0;
  variable(): string {
    return `x${++this.n}`;
  }
}

const VALIDATION = new Set(["type", "enum", "const", "required", "properties", "additionalProperties", "items", "minItems", "maxItems", "uniqueItems", "contains", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "oneOf", "anyOf", "allOf", "format", "x-each-item-requires"]);
const isValidation = (k: string) => VALIDATION.has(k);
const LEAF = new Set(["type", "enum", "const", "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]);

/** How many schema nodes a schema holds, not following $ref: a measure of the code it inlines to. */
function schemaSize(s: unknown): number {
  if (!isObj(s)) return 1;
  let n = 1;
  const props = isObj(s["properties"]) ? Object.values(s["properties"]) : [];
  for (const sub of [...props, s["additionalProperties"], s["items"], s["contains"]]) if (sub !== undefined) n += schemaSize(sub);
  for (const key of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(s[key])) for (const sub of s[key] as unknown[]) n += schemaSize(sub) + 4;
  return n;
}

/** A schema of scalar checks only: cheap to check in place rather than through a call. */
function isLeaf(s: unknown): boolean {
  if (!isObj(s)) return false;
  const keys = Object.keys(s).filter(isValidation);
  const types = s["type"] === undefined ? [] : Array.isArray(s["type"]) ? s["type"] : [s["type"]];
  return keys.length > 0 && keys.every((k) => LEAF.has(k)) && !types.includes("object") && !types.includes("array");
}

/** Fail: in verdict-only mode return at once; else note the issue and go on, to report them all. */
function fail(path: string, keyword: string, message: string): string[] {
  return ["if (e === null) return false;", "ok = false;", `add(e, ${path}, ${literal(keyword)}, ${message});`];
}

/**
 * Reads a declared property. A name that Object.prototype also has (constructor, toString,
 * __proto__…) is read only when it is the value's own: an inherited one is absent.
 */
function read(v: string, name: string): string {
  return name in Object.prototype || name === "__proto__" ? `own(${v}, ${literal(name)})` : `${v}[${literal(name)}]`;
}

/** additionalProperties: false met key `k`: name it, and the keys the schema knows. */
function unknownKey(known: string[], path: string, k: string): string[] {
  const listed = known.slice(0, 20).join(", ") + (known.length > 20 ? ", …" : "");
  return fail(path, "additionalProperties", `${literal("unknown property ")} + JSON.stringify(${k}) + ${literal(known.length ? ` (known: ${listed})` : " (no properties are allowed)")}`);
}

/** A sub-check that reports its own issues: only the verdict is passed on. */
function propagate(call: string): string[] {
  return [`if (!${call}) {`, "  if (e === null) return false;", "  ok = false;", "}"];
}

function indent(lines: string[], depth = 1): string[] {
  return lines.map((l) => "  ".repeat(depth) + l);
}

/** Type-specific keywords apply only to values of that type; skip the test when `type` already ensured it. */
function guard(lines: string[], ensured: boolean, test: string): string[] {
  if (lines.length === 0 || ensured) return lines;
  return [`if (${test}) {`, ...indent(lines), "}"];
}

function branchName(b: unknown, n: number): string {
  if (isObj(b) && typeof b["$ref"] === "string") return b["$ref"].replace("#/components/schemas/", "");
  if (isObj(b) && typeof b["title"] === "string") return b["title"];
  return `option ${n + 1}`;
}

/** A few words for a simple schema ("a date (YYYY-MM-DD)", "one of "male", "female""), or undefined. */
function describe(doc: Obj, schema: unknown): string | undefined {
  const s = isObj(schema) && typeof schema["$ref"] === "string" ? resolvePointer(doc, schema["$ref"].slice(1)) : schema;
  if (!isObj(s) || Object.keys(s).some((k) => isValidation(k) && !["type", "format", "enum", "const", "minimum", "maximum"].includes(k))) return undefined;
  if (typeof s["format"] === "string") return FORMAT[s["format"]]?.[1];
  if ("const" in s) return literal(s["const"]);
  if (Array.isArray(s["enum"])) return `one of ${(s["enum"] as unknown[]).map((x) => literal(x)).join(", ")}`;
  const types = s["type"] === undefined ? [] : Array.isArray(s["type"]) ? (s["type"] as string[]) : [s["type"] as string];
  if (types.length === 0) return undefined;
  const bounds = [typeof s["minimum"] === "number" ? `≥ ${s["minimum"]}` : "", typeof s["maximum"] === "number" ? `≤ ${s["maximum"]}` : ""].filter(Boolean);
  return types.map((t) => TYPE_TEXT[t]).join(" or ") + (bounds.length ? ` ${bounds.join(" and ")}` : "");
}

/** A few words for what a `contains` schema looks for: `an object with type "EXT_USER_ID"`. */
function summarize(doc: Obj, schema: unknown): string {
  const s = isObj(schema) && typeof schema["$ref"] === "string" ? resolvePointer(doc, schema["$ref"].slice(1)) : schema;
  if (!isObj(s)) return "allowed here";
  const consts = Object.entries(isObj(s["properties"]) ? s["properties"] : {}).filter(([, p]) => isObj(p) && "const" in p);
  if (consts.length > 0) return `an object with ${consts.map(([k, p]) => `${k} ${JSON.stringify((p as Obj)["const"])}`).join(" and ")}`;
  return isObj(schema) && typeof schema["$ref"] === "string" ? `a ${schema["$ref"].replace("#/components/schemas/", "")}` : "allowed here";
}
