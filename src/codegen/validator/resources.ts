/**
 * Where schemas are and what their URIs are: the schema resources (`$id`), anchors (`$anchor`,
 * `$dynamicAnchor`) and JSON Pointers that a `$ref` or `$dynamicRef` may name, resolved as
 * JSON Schema 2020-12 (section 8.2) says. Remote documents are given in advance; nothing is fetched.
 */
import { alternativeSchemas } from "../each-item-requires.js";
import { joinPointer, parsePointer } from "../pointer.js";
import { type Dialect, isObj, type SubschemaShape } from "./types.js";

/** A schema and everything needed to compile it: its URI, and the pointer that names it in messages. */
export interface Location {
  readonly node: unknown;
  /** The absolute URI of the schema resource it belongs to (no fragment). */
  readonly base: string;
  /** Its JSON Pointer from that resource's root. */
  readonly pointer: string;
  /** Its place for messages: a JSON Pointer into the document the user gave (or `<uri>#<pointer>` for a remote). */
  readonly at: string;
  /** The resource's number: what the dynamic scope records. */
  readonly resource: number;
  /** `base#pointer`: one function per key. */
  readonly key: string;
}

export class ResolveError extends Error {}

/** How deeply subschemas may nest: real specs stay within a few dozen; the compiler recurses once per level. */
export const MAX_DEPTH = 128;

/** The base URI of schemas given without one: `<base><name>` for a named 2020-12 schema, `<base>openapi.json` for a document. */
export const SCHEMAS_BASE = "https://profilekit.invalid/schemas/";
export const DOCUMENT_URI = SCHEMAS_BASE + "openapi.json";

export class SchemaIndex {
  private readonly resources = new Map<string, Location>();
  private readonly anchors = new Map<string, Location>();
  private readonly numbers = new Map<string, number>();
  /** Per $dynamicAnchor name: the schemas that carry it, in every resource. */
  readonly dynamicAnchors = new Map<string, Location[]>();
  /** Every keyword met in a schema: what the compiler needs to support (dynamic scope, directions). */
  readonly seen = new Set<string>();

  constructor(
    private readonly subschemas: ReadonlyMap<string, SubschemaShape>,
    /** The keywords whose subschemas apply to the same value (allOf, not, if…), not to a part of it. */
    private readonly inPlace: ReadonlySet<string>,
    private readonly dialect: Dialect,
  ) {}

  /** Registers a document at `uri`; `schemaRoots` are the pointers of its schemas (all of it when absent). */
  addDocument(uri: string, root: unknown, at: string, schemaRoots?: readonly string[]): Location {
    // A root `$id` names the document; the URI it was given by names it too (a remote's address).
    const id = schemaRoots === undefined ? this.idOf(root) : undefined;
    const loc = this.make(root, id === undefined ? uri : absolute(id, uri), "", at);
    this.resources.set(uri, loc);
    if (schemaRoots === undefined) this.walk(loc);
    else for (const pointer of schemaRoots) this.walk(this.child(loc, ...parsePointer(pointer)));
    return loc;
  }

  private readonly lazy = new Map<string, unknown>();

  /** A document registered only when something refers to it (the meta-schemas). */
  addLazy(uri: string, root: unknown): void {
    if (!this.resources.has(uri)) this.lazy.set(uri, root);
  }

  /** The root of a registered document or resource. */
  root(uri: string): Location | undefined {
    const waiting = this.lazy.get(uri);
    if (waiting !== undefined) {
      this.lazy.delete(uri);
      this.addDocument(uri, waiting, uri);
    }
    return this.resources.get(uri);
  }

