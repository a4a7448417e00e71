/**
 * Compiles JSON Schemas into straight-line functions `(v, p, e, c?, ds?, ev?) => boolean`: `v` the
 * value, `p` its JSON Pointer, `e` the issue list (`null`: verdict only, return at the first
 * failure), `c` a context for messages ("matching "custom"") when a tag chose this schema, `ds` the
 * dynamic scope (only when some schema uses $dynamicRef), `ev` where the properties and items a
 * schema evaluated are recorded (only where unevaluatedProperties/Items reads them).
 *
 * One function per named schema and per subschema that needs a verdict of its own (a branch);
 * every other subschema is checked in place. Each keyword is a module of keywords/, listed once in
 * keywords/registry.ts.
 */
import { joinPointer } from "../pointer.js";
import { SpecError, type SpecProblem } from "../spec-error.js";
import { Code, code, indent, join, Locals, name, render, Scope } from "./code.js";
import { fail, propagate } from "./emit.js";
import { ANNOTATIONS, IN_PLACE, KEYWORDS, KNOWN, LEAF, SUBSCHEMAS } from "./keywords/registry.js";
import { typeGuard, typesOf, typeTestAndText } from "./keywords/type.js";
import { DOCUMENT_URI, MAX_DEPTH, ResolveError, SchemaIndex, type Location } from "./resources.js";
import { type CompilerServices, type Dialect, type Direction, isObj, type KeywordContext, type Target } from "./types.js";

export interface CompilerOptions {
  /** The file named in SpecErrors. */
  file: string;
  dialect: Dialect;
  formats: "annotate" | "assert";
  onWarning?: (problem: SpecProblem) => void;
}

interface Pending {
  name: Code;
  loc: Location;
  tracking: boolean;
  direction: Direction | undefined;
}

export class Compiler implements CompilerServices {
  readonly index: SchemaIndex;
  readonly dialect: Dialect;
  readonly assertFormats: boolean;
  direction: Direction | undefined;
  private readonly scope = new Scope();
  private readonly functionNames = new Map<string, Code>();
  private readonly hints = new Map<string, string>();
  private readonly hintsAt = new Map<string, string>();
  private readonly queue: Pending[] = [];
  private readonly functions: Code[] = [];
  private readonly constants: Code[] = [];
  private readonly constantNames = new Map<string, Code>();
  private readonly inlining = new Set<string>();
  private readonly warned = new Set<string>();
  /** The resources some function enters (pushes on the dynamic scope). */
  private readonly entered = new Set<number>();
  private readonly dynamicTables: { name: Code; anchor: string; tracking: boolean; entries: Map<number, Code> }[] = [];

  constructor(private readonly options: CompilerOptions) {
    this.dialect = options.dialect;
    this.index = new SchemaIndex(SUBSCHEMAS, IN_PLACE, options.dialect);
    this.assertFormats = options.formats === "assert";
  }

  private usesDynamicScope: boolean | undefined;

  /** Whether functions carry the dynamic scope: decided once, before the first is written, from what the entries reach. */
  get dynamic(): boolean {
    return this.usesDynamicScope ?? this.checkShape();
  }

  /**
   * Before anything is compiled, from every entry queued: what would make compiling or validating
   * never end, and whether the dynamic scope is needed (returned).
   */
  private checkShape(): boolean {
    const entries = this.queue.map((q) => q.loc);
    this.usesDynamicScope = this.index.reachableKeywords(entries).has("$dynamicRef");
    const deep = this.index.tooDeep;
    if (deep) this.fail(deep.at, `schemas nested more than ${MAX_DEPTH} levels deep: profilekit compiles at most that depth`);
    const cycle = this.index.inPlaceCycle(entries);
    if (cycle)
      this.fail(cycle.at, "this schema applies itself to the same value again ($ref, allOf, anyOf, oneOf, not, if/then/else) without going into a property or item first: validation would never end");
    return this.usesDynamicScope;
  }

  /** Readers of readOnly/writeOnly compile per direction; others once for both. */
  private get directionKey(): Direction | undefined {
    return this.index.seen.has("readOnly") || this.index.seen.has("writeOnly") ? this.direction : undefined;
  }

  /** Names the function of a named schema `s_<hint>` (made an identifier), however it is reached. */
  nameSchema(loc: Location, hint: string): void {
    this.hints.set(loc.key, hint);
    this.hintsAt.set(loc.at, hint);
  }

