// Frozen copy of src/runtime/xml-decode.ts before it was compiled per shape: the oracle of the differential tests (test/xml/*differential*). Not used by the runtime.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { XmlDecodeError } from "../../../src/runtime/errors/xml-decode-error.js";
import { pointerOf } from "../../../src/runtime/pointer.js";
import { ANY, NOT_XML, XML_DECODE_LIMITS, type XmlArrayMarker, type XmlBody, type XmlDecodeOptions, type XmlScalar, type XmlShape } from "../../../src/runtime/xml-shape.js";

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

const DOCTYPE = /<!(?:DOCTYPE|ENTITY)/i;
/** A "&" that does not start one of XML's five entities or a character reference: an undeclared entity. */
const BAD_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;
const CHAR_REFERENCE = /&#([0-9]+);|&#x([0-9a-fA-F]+);/g;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

type Node = Record<string, unknown>;

/**
 * The longest reason and JSON Pointer an error carries when they are built from the document's text
 * (names, values, the parser's messages): with them, no XmlDecodeError message passes 500 characters.
 */
const MAX_REASON = 300;
const MAX_PATH = 150;
/** How much of a name or value a reason quotes. */
const MAX_QUOTE = 100;
/** The longest tag (name and attributes): the validator copies a tag a character at a time, 35 to 70 bytes of heap each. */
const MAX_TAG = 10_000;

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
  const { maxBytes, maxDepth, maxElements, maxTextLength } = { ...XML_DECODE_LIMITS, ...defined(options) };
  const text = typeof input === "string" ? input : utf8(input, maxBytes);
  if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text) > maxBytes)) {
    throw new XmlDecodeError(`the document is larger than ${maxBytes} bytes`);
  }
  const doctype = DOCTYPE.exec(text);
  if (doctype) throw located(text, doctype.index, "DOCTYPE and entity declarations are refused (no external or expanding entities)");
  const raw = NOT_XML.exec(text);
  if (raw) throw located(text, raw.index, `the character U+${raw[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} is not allowed in XML 1.0`);
  const reference = BAD_REFERENCE.exec(text);
  if (reference) throw located(text, reference.index, "an entity that XML does not define (only &amp; &lt; &gt; &quot; &apos; and character references)");
  if (text.includes("&#")) {
    for (const m of text.matchAll(CHAR_REFERENCE)) {
      if (!allowedChar(m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16))) throw located(text, m.index, `the character reference ${m[0]} names a character XML 1.0 does not allow`);
    }
  }
  // Before the validator and the parser, which allocate per element (about 300 bytes each) and per
  // character of a tag: what the document would cost them, counted without building anything.
  const o = outline(text, maxDepth, maxElements);
  if (o.unclosed && (o.tooDeep !== undefined || o.tooMany !== undefined)) throw unclosed(text, o.unclosed);
  if (o.tooDeep !== undefined) throw located(text, o.tooDeep, `elements are nested deeper than ${maxDepth} levels`);
  if (o.tooMany !== undefined) throw located(text, o.tooMany, `the document has more than ${maxElements} elements`);
  if (o.tooLong !== undefined) throw located(text, o.tooLong, `a tag is longer than ${MAX_TAG} characters (its name and attributes)`);
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

/** The options given, without the ones set to undefined (which would hide the defaults). */
function defined(options: XmlDecodeOptions): XmlDecodeOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** `text` cut to `max` characters, "…" marking the cut (a surrogate pair is never split). */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + "…";
}

/** The validator's message with each name or value it quotes ('…') cut, so the rest of the sentence stays. */
function quotesCut(message: string): string {
  return message.replace(/'([^']{100,})'/g, (_, quoted: string) => `'${cut(quoted, MAX_QUOTE)}'`);
}

/** What one pass over the markup finds, allocating nothing per element. */
interface Outline {
  /** Where the element past `maxElements` starts. */
  tooMany: number | undefined;
  /** Where the first element deeper than `maxDepth` starts. */
  tooDeep: number | undefined;
  /** Where the first tag longer than MAX_TAG starts. */
  tooLong: number | undefined;
  /**
   * When the tags pair up (as far as the first maxDepth + 1 levels show) under one root but some are
   * never closed: the outermost of those, and how many there are.
   */
  unclosed: { name: string; index: number; open: number } | undefined;
}

/**
 * Counts elements, nesting and tag lengths in one pass (indexOf between tags, a character loop only
 * inside them), and pairs closing tags with opening ones to maxDepth + 1 levels, keeping where each
 * of those opened (positions, not copies of names). It decides nothing about well-formedness: the
 * validator still does, once the counts are known to be bounded.
 */
