import { XmlDecodeError } from "./errors/xml-decode-error.js";
import { readDocument } from "./xml-read.js";
import { cut, located, MAX_QUOTE } from "./xml-scan.js";
import { NOT_XML, XML_DECODE_LIMITS, type XmlBody, type XmlDecodeOptions } from "./xml-shape.js";

const DOCTYPE = /<!(?:DOCTYPE|ENTITY)/i;
/** A "&" that does not start one of XML's five entities or a character reference: an undeclared entity. */
const BAD_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;
/** Every character NOT_XML may refuse: controls, surrogates (lone or not), U+FFFE/FFFF. */
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const CHAR_REFERENCE = /&#([0-9]+);|&#x([0-9a-fA-F]+);/g;

/** The longest tag (name and attributes): refused before any is read, so that reading a tag costs little. */
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
  const { text, limits } = checkedDocument(input, options);
  return readDocument(text, body, limits.maxDepth, limits.maxTextLength);
}

/**
 * What is checked before anything is built: the size, DOCTYPE, characters and references, then the
 * limits, counted in one pass that allocates nothing per element, so that a refused document costs
 * about nothing beyond its own size. Gives the text, the limits in force and the outline (whose first
 * unclosed tag a well-formedness error can name). Also the differential tests' oracle's first step.
 */
export function checkedDocument(input: string | Uint8Array, options: XmlDecodeOptions = {}): { text: string; limits: Required<XmlDecodeOptions>; outline: Outline } {
  const limits = { ...XML_DECODE_LIMITS, ...defined(options) };
  const { maxBytes, maxDepth, maxElements } = limits;
  const text = typeof input === "string" ? input : utf8(input, maxBytes);
  if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text) > maxBytes)) {
    throw new XmlDecodeError(`the document is larger than ${maxBytes} bytes`);
  }
  const doctype = DOCTYPE.exec(text);
  if (doctype) throw located(text, doctype.index, "DOCTYPE and entity declarations are refused (no external or expanding entities)");
  // A character class alone first: NOT_XML's look-arounds for lone surrogates cost several times more per character.
  const raw = SUSPECT.test(text) ? NOT_XML.exec(text) : null;
  if (raw) throw located(text, raw.index, `the character U+${raw[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} is not allowed in XML 1.0`);
  const reference = BAD_REFERENCE.exec(text);
  if (reference) throw located(text, reference.index, "an entity that XML does not define (only &amp; &lt; &gt; &quot; &apos; and character references)");
  if (text.includes("&#")) {
    for (const m of text.matchAll(CHAR_REFERENCE)) {
      if (!allowedChar(m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16))) throw located(text, m.index, `the character reference ${m[0]} names a character XML 1.0 does not allow`);
    }
  }
  const o = outline(text, maxDepth, maxElements);
  if (o.unclosed && (o.tooDeep !== undefined || o.tooMany !== undefined)) throw unclosed(text, o.unclosed);
  if (o.tooDeep !== undefined) throw located(text, o.tooDeep, `elements are nested deeper than ${maxDepth} levels`);
  if (o.tooMany !== undefined) throw located(text, o.tooMany, `the document has more than ${maxElements} elements`);
  if (o.tooLong !== undefined) throw located(text, o.tooLong, `a tag is longer than ${MAX_TAG} characters (its name and attributes)`);
  return { text, limits, outline: o };
}

/** The options given, without the ones set to undefined (which would hide the defaults). */
function defined(options: XmlDecodeOptions): XmlDecodeOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** What one pass over the markup finds, allocating nothing per element. */
export interface Outline {
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
 * reader (xml-read.ts) does, once the counts are known to be bounded.
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
export function unclosed(text: string, first: { name: string; index: number; open: number }): XmlDecodeError {
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

function allowedChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}
