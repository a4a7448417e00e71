import { cut, isSpace, MAX_QUOTE, Scan } from "./xml-scan.js";
import { ANY, type XmlArrayMarker, type XmlBody, type XmlScalar, type XmlShape } from "./xml-shape.js";

/** The JSON Pointer of the element being read, as a stack: made a string only for a problem. */
type Path = (string | number)[];

/**
 * Reads one element whose start tag the scanner has just read (`empty`: it closed itself), through
 * its end tag, into a value of its shape. `depth`: the element's level (the root is 1).
 */
type Reader = (sc: Scan, path: Path, depth: number, empty: boolean, tagStart: number, nameStart: number, nameEnd: number) => unknown;

/** How the elements of one name are read inside an object: the property they fill and their readers. */
interface Slot {
  prop: string;
  /** The shape is an array: the property is a list even when the element comes once. */
  list: boolean;
  marker: XmlArrayMarker | undefined;
  /** The reader of one element: the items' reader for a list shape. */
  read: Reader;
}

/** The child elements an object shape knows, and how it reads the others (free-form, cached by name). */
interface Fields {
  declared: Map<string, Slot>;
  other: XmlShape;
  undeclared: Map<string, Slot>;
}

/**
 * The document's value, by the body's shape, in one pass over the text (which the caller has checked
 * for size, DOCTYPE, characters and references, and counted): the prolog, the root element read by
 * the reader compiled for its shape, and what may follow it.
 */
export function readDocument(text: string, body: XmlBody, maxDepth: number, maxTextLength: number): unknown {
  const sc = new Scan(text, maxDepth, maxTextLength, maxTextLength);
  let value: unknown;
  let root = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    const lt = text.indexOf("<", i);
    // Only white space outside the root element.
    for (let k = i, end = lt === -1 ? text.length : lt; k < end; k++) {
      if (!isSpace(text.charCodeAt(k))) throw sc.located(k, root ? "Extra text at the end" : `char '${text[k]}' is not expected`);
    }
    if (lt === -1) break;
    const c1 = text.charCodeAt(lt + 1);
    if (c1 === 33 || c1 === 63) sc.special(lt, 0);
    else if (c1 === 47) {
      sc.pos = lt + 2;
      let e = lt + 2;
      while (e < text.length && text.charCodeAt(e) !== 62 && !isSpace(text.charCodeAt(e))) e++;
      throw sc.located(lt, `Closing tag '${text.slice(lt + 2, e)}' has not been opened`);
    } else {
      sc.startTag(lt, 0);
      const name = sc.checkedName();
      if (root) throw sc.located(sc.pos - 1, "Multiple possible root nodes found");
      root = true;
      sc.prolog = false;
      if (name !== body.root) {
        sc.fail(`expected the root element <${body.root}>, found <${cut(name, MAX_QUOTE)}>`, undefined);
        if (!sc.selfClosing) sc.skip(lt, sc.nameStart, sc.nameEnd, 1);
      } else value = readerOf(body.shape)(sc, [], 1, sc.selfClosing, lt, sc.nameStart, sc.nameEnd);
    }
    i = sc.pos;
  }
  if (!root) throw sc.located(0, "Start tag expected");
  if (sc.problem) throw sc.problem;
  return value;
}

const readers = new WeakMap<XmlShape, Reader>();

/** The reader of a shape, compiled once per shape object. */
function readerOf(shape: XmlShape): Reader {
  let r = readers.get(shape);
  if (r === undefined) {
    // While it compiles, a shape that contains itself (one built by hand) reaches it through this.
    let compiled: Reader | undefined;
    readers.set(shape, (...args) => compiled!(...args));
    r = compiled = compile(shape);
    readers.set(shape, r);
  }
  return r;
}

