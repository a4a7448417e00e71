import { XMLParser, XMLValidator } from "fast-xml-parser";
import { XmlDecodeError } from "./errors/xml-decode-error.js";
import { XmlEncodeError } from "./errors/xml-encode-error.js";

/** A scalar type an XML text may be read as, tried in this order: boolean, integer, number, string. */
export type XmlScalar = "boolean" | "integer" | "number" | "string" | "null";

/** The vendor's array marker: the first of the repeated elements carries `attribute='value'`. */
export interface XmlArrayMarker {
  attribute: string;
  value: string;
}

/** What the XML runtime needs of a schema (generated into `generated/<api>/xml.ts`). */
export type XmlShape =
  | { kind: "scalar"; types: readonly XmlScalar[] }
  | { kind: "object"; properties: Readonly<Record<string, XmlProperty>>; additional?: XmlShape }
  | { kind: "array"; items: XmlShape; marker?: XmlArrayMarker }
  /** Free-form (custom fields): text is kept as a string, child elements as objects, repeats as arrays. */
  | { kind: "any"; marker?: XmlArrayMarker };

export interface XmlProperty {
  /** The element name (the OpenAPI `xml.name`, else the property name). */
  element: string;
  shape: XmlShape;
}

/** A request or answer body: its root element and the shape of its content. */
export interface XmlBody {
  root: string;
  shape: XmlShape;
}

export interface XmlDecodeOptions {
  /** Deepest element nesting accepted. Default 64. */
  maxDepth?: number;
  /** Largest document accepted, in UTF-8 bytes. Default 16 MiB. */
  maxBytes?: number;
}

const ANY: XmlShape = { kind: "any" };

// ---------------------------------------------------------------------------------------- encode

