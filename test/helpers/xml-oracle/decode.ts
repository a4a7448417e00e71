// The decoder as it was before it was compiled per shape (fast-xml-parser's XMLValidator + XMLParser, then a walk by shape), after the same pre-checks as the runtime's: the oracle of the differential tests (test/xml/*differential*). Not used by the runtime.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { XmlDecodeError } from "../../../src/runtime/errors/xml-decode-error.js";
import { checkedDocument, unclosed } from "../../../src/runtime/xml-decode.js";
import { readScalar } from "../../../src/runtime/xml-read.js";
import { at, cut, MAX_QUOTE, MAX_REASON } from "../../../src/runtime/xml-scan.js";
import { ANY, type XmlArrayMarker, type XmlBody, type XmlDecodeOptions, type XmlScalar, type XmlShape } from "../../../src/runtime/xml-shape.js";

/** Element names reach our code with this prefix, so that fast-xml-parser never sees "__proto__" as a key of its own. */
const TAG = "$";
const parser = (maxDepth: number) =>
  new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    // Entities are resolved by textOf, in one pass: resolving &amp; first and references after would
    // turn the text "&#65;" (sent as "&amp;#65;") into "A".
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    transformTagName: (name: string) => TAG + name,
    onDangerousProperty: (name: string) => name,
    maxNestedTags: maxDepth,
    // Callbacks get no path string: nothing here reads it, and building one per element costs.
    jPath: false,
  });
const parsers = new Map<number, XMLParser>();

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

type Node = Record<string, unknown>;

/**
 * Reads the vendor's XML back into the typed value, by shape: a repeated element (or one with the
 * array marker) is an array, `1` is a number where the shape says integer, `true` a boolean; missing
 * elements stay absent; elements the shape does not know are kept as strings (or objects, arrays).
 * Refuses DOCTYPE and entity declarations, documents over `maxBytes`, more than `maxElements`
 * elements, nesting over `maxDepth`, tags over 10,000 characters, more than `maxTextLength`
 * characters of text, and malformed XML, with line and column (an unclosed tag: the first one).
 * The counts are taken in one pass over the text before it is parsed, so a refused document costs
 * about nothing beyond its own size; messages quote at most a few hundred characters of it.
 * Objects are plain; an element named `__proto__` becomes an own property, never a prototype.
 */
export function decodeXml(input: string | Uint8Array, body: XmlBody, options: XmlDecodeOptions = {}): unknown {
  // The checks before parsing are the runtime's own (unchanged by the scanner); what differs is below.
  const { text, limits, outline: o } = checkedDocument(input, options);
  const { maxDepth, maxTextLength } = limits;
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    // The validator names every open tag when several are; the outline knows the first one and where it is.
    if (o.unclosed && /^(Unclosed tag|Invalid '\[)/.test(valid.err.msg)) throw unclosed(text, o.unclosed);
    throw new XmlDecodeError(cut(quotesCut(valid.err.msg.replace(/\.$/, "")), MAX_REASON), valid.err.line, valid.err.col);
  }
  let nodes: Node[];
  try {
    // The parser's own nesting limit is a backstop (it stops a 10,000-deep document early); the walk
    // below counts levels exactly.
    let p = parsers.get(maxDepth);
    if (!p) parsers.set(maxDepth, (p = parser(maxDepth + 1)));
    nodes = p.parse(text) as Node[];
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new XmlDecodeError(/nest/i.test(message) ? `elements are nested deeper than ${maxDepth} levels` : cut(message, MAX_REASON));
  }
  const roots = nodes.map(asElement).filter((e) => e !== undefined);
  if (roots.length !== 1) throw new XmlDecodeError(`expected one root element <${body.root}>, found ${roots.length}`);
  const root = roots[0]!;
  if (root.name !== body.root) throw new XmlDecodeError(`expected the root element <${body.root}>, found <${cut(root.name, MAX_QUOTE)}>`);
  return readElement(root.kids, body.shape, [], { depth: 1, maxDepth, text: { left: maxTextLength, max: maxTextLength } });
}

/** The validator's message with each name or value it quotes ('…') cut, so the rest of the sentence stays. */
function quotesCut(message: string): string {
  return message.replace(/'([^']{100,})'/g, (_, quoted: string) => `'${cut(quoted, MAX_QUOTE)}'`);
}

/** fast-xml-parser's ordered node: `{ "$name": children, ":@": attributes }` or `{ "#text": text }`. */
interface Element {
  name: string;
  kids: Node[];
  attrs: Record<string, string> | undefined;
}

function asElement(node: Node): Element | undefined {
  let name: string | undefined;
  let kids: Node[] = [];
  let attrs: Record<string, string> | undefined;
  for (const key in node) {
    if (key.charCodeAt(0) === 36 /* $ */) {
      // fast-xml-parser applies transformTagName twice to an empty element (<a/> → "$$a"); no XML
      // name starts with "$", so every leading "$" is ours.
      name = key.charCodeAt(1) === 36 ? key.replace(/^\$+/, "") : key.slice(1);
      kids = node[key] as Node[];
    } else if (key === ":@") attrs = node[key] as Record<string, string>;
  }
  return name === undefined ? undefined : { name, kids, attrs };
}

/** Text content of an element, character references resolved; undefined when it has child elements. */
function textOf(kids: Node[]): string | undefined {
  let text = "";
  for (const kid of kids) {
    const t = kid["#text"];
    if (typeof t === "string") text += t;
    else if (asElement(kid) !== undefined) return undefined;
  }
  return text.includes("&") ? text.replace(ENTITY, resolveEntity) : text;
}

