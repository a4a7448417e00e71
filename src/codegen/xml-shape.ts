// The shape types are the runtime's public ones (a type-only import: nothing of the runtime runs here),
// so the generated xml.ts and the runtime that reads it cannot disagree.
import type { XmlArrayMarker as Marker, XmlScalar as Scalar, XmlShape as Shape } from "../runtime/index.js";
import { resolvePointer } from "./pointer.js";
import { SpecError } from "./spec-error.js";

export type { Shape };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const SCALAR_ORDER: Scalar[] = ["boolean", "integer", "number", "null", "string"];
const XML_KEYS = new Set(["name"]);

/**
 * The XML shape of a schema: what is an object (and its element names), an array (and its marker),
 * which scalar types a text may be. oneOf/anyOf/allOf are merged into one shape: XML carries no
 * branch, so every branch's properties are readable. Recursion and mixed types become "any".
 */
export class XmlShapes {
  constructor(
    private readonly doc: Obj,
    private readonly file: string,
    /** The document-wide array marker (`x-xml-array-marker` at the root), applied to every array. */
    private readonly marker: Marker | undefined,
  ) {}

  of(schema: unknown, at: string, seen: readonly string[] = []): Shape {
    if (schema === true || schema === undefined) return { kind: "any", ...this.markerField() };
    if (!isObj(schema)) return { kind: "any", ...this.markerField() };
    this.checkXml(schema, at);
    let shape: Shape | undefined;
    const merge = (next: Shape) => (shape = shape === undefined ? next : mergeShapes(shape, next));
    if (typeof schema["$ref"] === "string") {
      const ref = schema["$ref"];
      merge(seen.includes(ref) ? { kind: "any", ...this.markerField() } : this.of(resolvePointer(this.doc, ref.slice(1)), ref.slice(1), [...seen, ref]));
    }
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      const parts = schema[key];
      if (Array.isArray(parts)) parts.forEach((p, i) => merge(this.of(p, `${at}/${key}/${i}`, seen)));
    }
    const own = this.own(schema, at, seen);
    if (own) merge(own);
    return shape ?? { kind: "any", ...this.markerField() };
  }

  private own(s: Obj, at: string, seen: readonly string[]): Shape | undefined {
    const types = new Set<string>(s["type"] === undefined ? [] : Array.isArray(s["type"]) ? (s["type"] as string[]) : [s["type"] as string]);
    if (types.size === 0) {
      if (isObj(s["properties"]) || s["additionalProperties"] !== undefined || Array.isArray(s["required"])) types.add("object");
      if (s["items"] !== undefined) types.add("array");
      for (const v of [...(Array.isArray(s["enum"]) ? s["enum"] : []), ...("const" in s ? [s["const"]] : [])]) types.add(v === null ? "null" : Number.isInteger(v) ? "integer" : typeof v);
      if (types.size === 0) return undefined;
    }
    const shapes: Shape[] = [];
    const scalars = SCALAR_ORDER.filter((t) => types.has(t));
    if (scalars.length > 0) shapes.push({ kind: "scalar", types: scalars });
    if (types.has("object")) {
      const properties: Record<string, { element: string; shape: Shape }> = {};
      for (const [name, sub] of Object.entries(isObj(s["properties"]) ? s["properties"] : {})) {
        const element = isObj(sub) && isObj(sub["xml"]) && typeof sub["xml"]["name"] === "string" ? sub["xml"]["name"] : name;
        properties[name] = { element, shape: this.of(sub, `${at}/properties/${name}`, seen) };
      }
      const extra = s["additionalProperties"];
      const additional = extra === false ? undefined : this.of(extra, `${at}/additionalProperties`, seen);
      shapes.push({ kind: "object", properties, ...(additional ? { additional } : {}) });
    }
    if (types.has("array")) {
      const own = s["x-xml-array-marker"];
      const marker = isObj(own) ? { attribute: String(own["attribute"]), value: String(own["value"]) } : this.marker;
      shapes.push({ kind: "array", items: this.of(s["items"], `${at}/items`, seen), ...(marker ? { marker } : {}) });
    }
    return shapes.reduce((a, b) => mergeShapes(a, b));
  }

  private markerField(): { marker?: Marker } {
    return this.marker ? { marker: this.marker } : {};
  }

  /** Only `xml.name` is supported: attributes, namespaces, prefixes and wrapped arrays stop the generator. */
  private checkXml(s: Obj, at: string): void {
    const xml = s["xml"];
    if (xml === undefined) return;
    const bad = isObj(xml) ? Object.keys(xml).filter((k) => !XML_KEYS.has(k) && !k.startsWith("x-")) : ["(not an object)"];
    if (bad.length > 0) throw new SpecError(this.file, [{ pointer: `${at}/xml`, message: `unsupported xml field(s) ${bad.join(", ")}: profilekit supports xml.name` }]);
  }
}

/** One shape for a position that may hold either: scalars unite, objects merge, arrays merge items; a mix is "any". */
function mergeShapes(a: Shape, b: Shape): Shape {
  if (a.kind === "scalar" && b.kind === "scalar") return { kind: "scalar", types: SCALAR_ORDER.filter((t) => a.types.includes(t) || b.types.includes(t)) };
  if (a.kind === "object" && b.kind === "object") {
    const properties = { ...a.properties };
    for (const [name, p] of Object.entries(b.properties)) {
      const mine = properties[name];
      properties[name] = mine ? { element: mine.element, shape: mergeShapes(mine.shape, p.shape) } : p;
    }
    const additional = a.additional && b.additional ? mergeShapes(a.additional, b.additional) : (a.additional ?? b.additional);
    return { kind: "object", properties, ...(additional ? { additional } : {}) };
  }
  if (a.kind === "array" && b.kind === "array") {
    const marker = a.marker ?? b.marker;
    return { kind: "array", items: mergeShapes(a.items, b.items), ...(marker ? { marker } : {}) };
  }
  const marker = ("marker" in a ? a.marker : undefined) ?? ("marker" in b ? b.marker : undefined);
  return { kind: "any", ...(marker ? { marker } : {}) };
}
