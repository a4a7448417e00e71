import { XmlDecodeError } from "./errors/xml-decode-error.js";
import { pointerOf } from "./pointer.js";

/**
 * The markup of a document, read in one pass with indexOf and charCodeAt: start and end tags (with
 * their attributes), comments, CDATA sections and processing instructions, each checked to be
 * well-formed where it is met. A malformed document is an XmlDecodeError with line and column,
 * worded as fast-xml-parser's validator words it (the decoder used it before this scanner).
 * What the value is made of (xml-read.ts) asks the scanner for one piece at a time; a problem with
 * the value found on the way is kept (the first one) and thrown only once the whole document is
 * known to be well-formed, so that a cut or mismatched document is always refused as malformed.
 */
export class Scan {
  pos = 0;
  /** The last start tag read: where it and its name start and end, and whether it closed itself. */
  tagStart = 0;
  nameStart = 0;
  nameEnd = 0;
  selfClosing = false;
  /** Its attributes, as name, value, name, value… (the first `attrCount` pairs). */
  readonly attrs: string[] = [];
  attrCount = 0;
  /** The first problem with the value (not with the markup): thrown when the document ends well-formed. */
  problem: XmlDecodeError | undefined = undefined;
  /** Where the root element starts, and its name: an unclosed document names it. */
  rootStart = 0;
  rootName = "";
  /** Whether the root element has not started yet. */
  prolog = true;
  /** The text an element held before its first child element (textContent in xml-read.ts). */
  pending = "";

  constructor(
    readonly text: string,
    readonly maxDepth: number,
    /** Characters of text the value may still take, and the limit they count down from. */
    public textLeft: number,
    readonly maxText: number,
  ) {}

  // ---------------------------------------------------------------- errors

  located(index: number, reason: string): XmlDecodeError {
    return located(this.text, index, reason);
  }

  /** The document ends with `open` elements still open: the outermost one, where it opens, and how many. */
  unclosed(open: number): XmlDecodeError {
    const more = open > 1 ? ` (and ${open - 1} more opened inside it are never closed)` : "";
    return this.located(this.rootStart, `unclosed tag '${cut(this.rootName, MAX_QUOTE)}'${more}`);
  }

  /** Keeps the first problem with the value; the markup is still read to its end. */
  fail(reason: string, path: readonly (string | number)[] | undefined): void {
    this.problem ??= new XmlDecodeError(reason, undefined, undefined, path === undefined ? undefined : at(path));
  }

  // ---------------------------------------------------------------- tags

  /** Reads the start tag at `lt` (a "<" followed by neither "/", "!" nor "?"), leaving `pos` after its ">". */
  startTag(lt: number, open: number): void {
    const text = this.text;
    const len = text.length;
    let i = lt + 1;
    for (let c = text.charCodeAt(i); i < len && c !== 62 && c !== 32 && c !== 9 && c !== 10 && c !== 13; c = text.charCodeAt(++i));
    this.tagStart = lt;
    this.nameStart = lt + 1;
    this.attrCount = 0;
    if (open === 0) {
      this.rootStart = lt;
      this.rootName = text.slice(lt + 1, i);
    }
    if (i >= len) throw this.unclosed(open + 1);
    if (i === lt + 1) throw this.located(i, "Invalid space after '<'");
    if (text.charCodeAt(i) === 62) {
      // The common case: <name> or <name/>, no attributes.
      const self = text.charCodeAt(i - 1) === 47 && i - 1 > lt + 1;
      this.nameEnd = self ? i - 1 : i;
      this.selfClosing = self;
      this.pos = i + 1;
      return;
    }
    this.nameEnd = text.charCodeAt(i - 1) === 47 ? i - 1 : i;
    this.attributes(this.nameEnd, open);
  }

  /** The name of the tag just read. */
  name(): string {
    return this.text.slice(this.nameStart, this.nameEnd);
  }

  /** Refuses the name of the tag just read unless it is an XML name; returns it. */
  checkedName(): string {
    const name = this.name();
    if (!XML_NAME.test(name)) throw this.located(this.nameEnd, name.trim() === "" ? "Invalid space after '<'" : `Tag '${name}' is an invalid name`);
    return name;
  }