/** One of XML's five entities or a character reference (already checked to name an allowed character). */
function resolveEntity(_: string, named: string | undefined, dec: string | undefined, hex: string | undefined): string {
  if (named !== undefined) return NAMED[named]!;
  return String.fromCodePoint(dec !== undefined ? Number(dec) : parseInt(hex!, 16));
}

/** The JSON Pointer of the element being read, as a stack: made a string only for an error (and cut, as names can be long). */
type Path = (string | number)[];

/** Whether the element carries the array marker; any other attribute (but xmlns) is refused, not dropped. */
function marked(el: Element, marker: XmlArrayMarker | undefined, path: Path): boolean {
  if (!el.attrs) return false;
  let found = false;
  for (const name of Object.keys(el.attrs)) {
    if (marker && name === marker.attribute && el.attrs[name] === marker.value) found = true;
    else if (name !== "xmlns" && !name.startsWith("xmlns:"))
      throw new XmlDecodeError(`unexpected attribute ${cut(name, MAX_QUOTE)}='${cut(el.attrs[name]!, MAX_QUOTE)}'`, undefined, undefined, at(path));
  }
  return found;
}

/** How deep the walk is (the root element is level 1), how deep it may go, and how much text is left to read. */
interface Depth {
  depth: number;
  maxDepth: number;
  /** Shared by the whole walk: characters of text the value may still take. */
  text: { left: number; max: number };
}

/** Text going into the value, counted against maxTextLength. */
function counted(text: string, path: Path, level: Depth): string {
  if ((level.text.left -= text.length) < 0) throw new XmlDecodeError(`the text is longer than ${level.text.max} characters in all`, undefined, undefined, at(path));
  return text;
}

function readElement(kids: Node[], shape: XmlShape, path: Path, level: Depth): unknown {
  if (level.depth > level.maxDepth) throw new XmlDecodeError(`elements are nested deeper than ${level.maxDepth} levels`, undefined, undefined, at(path));
  switch (shape.kind) {
    case "scalar": {
      const text = textOf(kids);
      if (text === undefined) throw new XmlDecodeError("expected text, found child elements", undefined, undefined, at(path));
      return readScalar(counted(text, path, level), shape.types);
    }
    case "object":
      return readObject(kids, shape, path, level);
    case "array":
      return [readElement(kids, shape.items, [...path, 0], level)];
    case "any": {
      const text = textOf(kids);
      return text !== undefined ? counted(text, path, level) : readObject(kids, shape, path, level);
    }
  }
}

interface Group {
  prop: string;
  shape: XmlShape;
  first: Element;
  more: Element[] | undefined;
  marked: boolean;
}

/** Child elements by property: repeated ones (or marked ones) become arrays, in document order. */
function readObject(kids: Node[], shape: Extract<XmlShape, { kind: "object" | "any" }>, path: Path, level: Depth): Record<string, unknown> {
  const inner: Depth = { depth: level.depth + 1, maxDepth: level.maxDepth, text: level.text };
  const byElement = shape.kind === "object" ? elementIndex(shape) : undefined;
  const other = shape.kind === "object" ? (shape.additional ?? ANY) : shape;
  const groups = new Map<string, Group>();
  for (const kid of kids) {
    const el = asElement(kid);
    if (el === undefined) {
      const t = kid["#text"];
      if (typeof t === "string" && t.trim() !== "")
        throw new XmlDecodeError(`unexpected text "${t.trim().slice(0, 40)}${t.trim().length > 40 ? "…" : ""}" between elements`, undefined, undefined, at(path));
      continue;
    }
    let group = groups.get(el.name);
    if (group === undefined) {
      const known = byElement?.get(el.name);
      group = { prop: known?.[0] ?? el.name, shape: known?.[1] ?? other, first: el, more: undefined, marked: false };
      groups.set(el.name, group);
    } else (group.more ??= []).push(el);
    if (el.attrs) {
      const s = group.shape;
      path.push(group.prop);
      if (marked(el, s.kind === "array" || s.kind === "any" ? s.marker : undefined, path)) group.marked = true;
      path.pop();
    }
  }
  const out: Record<string, unknown> = {};
  for (const g of groups.values()) {
    path.push(g.prop);
    const s = g.shape;
    let value: unknown;
    if (s.kind === "array" || g.more !== undefined || g.marked) {
      const items = s.kind === "array" ? s.items : s;
      const all = g.more === undefined ? [g.first] : [g.first, ...g.more];
      value = all.map((el, i) => {
        path.push(i);
        const v = readElement(el.kids, items, path, inner);
        path.pop();
        return v;
      });
    } else value = readElement(g.first.kids, s, path, inner);
    path.pop();
    // An own property even for "__proto__": never the object's prototype.
    if (g.prop === "__proto__") Object.defineProperty(out, g.prop, { value, enumerable: true, writable: true, configurable: true });
    else out[g.prop] = value;
  }
  return out;
}

const indexes = new WeakMap<object, Map<string, [string, XmlShape]>>();

/** Element name → [property, shape], computed once per shape. */
function elementIndex(shape: Extract<XmlShape, { kind: "object" }>): Map<string, [string, XmlShape]> {
  let index = indexes.get(shape);
  if (!index) {
    index = new Map(Object.entries(shape.properties).map(([prop, p]) => [p.element, [prop, p.shape]]));
    indexes.set(shape, index);
  }
  return index;
}