/** Characters XML 1.0 cannot carry at all, even escaped (controls, lone surrogates, U+FFFE/FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NEEDS_ESCAPE = /[&<>\r]/;
/** An XML element name (XML 1.0 Name, without ":" so that no namespace prefix is implied). */
const XML_NAME = /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][\w.\-\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;

function escapeText(text: string, path: string): string {
  if (NOT_XML.test(text)) throw new XmlEncodeError(path, "the text holds a character XML 1.0 cannot carry (a control character or a lone surrogate)");
  if (!NEEDS_ESCAPE.test(text)) return text;
  // "\r" as a reference: XML parsers turn a raw CR (or CR LF) into LF.
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

/** A number in plain decimal, as the vendor's documents write them: no exponent, -0 kept. */
export function plainNumber(n: number, path: string): string {
  if (!Number.isFinite(n)) throw new XmlEncodeError(path, `${n} is not a number XML can carry`);
  if (Object.is(n, -0)) return "-0";
  const text = String(n);
  if (!/e/i.test(text)) return text;
  if (Number.isInteger(n)) return BigInt(n).toString();
  // A small fraction such as 1e-7: move the point by hand, keeping the shortest digits.
  const [mantissa, exp] = text.split(/e/i) as [string, string];
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace(/^-/, "").replace(".", "");
  const point = mantissa.replace(/^-/, "").indexOf(".");
  const shift = (point === -1 ? mantissa.replace(/^-/, "").length : point) + Number(exp);
  const body = shift <= 0 ? `0.${"0".repeat(-shift)}${digits}` : `${digits.slice(0, shift)}.${digits.slice(shift)}`;
  return (negative ? "-" : "") + body;
}

/**
 * The vendor's XML for a value: root element, nested objects as nested elements, arrays as repeated
 * elements (the first with the array marker where the shape has one). Walks the shape once; the
 * text is built by concatenation. A key that cannot be an element name is an XmlEncodeError.
 */
export function encodeXml(value: unknown, body: XmlBody): string {
  if (!isPlainObject(value)) throw new XmlEncodeError("", "expected an object for the root element");
  return `<${body.root}>${encodeFields(value, body.shape, "")}</${body.root}>`;
}

function encodeFields(value: Record<string, unknown>, shape: XmlShape, path: string): string {
  let out = "";
  const props = shape.kind === "object" ? shape.properties : undefined;
  const other = shape.kind === "object" ? (shape.additional ?? ANY) : ANY;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue;
    const prop = props !== undefined && Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
    const at = path + "/" + key.replace(/~/g, "~0").replace(/\//g, "~1");
    if (prop === undefined && !XML_NAME.test(key)) {
      throw new XmlEncodeError(at, `"${key}" cannot be an XML element name (a name starts with a letter or "_" and holds letters, digits, "_", "-", "."; no spaces)`);
    }
    out += encodeElement(prop?.element ?? key, v, prop?.shape ?? other, at);
  }
  return out;
}

function encodeElement(name: string, v: unknown, shape: XmlShape, path: string): string {
  if (Array.isArray(v)) {
    const items = shape.kind === "array" ? shape.items : ANY;
    const marker = shape.kind === "array" || shape.kind === "any" ? shape.marker : undefined;
    let out = "";
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      if (Array.isArray(item)) throw new XmlEncodeError(`${path}/${i}`, "an array inside an array cannot be written as repeated elements");
      const attr = i === 0 && marker ? ` ${marker.attribute}='${marker.value}'` : "";
      out += encodeOne(name, attr, item, items, `${path}/${i}`);
    }
    return out;
  }
  return encodeOne(name, "", v, shape, path);
}

function encodeOne(name: string, attr: string, v: unknown, shape: XmlShape, path: string): string {
  if (v === null || v === undefined) return `<${name}${attr}/>`;
  switch (typeof v) {
    case "string":
      return `<${name}${attr}>${escapeText(v, path)}</${name}>`;
    case "number":
      return `<${name}${attr}>${plainNumber(v, path)}</${name}>`;
    case "boolean":
      return `<${name}${attr}>${v ? "true" : "false"}</${name}>`;
    case "object":
      if (isPlainObject(v)) return `<${name}${attr}>${encodeFields(v, shape, path)}</${name}>`;
      break;
  }
  throw new XmlEncodeError(path, `a ${typeof v === "object" ? "non-plain object" : typeof v} cannot be written as XML`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// ---------------------------------------------------------------------------------------- decode

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
    processEntities: true,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    transformTagName: (name: string) => TAG + name,
    onDangerousProperty: (name: string) => name,
    maxNestedTags: maxDepth,
  });
const parsers = new Map<number, XMLParser>();

const DOCTYPE = /<!(?:DOCTYPE|ENTITY)/i;
/** A "&" that does not start one of XML's five entities or a character reference: an undeclared entity. */
const BAD_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;
const CHAR_REFERENCE = /&#([0-9]+);|&#x([0-9a-fA-F]+);/g;

type Node = Record<string, unknown>;

/**
 * Reads the vendor's XML back into the typed value, by shape: a repeated element (or one with the
 * array marker) is an array, `1` is a number where the shape says integer, `true` a boolean; missing
 * elements stay absent; elements the shape does not know are kept as strings (or objects, arrays).
 * Refuses DOCTYPE and entity declarations, documents over `maxBytes`, nesting over `maxDepth`, and
 * malformed XML, with line and column. Objects are plain; an element named `__proto__` becomes an
 * own property, never a prototype.
 */
export function decodeXml(input: string | Uint8Array, body: XmlBody, options: XmlDecodeOptions = {}): unknown {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const maxDepth = options.maxDepth ?? 64;
  const text = typeof input === "string" ? input : utf8(input, maxBytes);
  if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text) > maxBytes)) {
    throw new XmlDecodeError(`the document is larger than ${maxBytes} bytes`);
  }
  const doctype = DOCTYPE.exec(text);
  if (doctype) throw located(text, doctype.index, "DOCTYPE and entity declarations are refused (no external or expanding entities)");
  const reference = BAD_REFERENCE.exec(text);
  if (reference) throw located(text, reference.index, "an entity that XML does not define (only &amp; &lt; &gt; &quot; &apos; and character references)");
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlDecodeError(valid.err.msg.replace(/\.$/, ""), valid.err.line, valid.err.col);
  let nodes: Node[];
  try {
    let p = parsers.get(maxDepth);
    if (!p) parsers.set(maxDepth, (p = parser(maxDepth)));
    nodes = p.parse(text) as Node[];
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new XmlDecodeError(/nest/i.test(message) ? `elements are nested deeper than ${maxDepth} levels` : message);
  }
  const roots = nodes.filter((n) => elementName(n) !== undefined);
  if (roots.length !== 1) throw new XmlDecodeError(`expected one root element <${body.root}>, found ${roots.length}`);
  const root = roots[0]!;
  if (elementName(root) !== body.root) throw new XmlDecodeError(`expected the root element <${body.root}>, found <${elementName(root)}>`);
  return readElement(root, body.shape, "");
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