  /**
   * The keywords met from `entries` on, following subschemas and references: what the compiled
   * code can meet (a $dynamicRef in a remote no one refers to does not count).
   */
  reachableKeywords(entries: readonly Location[]): Set<string> {
    const found = new Set<string>();
    const seen = new Set<string>();
    const stack: [Location, number][] = entries.map((e) => [e, 0]);
    for (let top = stack.pop(); top; top = stack.pop()) {
      const [loc, depth] = top;
      if (seen.has(loc.key) || !isObj(loc.node)) continue;
      seen.add(loc.key);
      if (depth > MAX_DEPTH) {
        this.tooDeep ??= loc;
        continue;
      }
      const s = loc.node;
      for (const key of Object.keys(s)) found.add(key);
      for (const target of this.refTargets(loc)) stack.push([target, 0]);
      if (typeof s["$dynamicRef"] === "string") {
        const anchor = s["$dynamicRef"].slice(s["$dynamicRef"].indexOf("#") + 1);
        for (const target of this.dynamicAnchors.get(anchor) ?? []) stack.push([target, 0]);
      }
      for (const [tokens] of alternativeSchemas(s["x-each-item-requires"])) stack.push([this.child(loc, "x-each-item-requires", ...tokens), depth + 1]);
      for (const sub of this.subschemasOf(loc)) stack.push([sub, depth + 1]);
    }
    return found;
  }

  /** The schema at `tokens` under `loc`: a subschema with an `$id` starts a resource of its own. */
  child(loc: Location, ...tokens: (string | number)[]): Location {
    let { node, base, pointer, at } = loc;
    for (const token of tokens) {
      node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[token] : undefined;
      pointer = joinPointer(pointer, token);
      at = joinPointer(at, token);
      const id = this.idOf(node);
      if (id !== undefined) {
        base = absolute(id, base);
        pointer = "";
      }
    }
    return this.make(node, base, pointer, at);
  }

  /** Resolved references by base URI and reference: a big document's $refs repeat the same few hundred. */
  private readonly resolved = new Map<string, Location>();

  /** What `ref` (relative to `from`) names. Throws ResolveError with what was looked for. */
  resolve(ref: string, from: Location): Location {
    const key = `${from.base}\n${ref}`;
    let found = this.resolved.get(key);
    if (found === undefined) this.resolved.set(key, (found = this.resolveUncached(ref, from)));
    return found;
  }

  private resolveUncached(ref: string, from: Location): Location {
    let url: URL;
    try {
      url = new URL(ref, from.base);
    } catch {
      throw new ResolveError(`cannot resolve ${JSON.stringify(ref)} against the base URI ${from.base}`);
    }
    const fragment = decodeURIComponent(url.hash.slice(1));
    url.hash = "";
    const uri = url.href;
    const resource = this.root(uri);
    if (!resource) throw new ResolveError(`no schema has the URI ${uri}: give it in \`remotes\` (nothing is fetched)`);
    if (fragment === "") return resource;
    if (fragment.startsWith("/")) {
      const target = this.child(resource, ...parsePointer(fragment));
      if (target.node === undefined) throw new ResolveError(`nothing is at ${fragment} in ${uri}`);
      if (isObj(target.node) || typeof target.node === "boolean") this.walk(target); // a place no walk reached (under an unknown keyword)
      return target;
    }
    const anchored = this.anchors.get(`${uri}#${fragment}`);
    if (!anchored) throw new ResolveError(`no $anchor or $dynamicAnchor "${fragment}" in ${uri}`);
    return anchored;
  }

  private readonly walked = new Set<string>();

  /** Registers the resources and anchors under `loc`, following only keywords that hold subschemas. */
  private walk(start: Location): void {
    const stack: [Location, number][] = [[start, 0]];
    for (let top = stack.pop(); top; top = stack.pop()) {
      const [loc, depth] = top;
      if (this.walked.has(loc.key) || !isObj(loc.node)) continue;
      this.walked.add(loc.key);
      if (depth > MAX_DEPTH) this.tooDeep ??= loc;
      else for (const sub of this.register(loc)) stack.push([sub, depth + 1]);
    }
  }

  /** Records a schema's keywords, resource and anchors; gives its subschemas. */
  private register(loc: Location): Location[] {
    const s = loc.node as Record<string, unknown>;
    for (const key of Object.keys(s)) this.seen.add(key);
    if (loc.pointer === "" && !this.resources.has(loc.base)) this.resources.set(loc.base, loc);
    for (const key of ["$anchor", "$dynamicAnchor"]) {
      const anchor = s[key];
      if (typeof anchor !== "string" || this.dialect === "openapi-3.0") continue;
      const name = `${loc.base}#${anchor}`;
      if (!this.anchors.has(name)) this.anchors.set(name, loc);
      if (key === "$dynamicAnchor") {
        const list = this.dynamicAnchors.get(anchor) ?? [];
        list.push(loc);
        this.dynamicAnchors.set(anchor, list);
      }
    }
    // OpenAPI 3.0: a $ref replaces its object, so nothing beside it is a schema.
    return this.dialect === "openapi-3.0" && "$ref" in s ? [] : this.subschemasOf(loc);
  }