  /** A subschema's function is named for its place: `UpdateProfileRequest/oneOf/0` → `s_UpdateProfileRequest_oneOf_0`. */
  private hintFor(loc: Location): string | undefined {
    const own = this.hints.get(loc.key);
    if (own !== undefined) return own;
    for (let at = loc.at; at.includes("/"); at = at.slice(0, at.lastIndexOf("/"))) {
      const named = this.hintsAt.get(at);
      if (named !== undefined) return `${named}${loc.at.slice(at.length)}`.slice(0, 80);
    }
    return undefined;
  }

  private readonly directional = new Map<string, boolean>();

  /**
   * Whether `loc`'s checks differ between requests and answers: it reaches a readOnly or writeOnly.
   * Only those schemas are compiled twice; the rest of a document is shared by both directions. A
   * schema met again while its own answer is pending (recursion), a $ref that does not resolve or a
   * chain too long counts as differing: compiling twice is always correct.
   */
  private dependsOnDirection(loc: Location, depth: number): boolean {
    const known = this.directional.get(loc.key);
    if (known !== undefined) return known;
    const s = loc.node;
    if (!isObj(s)) return false;
    this.directional.set(loc.key, true);
    let found = "readOnly" in s || "writeOnly" in s || depth > 1000;
    try {
      const next = [...this.index.refTargets(loc), ...this.index.subschemasOf(loc)];
      if (typeof s["$dynamicRef"] === "string" || s["x-each-item-requires"] !== undefined) found = true;
      for (let i = 0; !found && i < next.length; i++) found = this.dependsOnDirection(next[i]!, depth + 1);
    } catch {
      found = true;
    }
    this.directional.set(loc.key, found);
    return found;
  }

  /** The function checking `loc`, compiled once per (schema, annotation tracking, direction when it matters). */
  functionFor(loc: Location, tracking = false): Code {
    // A schema that is only a $ref (a oneOf branch, an alias) is its target's function, not a call
    // to it. Not where the dynamic scope is kept: entering the $ref's own resource may matter.
    const s = loc.node;
    if (this.usesDynamicScope === false && isObj(s) && typeof s["$ref"] === "string" && Object.keys(s).every((k) => k === "$ref" || ANNOTATIONS.has(k) || !KNOWN.has(k))) {
      return this.functionFor(this.resolve(s["$ref"], loc, `${loc.at}/$ref`), tracking);
    }
    const direction = this.directionKey !== undefined && this.dependsOnDirection(loc, 0) ? this.directionKey : undefined;
    const key = `${loc.key}|${tracking ? "t" : ""}|${direction ?? ""}`;
    let fn = this.functionNames.get(key);
    if (fn) return fn;
    const hint = this.hintFor(loc);
    const prefix = direction === undefined ? "s" : direction === "request" ? "rq" : "rs";
    fn = this.scope.unique(hint === undefined ? "f" : `${prefix}_${hint}${tracking ? "_t" : ""}`);
    this.functionNames.set(key, fn);
    this.queue.push({ name: fn, loc, tracking, direction });
    return fn;
  }

  /** All module-level code: constants, then functions in the order they were first needed. */
  output(): string {
    this.drain();
    // A $dynamicRef can land only in resources the dynamic scope can hold: those some compiled function enters.
    for (let grown = true; grown;) {
      grown = false;
      for (const table of this.dynamicTables) {
        for (const loc of this.index.dynamicAnchors.get(table.anchor) ?? []) {
          if (!this.entered.has(loc.resource) || table.entries.has(loc.resource)) continue;
          table.entries.set(loc.resource, this.functionFor(loc, table.tracking));
          grown = true;
        }
      }
      this.drain();
    }
    for (const t of this.dynamicTables) {
      const entries = [...t.entries].map(([r, fn]) => code`[${r}, ${fn}]`);
      this.constants.push(code`const ${t.name} = new Map<number, ${t.tracking ? code`EvCheck` : code`DsCheck`}>([${join(entries, ", ")}]);`);
    }
    return render([...this.constants, new Code(""), ...this.functions]);
  }