function compile(shape: XmlShape): Reader {
  switch (shape.kind) {
    case "scalar": {
      const types = shape.types;
      return (sc, path, depth, empty, tagStart, nameStart, nameEnd) => {
        if (tooDeep(sc, path, depth, empty, tagStart, nameStart, nameEnd)) return undefined;
        const text = empty ? "" : textContent(sc, depth, tagStart, nameStart, nameEnd);
        if (text === undefined) {
          sc.fail("expected text, found child elements", path);
          sc.skip(tagStart, nameStart, nameEnd, depth);
          return undefined;
        }
        return readScalar(counted(sc, text, path), types);
      };
    }
    case "object": {
      const fields = fieldsOf(shape);
      return (sc, path, depth, empty, tagStart, nameStart, nameEnd) => {
        if (tooDeep(sc, path, depth, empty, tagStart, nameStart, nameEnd)) return undefined;
        const out: Record<string, unknown> = {};
        if (!empty) readFields(sc, fields, out, path, depth, tagStart, nameStart, nameEnd);
        return out;
      };
    }
    case "array": {
      const items = readerOf(shape.items);
      return (sc, path, depth, empty, tagStart, nameStart, nameEnd) => {
        path.push(0);
        const v = items(sc, path, depth, empty, tagStart, nameStart, nameEnd);
        path.pop();
        return [v];
      };
    }
    case "any": {
      // Text when it has no child elements; else an object, free-form all the way down.
      const fields = fieldsOf(shape);
      return (sc, path, depth, empty, tagStart, nameStart, nameEnd) => {
        if (tooDeep(sc, path, depth, empty, tagStart, nameStart, nameEnd)) return undefined;
        const text = empty ? "" : textContent(sc, depth, tagStart, nameStart, nameEnd);
        if (text !== undefined) return counted(sc, text, path);
        if (sc.pending.trim() !== "") unexpectedText(sc, sc.pending, path);
        const out: Record<string, unknown> = {};
        readFields(sc, fields, out, path, depth, tagStart, nameStart, nameEnd);
        return out;
      };
    }
  }
}

/** The walk's own nesting check (the outline refused deeper documents already): past maxDepth, the element is skipped. */
function tooDeep(sc: Scan, path: Path, depth: number, empty: boolean, tagStart: number, nameStart: number, nameEnd: number): boolean {
  if (depth <= sc.maxDepth) return false;
  sc.fail(`elements are nested deeper than ${sc.maxDepth} levels`, path);
  if (!empty) sc.skip(tagStart, nameStart, nameEnd, depth);
  return true;
}

function fieldsOf(shape: Extract<XmlShape, { kind: "object" | "any" }>): Fields {
  const declared = new Map<string, Slot>();
  if (shape.kind === "object") for (const [prop, p] of Object.entries(shape.properties)) declared.set(p.element, slot(prop, p.shape));
  return { declared, other: shape.kind === "object" ? (shape.additional ?? ANY) : shape, undeclared: new Map() };
}

function slot(prop: string, shape: XmlShape): Slot {
  const list = shape.kind === "array";
  return { prop, list, marker: shape.kind === "array" || shape.kind === "any" ? shape.marker : undefined, read: readerOf(list ? shape.items : shape) };
}

/**
 * The text of an element (its content from `pos`, through its end tag): text and CDATA joined,
 * comments and processing instructions left out, line ends made "\n" and references resolved. When
 * a child element comes first, undefined, with `pos` on it and the text before it in `sc.pending`.
 */
function textContent(sc: Scan, depth: number, tagStart: number, nameStart: number, nameEnd: number): string | undefined {
  const text = sc.text;
  let out = "";
  for (;;) {
    const lt = text.indexOf("<", sc.pos);
    if (lt === -1) throw sc.unclosed(depth);
    if (lt > sc.pos) out = out === "" ? text.slice(sc.pos, lt) : out + text.slice(sc.pos, lt);
    const c1 = text.charCodeAt(lt + 1);
    if (c1 === 47) {
      sc.endTag(lt, tagStart, nameStart, nameEnd);
      break;
    }
    if (c1 === 33 || c1 === 63) {
      sc.pos = lt;
      const cdata = sc.special(lt, depth);
      if (cdata !== undefined) out += cdata;
      continue;
    }
    sc.pos = lt;
    sc.pending = out;
    return undefined;
  }
  if (out.includes("\r")) out = out.replace(/\r\n?/g, "\n");
  return out.includes("&") ? out.replace(ENTITY, resolveEntity) : out;
}

/**
 * The child elements of an object (its content from `pos`, through its end tag) into `out`, by
 * property: a repeated element (or one with the array marker, or of a list shape) becomes an array,
 * in document order. White space between them is skipped, other text is a problem.
 */