function outline(text: string, maxDepth: number, maxElements: number): Outline {
  const o: Outline = { tooMany: undefined, tooDeep: undefined, tooLong: undefined, unclosed: undefined };
  // Per level (0 is the root's), while it is open: where its start tag and its name begin and end.
  const starts: number[] = [];
  const names: number[] = [];
  const nameEnds: number[] = [];
  let elements = 0;
  let depth = 0;
  let paired = true;
  for (let i = text.indexOf("<"); i !== -1; i = text.indexOf("<", i)) {
    const next = text.charCodeAt(i + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      const [from, close] = text.startsWith("<!--", i) ? [i + 4, "-->"] : text.startsWith("<![CDATA[", i) ? [i + 9, "]]>"] : next === 63 ? [i + 2, "?>"] : [i + 2, ">"];
      const end = text.indexOf(close, from);
      if (end === -1) return o;
      i = end + close.length;
      continue;
    }
    // The tag ends at the first ">" outside quotes.
    let end = i + 1;
    for (let quote = 0; end < text.length; end++) {
      const c = text.charCodeAt(end);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62) break;
    }
    if (end - i > MAX_TAG && o.tooLong === undefined) o.tooLong = i;
    if (end === text.length) return o;
    const closing = next === 47; /* / */
    const nameStart = closing ? i + 2 : i + 1;
    let nameEnd = nameStart;
    for (let c = text.charCodeAt(nameEnd); nameEnd < end && c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 47; c = text.charCodeAt(++nameEnd));
    if (closing) {
      if (depth === 0) paired = false;
      else {
        depth--;
        if (paired && depth < starts.length && !sameName(text, names[depth]!, nameEnds[depth]!, nameStart, nameEnd)) paired = false;
      }
    } else {
      if (++elements > maxElements && o.tooMany === undefined) o.tooMany = i;
      if (depth === 0 && elements > 1) paired = false; // a second root
      if (depth + 1 > maxDepth && o.tooDeep === undefined) o.tooDeep = i;
      if (text.charCodeAt(end - 1) !== 47 /* not <a/> */) {
        if (depth <= maxDepth) {
          starts[depth] = i;
          names[depth] = nameStart;
          nameEnds[depth] = nameEnd;
        }
        depth++;
      }
    }
    i = end + 1;
  }
  if (paired && depth > 0) o.unclosed = { name: text.slice(names[0]!, nameEnds[0]!), index: starts[0]!, open: depth };
  return o;
}

/** Whether text[a, aEnd) and text[b, bEnd) are the same name. */
function sameName(text: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (; a < aEnd; a++, b++) if (text.charCodeAt(a) !== text.charCodeAt(b)) return false;
  return true;
}

/** The first unclosed tag, where it opens, and how many more are left open inside it. */
function unclosed(text: string, first: { name: string; index: number; open: number }): XmlDecodeError {
  const more = first.open > 1 ? ` (and ${first.open - 1} more opened inside it are never closed)` : "";
  return located(text, first.index, `unclosed tag '${cut(first.name, MAX_QUOTE)}'${more}`);
}

function utf8(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.length > maxBytes) throw new XmlDecodeError(`the document is larger than ${maxBytes} bytes`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new XmlDecodeError("the document is not valid UTF-8");
  }
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

/** An error at the character `index`: its line and column (1-based), counted without copying the text. */
function located(text: string, index: number, reason: string): XmlDecodeError {
  let line = 1;
  let lineStart = 0;
  for (let n = text.indexOf("\n"); n !== -1 && n < index; n = text.indexOf("\n", n + 1)) {
    line++;
    lineStart = n + 1;
  }
  return new XmlDecodeError(cut(reason, MAX_REASON), line, index - lineStart + 1);
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

function allowedChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** The JSON Pointer of the element being read, as a stack: made a string only for an error (and cut, as names can be long). */
type Path = (string | number)[];
const at = (path: Path): string => cut(pointerOf(path), MAX_PATH);

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

function readScalar(text: string, types: readonly XmlScalar[]): unknown {
  for (const t of types) {
    if (t === "boolean" && (text === "true" || text === "false")) return text === "true";
    if (t === "integer" && /^-?[0-9]+$/.test(text)) return Number(text);
    if (t === "number" && /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(text)) return Number(text);
    if (t === "null" && text === "") return null;
    if (t === "string") return text;
  }
  return text; // not what the schema says: kept, for the validator to name
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