function located(text: string, index: number, reason: string): XmlDecodeError {
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  return new XmlDecodeError(reason, line, index - before.lastIndexOf("\n"));
}

function elementName(node: Node): string | undefined {
  for (const key in node) if (key.startsWith(TAG)) return key.slice(TAG.length);
  return undefined;
}

function children(node: Node): Node[] {
  for (const key in node) if (key.startsWith(TAG)) return node[key] as Node[];
  return [];
}

function attributes(node: Node): Record<string, string> | undefined {
  return node[":@"] as Record<string, string> | undefined;
}

/** Text content of an element, character references resolved; undefined when it has child elements. */
function textOf(kids: Node[]): string | undefined {
  let text = "";
  for (const kid of kids) {
    if (elementName(kid) !== undefined) return undefined;
    const t = kid["#text"];
    if (typeof t === "string") text += t;
  }
  return text.includes("&#") ? text.replace(CHAR_REFERENCE, (_, dec: string, hex: string) => String.fromCodePoint(parseInt(dec ?? hex, dec ? 10 : 16))) : text;
}

function checkAttributes(node: Node, marker: XmlArrayMarker | undefined, path: string): boolean {
  const attrs = attributes(node);
  if (!attrs) return false;
  let marked = false;
  for (const name of Object.keys(attrs)) {
    if (marker && name === marker.attribute && attrs[name] === marker.value) marked = true;
    else if (name !== "xmlns" && !name.startsWith("xmlns:")) throw new XmlDecodeError(`unexpected attribute ${name}='${attrs[name]}'`, undefined, undefined, path);
  }
  return marked;
}

function readElement(node: Node, shape: XmlShape, path: string): unknown {
  const kids = children(node);
  switch (shape.kind) {
    case "scalar": {
      const text = textOf(kids);
      if (text === undefined) throw new XmlDecodeError("expected text, found child elements", undefined, undefined, path);
      return readScalar(text, shape.types);
    }
    case "object":
      return readObject(kids, shape, path);
    case "array":
      return [readElement(node, shape.items, path + "/0")];
    case "any": {
      const text = textOf(kids);
      return text !== undefined ? text : readObject(kids, undefined, path);
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

/** Child elements by property: repeated ones (or marked ones) become arrays, in document order. */
function readObject(kids: Node[], shape: Extract<XmlShape, { kind: "object" }> | undefined, path: string): Record<string, unknown> {
  const byElement = shape ? elementIndex(shape) : undefined;
  const groups = new Map<string, { prop: string; shape: XmlShape; nodes: Node[]; marked: boolean }>();
  for (const kid of kids) {
    const name = elementName(kid);
    if (name === undefined) {
      const t = kid["#text"];
      if (typeof t === "string" && t.trim() !== "") throw new XmlDecodeError(`unexpected text "${t.trim().slice(0, 40)}" between elements`, undefined, undefined, path);
      continue;
    }
    let group = groups.get(name);
    if (!group) {
      const known = byElement?.get(name);
      const prop = known?.[0] ?? name;
      const s = known?.[1] ?? shape?.additional ?? ANY;
      group = { prop, shape: s, nodes: [], marked: false };
      groups.set(name, group);
    }
    const at = path + "/" + group.prop.replace(/~/g, "~0").replace(/\//g, "~1");
    const marker = group.shape.kind === "array" || group.shape.kind === "any" ? group.shape.marker : undefined;
    if (checkAttributes(kid, marker, at)) group.marked = true;
    group.nodes.push(kid);
  }
  const out: Record<string, unknown> = {};
  for (const { prop, shape: s, nodes, marked } of groups.values()) {
    const at = path + "/" + prop.replace(/~/g, "~0").replace(/\//g, "~1");
    let value: unknown;
    if (s.kind === "array") value = nodes.map((n, i) => readElement(n, s.items, `${at}/${i}`));
    else if (nodes.length > 1 || marked) value = nodes.map((n, i) => readElement(n, s.kind === "any" ? ANY : s, `${at}/${i}`));
    else value = readElement(nodes[0]!, s, at);
    // An own property even for "__proto__": never the object's prototype.
    Object.defineProperty(out, prop, { value, enumerable: true, writable: true, configurable: true });
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