  /** The first schema found nested deeper than MAX_DEPTH subschemas, if any: compiling it would take a stack as deep. */
  tooDeep: Location | undefined;

  /**
   * A schema that applies itself to the same value again (through $ref, allOf, anyOf, oneOf, not,
   * if/then/else, dependentSchemas) without first going into a property or item: its validation
   * would never end. The first one met from `entries`, or undefined.
   */
  inPlaceCycle(entries: readonly Location[]): Location | undefined {
    const done = new Set<string>();
    const onPath = new Set<string>();
    const stack: [Location, boolean][] = entries.map((e) => [e, false]);
    for (let top = stack.pop(); top; top = stack.pop()) {
      const [loc, leaving] = top;
      if (leaving) {
        onPath.delete(loc.key);
        done.add(loc.key);
        continue;
      }
      if (onPath.has(loc.key)) return loc;
      if (done.has(loc.key) || !isObj(loc.node)) continue;
      onPath.add(loc.key);
      stack.push([loc, true]);
      for (const next of this.inPlaceOf(loc)) if (!done.has(next.key)) stack.push([next, false]);
    }
    return undefined;
  }

  private inPlaceOf(loc: Location): Location[] {
    const s = loc.node as Record<string, unknown>;
    const out = this.refTargets(loc);
    if (this.dialect === "openapi-3.0" && "$ref" in s) return out;
    return [...out, ...this.subschemasOf(loc).filter((sub) => this.inPlace.has(parsePointer(sub.at.slice(loc.at.length))[0]!))];
  }

  /** What `$ref` and `$dynamicRef` at `loc` first resolve to; one that resolves to nothing is left to the compiler, which says where and why. */
  refTargets(loc: Location): Location[] {
    const s = loc.node as Record<string, unknown>;
    const out: Location[] = [];
    for (const key of ["$ref", "$dynamicRef"]) {
      if (typeof s[key] !== "string") continue;
      try {
        out.push(this.resolve(s[key], loc));
      } catch {
        // reported where it is compiled
      }
    }
    return out;
  }

  private readonly subschemaLists = new Map<string, Location[]>();

  /** The subschemas directly under `loc`, by the keywords that hold them (the walk, the shape checks and the compiler each ask). */
  subschemasOf(loc: Location): Location[] {
    const key = `${loc.key}\n${loc.at}`;
    let out = this.subschemaLists.get(key);
    if (out === undefined) this.subschemaLists.set(key, (out = this.listSubschemas(loc)));
    return out;
  }

  private listSubschemas(loc: Location): Location[] {
    const s = loc.node as Record<string, unknown>;
    const out: Location[] = [];
    for (const [key, shape] of this.subschemas) {
      const sub = s[key];
      if (sub === undefined) continue;
      if (shape === "schema" || (shape === "array" && !Array.isArray(sub))) out.push(this.child(loc, key));
      else if (Array.isArray(sub)) sub.forEach((_: unknown, i: number) => out.push(this.child(loc, key, i)));
      else if (isObj(sub)) for (const name of Object.keys(sub)) out.push(this.child(loc, key, name));
    }
    return out;
  }

  private idOf(node: unknown): string | undefined {
    if (this.dialect === "openapi-3.0" || !isObj(node)) return undefined;
    const id = node["$id"];
    return typeof id === "string" ? id : undefined;
  }

  private make(node: unknown, base: string, pointer: string, at: string): Location {
    let resource = this.numbers.get(base);
    if (resource === undefined) this.numbers.set(base, (resource = this.numbers.size));
    return { node, base, pointer, at, resource, key: `${base}#${pointer}` };
  }
}

/** An `$id` made absolute against the base, without its (empty) fragment. */
function absolute(id: string, base: string): string {
  try {
    const url = new URL(id, base);
    url.hash = "";
    return url.href;
  } catch {
    return id;
  }
}
