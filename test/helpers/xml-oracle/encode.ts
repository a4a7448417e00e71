// Frozen copy of src/runtime/xml-encode.ts before it was compiled per shape: the oracle of the differential tests (test/xml/*differential*). Not used by the runtime.
import { XmlEncodeError } from "../../../src/runtime/errors/xml-encode-error.js";
import { pointerOf } from "../../../src/runtime/pointer.js";
import { ANY, NOT_XML, type XmlArrayMarker, type XmlBody, type XmlShape } from "../../../src/runtime/xml-shape.js";
import { plainNumber } from "../../../src/runtime/xml-encode.js";

const NEEDS_ESCAPE = /[&<>\r]/;
/** One cheap test for the common case: nothing to escape, nothing to refuse. */
const PLAIN_TEXT = /^[^\u0000-\u001F&<>\uD800-\uDFFF\uFFFE\uFFFF]*$/;
/** An XML element name (XML 1.0 Name, without ":" so that no namespace prefix is implied). */
const XML_NAME =
  /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][\w.\-\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;

function escapeText(text: string, path: string): string {
  if (NOT_XML.test(text)) throw new XmlEncodeError(path, "the text holds a character XML 1.0 cannot carry (a control character or a lone surrogate)");
  if (!NEEDS_ESCAPE.test(text)) return text;
  // "\r" as a reference: XML parsers turn a raw CR (or CR LF) into LF.
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

/**
 * The vendor's XML for a value: root element, nested objects as nested elements, arrays as repeated
 * elements (the first with the array marker where the shape has one). Walks the shape once; the
 * text is built by concatenation. A key that cannot be an element name is an XmlEncodeError.
 */
export function encodeXml(value: unknown, body: XmlBody): string {
  if (!isPlainObject(value)) throw new XmlEncodeError("", "expected an object for the root element");
  // One accumulator, appended to (nested returned strings make deep ropes and GC work); tags
  // are built once per element name; the JSON Pointer is kept as a stack, made a string only for an error.
  const e: Encoder = { out: `<${body.root}>`, path: [] };
  encodeFields(e, value, body.shape);
  return e.out + `</${body.root}>`;
}

/**
 * One element `<name>…</name>` for a value of `shape`, as the items of a batch are written once each
 * and then framed (the array marker, when wanted, goes on a chunk's first item).
 */
export function encodeXmlElement(name: string, value: unknown, shape: XmlShape, path: (string | number)[] = []): string {
  const e: Encoder = { out: "", path: [...path] };
  encodeOne(e, tags(name, undefined), false, value, shape);
  return e.out;
}

interface Encoder {
  out: string;
  path: (string | number)[];
}

interface Tags {
  open: string;
  openMarked: string;
  close: string;
  empty: string;
  emptyMarked: string;
}

const tagCache = new Map<string, Tags>();

function tags(name: string, marker: XmlArrayMarker | undefined): Tags {
  const key = marker ? `${name} ${marker.attribute} ${marker.value}` : name;
  let t = tagCache.get(key);
  if (!t) {
    const attr = marker ? ` ${marker.attribute}='${marker.value}'` : "";
    t = { open: `<${name}>`, openMarked: `<${name}${attr}>`, close: `</${name}>`, empty: `<${name}/>`, emptyMarked: `<${name}${attr}/>` };
    if (tagCache.size < 10_000) tagCache.set(key, t);
  }
  return t;
}

function encodeFields(e: Encoder, value: Record<string, unknown>, shape: XmlShape): void {
  const props = shape.kind === "object" ? shape.properties : undefined;
  // Free-form content stays free-form all the way down, with the same array marker.
  const other = shape.kind === "object" ? (shape.additional ?? ANY) : shape.kind === "any" ? shape : ANY;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const v = value[key];
    if (v === undefined) continue;
    const prop = props !== undefined && Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
    e.path.push(key);
    // A name holding a character JavaScript counts as space (U+1680, U+FEFF…) is refused too: parsers split names there.
    if (prop === undefined && (!XML_NAME.test(key) || /\s/.test(key))) {
      throw new XmlEncodeError(pointerOf(e.path), `"${key}" cannot be an XML element name (a name starts with a letter or "_" and holds letters, digits, "_", "-", "."; no spaces)`);
    }
    const s = prop?.shape ?? other;
    const marker = s.kind === "array" || s.kind === "any" ? s.marker : undefined;
    const t = tags(prop?.element ?? key, marker);
    if (Array.isArray(v)) {
      const items = s.kind === "array" ? s.items : s.kind === "any" ? s : ANY;
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        e.path.push(i);
        if (Array.isArray(item)) throw new XmlEncodeError(pointerOf(e.path), "an array inside an array cannot be written as repeated elements");
        encodeOne(e, t, i === 0 && marker !== undefined, item, items);
        e.path.pop();
      }
    } else encodeOne(e, t, false, v, s);
    e.path.pop();
  }
}

function encodeOne(e: Encoder, t: Tags, marked: boolean, v: unknown, shape: XmlShape): void {
  switch (typeof v) {
    case "string":
      // "" as an empty element, as null is: the two read back alike ("") and re-encode alike.
      if (v === "") e.out += marked ? t.emptyMarked : t.empty;
      else e.out += (marked ? t.openMarked : t.open) + (PLAIN_TEXT.test(v) ? v : escapeText(v, pointerOf(e.path))) + t.close;
      return;
    case "number":
      e.out += (marked ? t.openMarked : t.open) + plainNumber(v, pointerOf(e.path)) + t.close;
      return;
    case "boolean":
      e.out += (marked ? t.openMarked : t.open) + (v ? "true" : "false") + t.close;
      return;
    case "object":
      if (v === null) {
        e.out += marked ? t.emptyMarked : t.empty;
        return;
      }
      if (isPlainObject(v)) {
        const before = e.out;
        const open = marked ? t.openMarked : t.open;
        e.out += open;
        encodeFields(e, v, shape);
        // Nothing written inside ({}, or only empty lists): <x/>, as "" and null are, so it re-encodes alike.
        if (e.out.length === before.length + open.length) e.out = before + (marked ? t.emptyMarked : t.empty);
        else e.out += t.close;
        return;
      }
  }
  throw new XmlEncodeError(pointerOf(e.path), `a ${typeof v === "object" ? "non-plain object" : typeof v} cannot be written as XML`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