function readFields(sc: Scan, fields: Fields, out: Record<string, unknown>, path: Path, depth: number, tagStart: number, nameStart: number, nameEnd: number): void {
  const text = sc.text;
  /** The properties made lists here (a list read from one element of a list shape is an array too, but not one to append to). */
  let lists: Set<string> | undefined;
  for (;;) {
    const lt = text.indexOf("<", sc.pos);
    if (lt === -1) throw sc.unclosed(depth);
    if (lt > sc.pos && !blank(text, sc.pos, lt)) unexpectedText(sc, text.slice(sc.pos, lt), path);
    const c1 = text.charCodeAt(lt + 1);
    if (c1 === 47) {
      sc.endTag(lt, tagStart, nameStart, nameEnd);
      return;
    }
    if (c1 === 33 || c1 === 63) {
      const cdata = sc.special(lt, depth);
      if (cdata !== undefined && cdata.trim() !== "") unexpectedText(sc, cdata, path);
      continue;
    }
    sc.startTag(lt, depth);
    const name = sc.name();
    const s = fields.declared.get(name) ?? undeclaredSlot(sc, fields, name);
    const prop = s.prop;
    path.push(prop);
    const marked = sc.attrCount > 0 && isMarked(sc, s.marker, path);
    const has = Object.prototype.hasOwnProperty.call(out, prop);
    const appending = has && lists?.has(prop) === true;
    const list = s.list || marked || has;
    if (list) path.push(appending ? (out[prop] as unknown[]).length : has ? 1 : 0);
    const v = s.read(sc, path, depth + 1, sc.selfClosing, lt, sc.nameStart, sc.nameEnd);
    if (list) path.pop();
    path.pop();
    if (appending) (out[prop] as unknown[]).push(v);
    else if (list) {
      set(out, prop, has ? [out[prop], v] : [v]);
      (lists ??= new Set()).add(prop);
    } else set(out, prop, v);
    if (sc.problem !== undefined) {
      // The value is not wanted any more: the rest is only checked.
      sc.skip(tagStart, nameStart, nameEnd, depth);
      return;
    }
  }
}

/** An own property even for "__proto__": never the object's prototype. */
function set(out: Record<string, unknown>, prop: string, value: unknown): void {
  if (prop === "__proto__") Object.defineProperty(out, prop, { value, enumerable: true, writable: true, configurable: true });
  else out[prop] = value;
}

/** The slot of an element the shape does not declare: named as it is, read by the shape's free-form part. */
function undeclaredSlot(sc: Scan, fields: Fields, name: string): Slot {
  let s = fields.undeclared.get(name);
  if (s === undefined) {
    sc.checkedName();
    s = slot(name, fields.other);
    // Names come from the document: only so many are kept.
    if (fields.undeclared.size < 1000) fields.undeclared.set(name, s);
  }
  return s;
}

/** Whether the tag just read carries the array marker; any other attribute (but xmlns) is a problem, not dropped. */
function isMarked(sc: Scan, marker: XmlArrayMarker | undefined, path: Path): boolean {
  let found = false;
  for (let k = 0; k < sc.attrCount * 2; k += 2) {
    const name = sc.attrs[k]!;
    const value = sc.attrs[k + 1]!;
    if (marker && name === marker.attribute && value.replace(/\r\n?/g, "\n") === marker.value) found = true;
    else if (name !== "xmlns" && !name.startsWith("xmlns:")) sc.fail(`unexpected attribute ${cut(name, MAX_QUOTE)}='${cut(value, MAX_QUOTE)}'`, path);
  }
  return found;
}

function unexpectedText(sc: Scan, t: string, path: Path): void {
  const trimmed = t.trim();
  sc.fail(`unexpected text "${trimmed.slice(0, 40)}${trimmed.length > 40 ? "…" : ""}" between elements`, path);
}

/** Whether text[from, to) is white space for JavaScript's trim (as it was once parsed). */
function blank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpace(text.charCodeAt(k))) return text.slice(k, to).trim() === "";
  return true;
}

/** Text going into the value, counted against maxTextLength. */
function counted(sc: Scan, text: string, path: Path): string {
  if ((sc.textLeft -= text.length) < 0) sc.fail(`the text is longer than ${sc.maxText} characters in all`, path);
  return text;
}

/** A scalar's text as the first of its types it can be read as (also the differential tests' oracle's reading). */
export function readScalar(text: string, types: readonly XmlScalar[]): unknown {
  for (const t of types) {
    if (t === "boolean" && (text === "true" || text === "false")) return text === "true";
    if (t === "integer" && /^-?[0-9]+$/.test(text)) return Number(text);
    if (t === "number" && /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(text)) return Number(text);
    if (t === "null" && text === "") return null;
    if (t === "string") return text;
  }
  return text; // not what the schema says: kept, for the validator to name
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** One of XML's five entities or a character reference (already checked to name an allowed character). */
function resolveEntity(_: string, named: string | undefined, dec: string | undefined, hex: string | undefined): string {
  if (named !== undefined) return NAMED[named]!;
  return String.fromCodePoint(dec !== undefined ? Number(dec) : parseInt(hex!, 16));
}