  /**
   * The attributes of the start tag whose name ends at `from`, up to its ">" (the first outside
   * quotes), checked as the validator did: a space before each, a quoted value, a valid name, none repeated.
   */
  private attributes(from: number, open: number): void {
    const text = this.text;
    const len = text.length;
    let end = from;
    for (let quote = 0; end < len; end++) {
      const c = text.charCodeAt(end);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62) break;
    }
    if (end >= len) {
      let quotes = 0;
      for (let k = from; k < len; k++) if (text.charCodeAt(k) === 34 || text.charCodeAt(k) === 39) quotes++;
      if (quotes > 0) throw this.located(len, `Attributes for '${this.name()}' have open quote`);
      throw this.unclosed(open + 1);
    }
    this.selfClosing = text.charCodeAt(end - 1) === 47;
    this.pos = end + 1;
    const stop = this.selfClosing ? end - 1 : end;
    const attrs = this.attrs;
    let n = 0;
    let seen: Set<string> | undefined;
    let i = from;
    while (true) {
      const spaceStart = i;
      while (i < stop && isSpace(text.charCodeAt(i))) i++;
      if (i >= stop) break;
      const nameStart = i;
      while (i < stop && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== 61) i++;
      const name = text.slice(nameStart, i);
      if (nameStart === spaceStart) throw this.located(nameStart, `Attribute '${name}' has no space in starting`);
      while (i < stop && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 61 || i >= stop) throw this.located(nameStart, `boolean attribute '${name}' is not allowed`);
      i++;
      while (i < stop && isSpace(text.charCodeAt(i))) i++;
      const quote = text.charCodeAt(i);
      const close = quote === 34 || quote === 39 ? text.indexOf(quote === 34 ? '"' : "'", i + 1) : -1;
      if (close === -1 || close >= stop) throw this.located(nameStart, `Attribute '${name}' is without value`);
      if (!XML_NAME.test(name)) throw this.located(nameStart, `Attribute '${name}' is an invalid name`);
      // A set once there are many, so that a tag of thousands of attributes costs no more than its length.
      if (n === 16) seen = new Set(attrs.slice(0, n).filter((_, k) => k % 2 === 0));
      let repeated = seen?.has(name) ?? false;
      for (let k = 0; seen === undefined && k < n; k += 2) if (attrs[k] === name) repeated = true;
      if (repeated) throw this.located(nameStart, `Attribute '${name}' is repeated`);
      seen?.add(name);
      attrs[n++] = name;
      attrs[n++] = text.slice(i + 1, close);
      i = close + 1;
    }
    this.attrCount = n >> 1;
  }

  /**
   * Reads the end tag at `lt` ("</"), which must close the element whose start tag is at `tagStart`
   * (its name at [nameStart, nameEnd)); leaves `pos` after its ">".
   */
  endTag(lt: number, tagStart: number, nameStart: number, nameEnd: number): void {
    const text = this.text;
    const len = text.length;
    const n = nameEnd - nameStart;
    const after = lt + 2 + n;
    // The common case: the same name, then ">".
    if (text.charCodeAt(after) === 62) {
      let k = 0;
      while (k < n && text.charCodeAt(nameStart + k) === text.charCodeAt(lt + 2 + k)) k++;
      if (k === n) {
        this.pos = after + 1;
        return;
      }
    }
    let i = lt + 2;
    for (let c = text.charCodeAt(i); i < len && c !== 62 && c !== 32 && c !== 9 && c !== 10 && c !== 13; c = text.charCodeAt(++i));
    const name = text.slice(lt + 2, i);
    if (!XML_NAME.test(name)) throw this.located(i, name.trim() === "" ? "Invalid space after '<'" : `Tag '${name}' is an invalid name`);
    while (i < len && isSpace(text.charCodeAt(i))) i++;
    if (i >= len) throw this.located(i, `Closing tag '${name}' doesn't have proper closing`);
    if (text.charCodeAt(i) !== 62) throw this.located(lt, `Closing tag '${name}' can't have attributes or invalid starting`);
    if (name !== text.slice(nameStart, nameEnd)) {
      const opened = this.located(tagStart, "");
      throw this.located(lt, `Expected closing tag '${text.slice(nameStart, nameEnd)}' (opened in line ${opened.line}, col ${opened.column}) instead of closing tag '${name}'`);
    }
    this.pos = i + 1;
  }

  // ---------------------------------------------------------------- what is not an element

  /**
   * Skips the comment or processing instruction at `lt`, or reads the CDATA section there; leaves
   * `pos` after it. Returns the CDATA's text, "" for the others. `open`: elements open, for the
   * error when the document ends inside it.
   */
  special(lt: number, open: number): string | undefined {
    const text = this.text;
    const c1 = text.charCodeAt(lt + 1);
    if (c1 === 63 /* ? */) {
      // Before the root, the XML declaration only at the very start (after a byte order mark); the
      // validator let one inside or after the root pass, and so does this.
      if (this.prolog && text.startsWith("xml", lt + 2) && (isSpace(text.charCodeAt(lt + 5)) || text.charCodeAt(lt + 5) === 63) && lt > (text.charCodeAt(0) === 0xfeff ? 1 : 0)) {
        throw this.located(lt + 5, "XML declaration allowed only at the start of the document");
      }
      const end = this.past(lt, "?>", lt + 2, open, "Pi Tag");
      // The validator ended it at the first "?>", the parser at the first outside quotes: both must agree.
      for (let k = lt + 2, quote = 0; k < end; k++) {
        const c = text.charCodeAt(k);
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === 34 || c === 39) quote = c;
        if (k === end - 1 && quote !== 0) throw this.located(lt, "Pi Tag is not closed");
      }
      return undefined;
    }
    if (text.startsWith("<!--", lt)) {
      this.past(lt, "-->", lt + 4, open, "Comment");
      return undefined;
    }
    if (text.startsWith("<![CDATA[", lt)) return text.slice(lt + 9, this.past(lt, "]]>", lt + 9, open, "CDATA"));
    throw this.located(lt + 1, "char '!' is not expected");
  }

  /** Moves `pos` past the `close` that ends what starts at `lt` (searched from `from`); returns where `close` starts. */
  private past(lt: number, close: string, from: number, open: number, what: string): number {
    const end = this.text.indexOf(close, from);
    if (end === -1) throw open > 0 ? this.unclosed(open) : this.located(lt, `${what} is not closed`);
    this.pos = end + close.length;
    return end;
  }

  /**
   * Reads to the end tag of the element whose start tag was at `tagStart` (content starting at
   * `pos`), checking the markup but building nothing: what follows a problem with the value.
   */
  skip(tagStart: number, nameStart: number, nameEnd: number, open: number): void {
    const text = this.text;
    // The elements open inside it: start tag, name start, name end, three numbers each.
    const stack = [tagStart, nameStart, nameEnd];
    while (stack.length > 0) {
      const lt = text.indexOf("<", this.pos);
      if (lt === -1) throw this.unclosed(open + stack.length / 3 - 1);
      const c1 = text.charCodeAt(lt + 1);
      if (c1 === 47) {
        const k = stack.length - 3;
        this.endTag(lt, stack[k]!, stack[k + 1]!, stack[k + 2]!);
        stack.length = k;
      } else if (c1 === 33 || c1 === 63) this.special(lt, open + stack.length / 3 - 1);
      else {
        this.startTag(lt, open + stack.length / 3 - 1);
        this.checkedName();
        if (!this.selfClosing) stack.push(this.tagStart, this.nameStart, this.nameEnd);
      }
    }
  }
}