  /** Compiles what is queued (every function reached so far). */
  drain(): void {
    const saved = this.direction;
    void this.dynamic; // decided (and the shape checked) from every entry queued so far, before the first function is written
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      this.direction = next.direction;
      this.emitFunction(next);
    }
    this.direction = saved;
  }

  private emitFunction({ name: fn, loc, tracking }: Pending): void {
    const f = new Locals();
    const v = name("v");
    const ds = this.dynamic ? name("ds") : undefined;
    const ev = tracking ? name("ev") : undefined;
    const body = this.schemaCode(loc, { v, p: name("p") }, f, ev, ds, true, true);
    const params = tracking ? "v: unknown, p: string, e: Issues, c: string | undefined, ds: Ds, ev: Ev" : `v: unknown, p: string, e: Issues, c?: string${ds ? ", ds?: Ds" : ""}`;
    this.functions.push(
      new Code(`/** ${loc.at.replaceAll("*/", "*\u2215") || "(root)"} */`),
      new Code(`function ${fn.text}(${params}): boolean {`),
      code`  let ok = true;`,
      ...indent(body),
      code`  return ok;`,
      code`}`,
      new Code(""),
    );
  }

  // CompilerServices

  /** Locations whose code came out clean (no warning), by shape: a later schema of the same shape calls their function. */
  private readonly sharedByShape = new Map<string, Location>();
  private warnings = 0;

  /**
   * Checks in place, except for a structured schema met before in the same shape (big documents
   * repeat inline objects, such as Klaviyo's `{ type, id }` relationship data in hundreds of places):
   * its second and later copies call one function, compiled from the first copy. Only a first copy
   * that compiled without warnings is shared, so every problem is still reported where it is.
   */
  inline(loc: Location, t: Target, f: Locals, ev: Code | undefined, ds: Code | undefined, withContext: boolean): Code[] {
    const shape = ev === undefined && ds === undefined && !withContext ? this.shapeKey(loc) : undefined;
    if (shape !== undefined) {
      const first = this.sharedByShape.get(shape);
      if (first !== undefined) return propagate(this.call(first, { v: t.v, p: t.p.text === "p" ? t.p : code`e === null ? "" : ${t.p}`, e: name("e"), c: name("undefined"), ds, ev }));
    }
    const warnings = this.warnings;
    const out = this.schemaCode(loc, t, f, ev, ds, withContext, false);
    if (shape !== undefined && this.warnings === warnings && out.length > SHARED_MIN_LINES) this.sharedByShape.set(shape, loc);
    return out;
  }

  /**
   * What makes two schemas compile to the same checks: their content, the resource their $refs
   * resolve in, and the direction when readOnly/writeOnly matter below. Undefined for a schema
   * cheap to check in place (scalar checks, a lone $ref).
   */
  private shapeKey(loc: Location): string | undefined {
    const s = loc.node;
    if (!isObj(s) || isLeaf(s) || this.dynamic || (typeof s["$ref"] === "string" && Object.keys(s).length === 1)) return undefined;
    const direction = this.directionKey !== undefined && this.dependsOnDirection(loc, 0) ? this.directionKey : "";
    try {
      return `${loc.base}\n${direction}\n${this.shapeOf(s)}`;
    } catch (e) {
      if (e instanceof RangeError) return undefined; // content nested too deeply to fingerprint (a deep example): checked in place
      throw e;
    }
  }

  private readonly shapes = new WeakMap<object, string>();
  private readonly shapeIds = new Map<string, string>();

  /** A short id per distinct JSON content, built from the children's ids: linear in the document, not in its depth. */
  private shapeOf(node: unknown): string {
    if (node === null || typeof node !== "object") return JSON.stringify(node) ?? "u";
    let id = this.shapes.get(node);
    if (id !== undefined) return id;
    const text = Array.isArray(node)
      ? `[${node.map((x) => this.shapeOf(x)).join(",")}]`
      : `{${Object.entries(node)
          .map(([k, x]) => `${JSON.stringify(k)}:${this.shapeOf(x)}`)
          .join(",")}}`;
    id = this.shapeIds.get(text);
    if (id === undefined) this.shapeIds.set(text, (id = `#${this.shapeIds.size}`));
    this.shapes.set(node, id);
    return id;
  }

  /** `entry`: the body of the schema's function, which enters its resource even away from the root (a $ref into it). */
  private schemaCode(loc: Location, t: Target, f: Locals, ev: Code | undefined, ds: Code | undefined, withContext: boolean, entry: boolean): Code[] {
    const s = loc.node;
    if (s === true) return [];
    if (s === false) return fail(t.p, "false", code`${"no value is allowed here"}`);
    if (!isObj(s)) return this.fail(loc.at, `expected a schema (an object or a boolean), found ${JSON.stringify(s) ?? String(s)}`);
    // OpenAPI 3.0: a $ref replaces its object, siblings and all (3.0.3, Reference Object).
    const schema = this.dialect === "openapi-3.0" && typeof s["$ref"] === "string" ? this.refOnly(s, loc) : this.withVocabularies(s, loc);
    const out: Code[] = [];
    let dsHere = ds;
    if (ds && (entry || loc.pointer === "")) {
      this.entered.add(loc.resource);
      dsHere = f.variable();
      out.push(code`const ${dsHere}: Ds = { r: ${loc.resource}, up: ${ds} };`);
    }
    let evHere = ev;
    if ("unevaluatedProperties" in schema || "unevaluatedItems" in schema) {
      evHere = f.variable();
      out.push(code`const ${evHere}: Ev = newEv();`);
    }
    const types = typesOf(schema, loc, this);
    const ctx: KeywordContext = { s: schema, loc, at: loc.at, v: t.v, p: t.p, f, compiler: this, ev: evHere, ds: dsHere, c: withContext ? name("c") : name("undefined"), withContext, types };
    const checks: Code[] = [];
    for (const keyword of KEYWORDS) {
      const lines = keyword.code?.(ctx) ?? [];
      checks.push(...(keyword.appliesTo ? typeGuard(lines, keyword.appliesTo, types, t.v) : lines));
    }
    this.warnUnknown(schema, loc);
    if (types.length > 0) {
      const [test, expected] = typeTestAndText(types, t.v);
      out.push(code`if (!(${test})) {`, ...indent(fail(t.p, "type", code`${`expected ${expected}, found `} + show(${t.v})`)));
      out.push(...(checks.length > 0 ? [code`} else {`, ...indent(checks), code`}`] : [code`}`]));
    } else out.push(...checks);
    if (ev && evHere !== ev) out.push(code`mergeEv(${ev}, ${evHere});`);
    return out;
  }

  call(loc: Location, a: { v: Code; p: Code; e: Code; c: Code; ds: Code | undefined; ev: Code | undefined }): Code {
    if (loc.node === true) return code`true`;
    const fn = this.functionFor(loc, a.ev !== undefined);
    const ds = a.ds ?? name("undefined");
    if (a.ev) return code`${fn}(${a.v}, ${a.p}, ${a.e}, ${a.c}, ${ds}, ${a.ev})`;
    if (a.ds) return code`${fn}(${a.v}, ${a.p}, ${a.e}, ${a.c}, ${a.ds})`;
    if (a.c.text === "undefined") return code`${fn}(${a.v}, ${a.p}, ${a.e})`;
    return code`${fn}(${a.v}, ${a.p}, ${a.e}, ${a.c})`;
  }

  /**
   * A schema applied in place by reference: a leaf (scalar checks only) is checked right here, as
   * ajv inlines refs; anything else through its one function, so a named schema is written once.
   */
  applyRef(target: Location, ctx: KeywordContext): Code[] {
    if (isLeaf(target.node) && !this.inlining.has(target.key) && !ctx.ev) {
      this.inlining.add(target.key);
      try {
        return this.inline(target, ctx, ctx.f, ctx.ev, ctx.ds, ctx.withContext);
      } finally {
        this.inlining.delete(target.key);
      }
    }
    const p = code`e === null ? "" : ${ctx.p}`;
    return propagate(this.call(target, { v: ctx.v, p: ctx.p.text === "p" ? ctx.p : p, e: name("e"), c: ctx.c, ds: ctx.ds, ev: ctx.ev }));
  }

  constant(prefix: string, init: Code): Code {
    let n = this.constantNames.get(init.text);
    if (n) return n;
    n = this.scope.unique(prefix);
    this.constantNames.set(init.text, n);
    this.constants.push(code`const ${n} = ${init};`);
    return n;
  }

  resolve(ref: string, from: Location, at: string): Location {
    try {
      return this.index.resolve(ref, from);
    } catch (e) {
      if (e instanceof ResolveError) return this.fail(at, `reference ${JSON.stringify(ref)} points to nothing: ${e.message}`);
      throw e;
    }
  }

  dynamicTable(anchor: string, tracking: boolean): Code {
    let table = this.dynamicTables.find((t) => t.anchor === anchor && t.tracking === tracking);
    if (!table) this.dynamicTables.push((table = { name: this.scope.unique("dynamic"), anchor, tracking, entries: new Map() }));
    return table.name;
  }

  child(loc: Location, ...tokens: (string | number)[]): Location {
    return this.index.child(loc, ...tokens);
  }

  deref(loc: Location): Location {
    const s = loc.node;
    return isObj(s) && typeof s["$ref"] === "string" ? this.resolve(s["$ref"], loc, loc.at + "/$ref") : loc;
  }

  fail(pointer: string, message: string): never {
    throw new SpecError(this.options.file, [{ pointer, message }]);
  }

  warn(pointer: string, message: string): void {
    this.warnings++;
    const key = `${pointer}\n${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.options.onWarning?.({ pointer, message });
  }

  private readonly vocabularies = new Map<string, ReadonlySet<string>>();

  /**
   * The keywords of the vocabularies the resource's meta-schema (`$schema`) turns on: a custom
   * meta-schema without the validation vocabulary makes `type`, `minimum`… annotations.
   */
  private withVocabularies(s: Record<string, unknown>, loc: Location): Record<string, unknown> {
    let off = this.vocabularies.get(loc.base);
    if (!off) {
      const meta = isObj(this.index.root(loc.base)?.node) ? (this.index.root(loc.base)!.node as Record<string, unknown>)["$schema"] : undefined;
      const vocabulary = typeof meta === "string" ? this.index.root(meta.replace(/#$/, ""))?.node : undefined;
      const listed = isObj(vocabulary) && isObj(vocabulary["$vocabulary"]) ? vocabulary["$vocabulary"] : undefined;
      off = new Set(listed ? Object.entries(VOCABULARIES).flatMap(([uri, words]) => (uri in listed ? [] : words)) : []);
      this.vocabularies.set(loc.base, off);
    }
    if (off.size === 0 || !Object.keys(s).some((k) => off.has(k))) return s;
    return Object.fromEntries(Object.entries(s).filter(([k]) => !off.has(k)));
  }

  private refOnly(s: Record<string, unknown>, loc: Location): Record<string, unknown> {
    const ignored = Object.keys(s).filter((k) => k !== "$ref" && KNOWN.has(k) && !ANNOTATIONS.has(k));
    if (ignored.length > 0)
      this.warn(loc.at, `${ignored.join(", ")} beside $ref ${ignored.length === 1 ? "is" : "are"} ignored: in OpenAPI 3.0 a $ref replaces its object (wrap both in allOf to apply them)`);
    return { $ref: s["$ref"] };
  }

  private warnUnknown(s: Record<string, unknown>, loc: Location): void {
    if (this.dialect === "2020-12") return; // unknown keywords are annotations in JSON Schema
    for (const key of Object.keys(s)) {
      if (!KNOWN.has(key) && !key.startsWith("x-")) this.warn(joinPointer(loc.at, key), `unknown schema keyword "${key}" is ignored`);
    }
  }
}

/** The 2020-12 vocabularies a meta-schema may leave out, and their keywords (the others are required or annotations). */
const VOCABULARIES: Record<string, string[]> = {
  "https://json-schema.org/draft/2020-12/vocab/validation": [
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
  ],
  "https://json-schema.org/draft/2020-12/vocab/unevaluated": ["unevaluatedItems", "unevaluatedProperties"],
};

/** The fewest lines of in-place checks that a later copy of the same schema calls a function for instead. */
const SHARED_MIN_LINES = 12;

/** A schema of scalar checks only: cheap to check in place rather than through a call. */
function isLeaf(s: unknown): boolean {
  if (!isObj(s)) return false;
  const keys = Object.keys(s).filter((k) => KNOWN.has(k) && !ANNOTATIONS.has(k));
  const types = typeof s["type"] === "string" ? [s["type"]] : Array.isArray(s["type"]) ? s["type"] : [];
  return keys.length > 0 && keys.every((k) => LEAF.has(k)) && !types.includes("object") && !types.includes("array");
}

/**
 * A compiler over an OpenAPI document's schemas, as the generator uses it: the dialect from the
 * document's `openapi`, formats asserted, each `components/schemas` entry named for its function.
 */
export function openApiCompiler(doc: Record<string, unknown>, file: string, onWarning?: (problem: SpecProblem) => void): { compiler: Compiler; root: Location } {
  const dialect = String(doc["openapi"]).startsWith("3.0.") ? "openapi-3.0" : "openapi-3.1";
  const compiler = new Compiler({ file, dialect, formats: "assert", ...(onWarning ? { onWarning } : {}) });
  const components = isObj(doc["components"]) ? doc["components"] : {};
  const schemas = Object.keys(isObj(components["schemas"]) ? components["schemas"] : {});
  const root = compiler.index.addDocument(
    DOCUMENT_URI,
    doc,
    "",
    schemas.map((n) => joinPointer("/components/schemas", n)),
  );
  for (const n of schemas) compiler.nameSchema(compiler.index.child(root, "components", "schemas", n), n);
  return { compiler, root };
}
