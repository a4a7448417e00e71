import { XmlEncodeError } from "./errors/xml-encode-error.js";
import { pointerOf } from "./pointer.js";
import { ANY, NOT_XML, type XmlArrayMarker, type XmlBody, type XmlShape } from "./xml-shape.js";

const NEEDS_ESCAPE = /[&<>\r]/;
/** One cheap test for the common case: nothing to escape, nothing to refuse. */
const PLAIN_TEXT = /^[^\u0000-\u001F&<>\uD800-\uDFFF\uFFFE\uFFFF]*$/;
/** An XML element name (XML 1.0 Name, without ":" so that no namespace prefix is implied). */
const XML_NAME =
  /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][\w.\-\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;

function escapeText(text: string): string {
  if (NOT_XML.test(text)) throw new Failure("the text holds a character XML 1.0 cannot carry (a control character or a lone surrogate)");
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

/** plainNumber for a value known to be a number: int32 (the common case) without the checks. */
function numberText(n: number): string {
  if ((n | 0) === n && (n !== 0 || 1 / n > 0)) return "" + n;
  if (!Number.isFinite(n)) throw new Failure(`${n} is not a number XML can carry`);
  return plainNumber(n, "");
}

/**
 * The vendor's XML for a value: root element, nested objects as nested elements, arrays as repeated
 * elements (the first with the array marker where the shape has one). A key that cannot be an
 * element name is an XmlEncodeError. The shape is compiled once into writers (cached per shape
 * object), so that writing a value does no shape lookups beyond one Map per key.
 */
export function encodeXml(value: unknown, body: XmlBody): string {
  if (!isPlainObject(value)) throw new XmlEncodeError("", "expected an object for the root element");
  const e: Out = { out: `<${body.root}>` };
  try {
    writerOf(body.shape).fields(e, value);
  } catch (err) {
    throw located(err, []);
  }
  return e.out + `</${body.root}>`;
}

/**
 * One element `<name>…</name>` for a value of `shape`, as the items of a batch are written once each
 * and then framed (the array marker, when wanted, goes on a chunk's first item).
 */
export function encodeXmlElement(name: string, value: unknown, shape: XmlShape, path: (string | number)[] = []): string {
  const e: Out = { out: "" };
  try {
    writerOf(shape).one(e, tags(name, undefined), false, value);
  } catch (err) {
    throw located(err, path);
  }
  return e.out;
}

/**
 * The batch engine's item writer: for a body whose top-level property `list` is an array, a
 * function writing one item element exactly as `encodeXmlElement(element, item, items, [list, index])`
 * does, with the shape compiled and the tags built once.
 */
export function xmlItemEncoder(body: XmlBody, list: string): (item: unknown, index: number) => string {
  const prop = body.shape.kind === "object" && Object.prototype.hasOwnProperty.call(body.shape.properties, list) ? body.shape.properties[list] : undefined;
  if (prop?.shape.kind !== "array") throw new TypeError(`the XML body <${body.root}> has no list property "${list}"`);
  const write = writerOf(prop.shape.items).one;
  const t = tags(prop.element, undefined);
  return (item, index) => {
    const e: Out = { out: "" };
    try {
      write(e, t, false, item);
    } catch (err) {
      throw located(err, [list, index]);
    }
    return e.out;
  };
}

// ------------------------------------------------------------------ compiled writers

interface Out {
  out: string;
}

/** What a writer refuses, without its place: each object or list it is inside adds its key or index on the way out. */
class Failure {
  readonly tokens: (string | number)[] = [];
  constructor(readonly reason: string) {}
}

/** A Failure made an XmlEncodeError with its JSON Pointer (after `prefix`); anything else passes. */
function located(err: unknown, prefix: readonly (string | number)[]): unknown {
  if (!(err instanceof Failure)) return err;
  return new XmlEncodeError(pointerOf([...prefix, ...err.tokens.reverse()]), err.reason);
}

interface Tags {
  open: string;
  openMarked: string;
  close: string;
  empty: string;
  emptyMarked: string;
}

function tags(name: string, marker: XmlArrayMarker | undefined): Tags {
  const attr = marker ? ` ${marker.attribute}='${marker.value}'` : "";
  return { open: `<${name}>`, openMarked: `<${name}${attr}>`, close: `</${name}>`, empty: `<${name}/>`, emptyMarked: `<${name}${attr}/>` };
}

/** How a value of one shape is written: as one element with given tags, or (an object) as its fields. */
interface Writer {
  one: (e: Out, t: Tags, marked: boolean, v: unknown) => void;
  fields: (e: Out, v: Record<string, unknown>) => void;
}

/** How the values under one key are written: its tags, its writer, and its list items' writer. */
interface Slot {
  tags: Tags;
  marked: boolean;
  value: Writer;
  items: Writer;
}

const writers = new WeakMap<XmlShape, Writer>();

function writerOf(shape: XmlShape): Writer {
  let w = writers.get(shape);
  if (w === undefined) {
    // Registered before its parts are compiled, so that a shape reached again (free-form content,
    // which stays free-form all the way down) finds itself.
    w = { one: undefined!, fields: undefined! };
    writers.set(shape, w);
    compile(shape, w);
  }
  return w;
}

function compile(shape: XmlShape, w: Writer): void {
  const declared = new Map<string, Slot>();
  if (shape.kind === "object") for (const [key, p] of Object.entries(shape.properties)) declared.set(key, slot(p.element, p.shape));
  // Keys the shape does not declare: free-form, with the same array marker all the way down.
  const other = shape.kind === "object" ? (shape.additional ?? ANY) : shape.kind === "any" ? shape : ANY;
  const undeclared = new Map<string, Slot>();
  const slotOf = (key: string): Slot => {
    let s = declared.get(key) ?? undeclared.get(key);
    if (s === undefined) {
      // A name holding a character JavaScript counts as space (U+1680, U+FEFF…) is refused too: parsers split names there.
      if (!XML_NAME.test(key) || /\s/.test(key)) {
        throw new Failure(`"${key}" cannot be an XML element name (a name starts with a letter or "_" and holds letters, digits, "_", "-", "."; no spaces)`);
      }
      s = slot(key, other);
      if (undeclared.size < 10_000) undeclared.set(key, s);
    }
    return s;
  };
  w.fields = (e, value) => {
    let key = "";
    let index = -1;
    try {
      for (key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        const v = value[key];
        if (v === undefined) continue;
        const s = slotOf(key);
        if (!Array.isArray(v)) {
          s.value.one(e, s.tags, false, v);
          continue;
        }
        const write = s.items.one;
        for (index = 0; index < v.length; index++) {
          const item: unknown = v[index];
          if (Array.isArray(item)) throw new Failure("an array inside an array cannot be written as repeated elements");
          write(e, s.tags, index === 0 && s.marked, item);
        }
        index = -1;
      }
    } catch (err) {
      if (err instanceof Failure) {
        if (index >= 0) err.tokens.push(index);
        err.tokens.push(key);
      }
      throw err;
    }
  };
  w.one = (e, t, marked, v) => {
    switch (typeof v) {
      case "string":
        // "" as an empty element, as null is: the two read back alike ("") and re-encode alike.
        if (v === "") e.out += marked ? t.emptyMarked : t.empty;
        else e.out += (marked ? t.openMarked : t.open) + (PLAIN_TEXT.test(v) ? v : escapeText(v)) + t.close;
        return;
      case "number":
        e.out += (marked ? t.openMarked : t.open) + numberText(v) + t.close;
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
          w.fields(e, v);
          // Nothing written inside ({}, or only empty lists): <x/>, as "" and null are, so it re-encodes alike.
          if (e.out.length === before.length + open.length) e.out = before + (marked ? t.emptyMarked : t.empty);
          else e.out += t.close;
          return;
        }
    }
    throw new Failure(`a ${typeof v === "object" ? "non-plain object" : typeof v} cannot be written as XML`);
  };
}

function slot(name: string, shape: XmlShape): Slot {
  const marker = shape.kind === "array" || shape.kind === "any" ? shape.marker : undefined;
  return {
    tags: tags(name, marker),
    marked: marker !== undefined,
    value: writerOf(shape),
    items: writerOf(shape.kind === "array" ? shape.items : shape.kind === "any" ? shape : ANY),
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