/** An error at the character `index`: its line and column (1-based), counted without copying the text. */
export function located(text: string, index: number, reason: string): XmlDecodeError {
  let line = 1;
  let lineStart = 0;
  for (let n = text.indexOf("\n"); n !== -1 && n < index; n = text.indexOf("\n", n + 1)) {
    line++;
    lineStart = n + 1;
  }
  return new XmlDecodeError(cut(quotesCut(reason), MAX_REASON), line, index - lineStart + 1);
}

/** XML white space, as the validator knows it. */
export const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;

/** An element or attribute name as fast-xml-parser's validator accepted it (XML 1.0 Name, ":" allowed). */
const START = ":A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD";
const XML_NAME = new RegExp(`^[${START}][${START}\\-.\\d\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);

/**
 * The longest reason and JSON Pointer an error carries when they are built from the document's text
 * (names, values): with them, no XmlDecodeError message passes 500 characters.
 */
export const MAX_REASON = 300;
const MAX_PATH = 150;
/** How much of a name or value a reason quotes. */
export const MAX_QUOTE = 100;

/** `text` cut to `max` characters, "…" marking the cut (a surrogate pair is never split). */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + "…";
}

/** A message with each name or value it quotes ('…') cut, so the rest of the sentence stays. */
function quotesCut(message: string): string {
  return message.replace(/'([^']{100,})'/g, (_, quoted: string) => `'${cut(quoted, MAX_QUOTE)}'`);
}

/** The JSON Pointer of an element, cut (names can be long). */
export const at = (path: readonly (string | number)[]): string => cut(pointerOf(path), MAX_PATH);
