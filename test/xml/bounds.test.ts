import { GCProfiler, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";
import { XmlDecodeError } from "../../src/runtime/errors/xml-decode-error.js";
import { decodeXml, type XmlBody, type XmlDecodeOptions } from "../../src/runtime/xml.js";
import { xmlBody } from "./bodies.js";

// What decoding costs grows with the input, linearly, within limits: the element count, the depth and
// the length of tags are counted before the validator and the parser allocate anything per element;
// the text while the value is built; error messages quote at most a few hundred characters of the
// document. Costs are compared between two sizes in the same test (time ratios) or against the input
// size (heap growth), never as absolute timings.

const response = xmlBody("updateProfile", "response");
const request = xmlBody("updateProfile", "request");
const MB = 1024 * 1024;
/** The longest message an XmlDecodeError built from a document may have. */
const MAX_MESSAGE = 500;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** A string in one piece, as a document read from bytes is (a concatenation is flattened on first use). */
function flat(s: string): string {
  /\u0001/.test(s);
  return s;
}

/** What `f` costs: its time, and how far the heap grew above where it started (the highest point before any collection during `f`, or at its end). */
function cost(f: () => void): { ms: number; heap: number } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const profiler = new GCProfiler();
  profiler.start();
  const start = performance.now();
  f();
  const ms = performance.now() - start;
  const after = process.memoryUsage().heapUsed;
  const collections = profiler.stop()?.statistics ?? [];
  const highest = Math.max(after, ...collections.map((c) => c.beforeGC.heapStatistics.usedHeapSize));
  return { ms, heap: highest - before };
}

/** The XmlDecodeError decodeXml throws (any other outcome fails the test). */
function refusal(input: string, body: XmlBody = response, options?: XmlDecodeOptions): XmlDecodeError {
  try {
    decodeXml(input, body, options);
  } catch (e) {
    if (e instanceof XmlDecodeError) return e;
    throw e;
  }
  return expect.fail("expected an XmlDecodeError");
}

/** Time of `f` on the larger input over its time on the smaller one: the best of three runs each, taken in turn after a warm-up (other processes share the CPU). */
function timeRatio(small: string, large: string, f: (text: string) => void): number {
  f(small);
  let [a, b] = [Infinity, Infinity];
  for (let run = 0; run < 3; run++) {
    a = Math.min(a, cost(() => f(small)).ms);
    b = Math.min(b, cost(() => f(large)).ms);
  }
  return b / a;
}

/** Decodes `text`, expecting a refusal. */
const refuse =
  (options?: XmlDecodeOptions) =>
  (text: string): void => {
    refusal(text, response, options);
  };

// ------------------------------------------------------------------ unclosed tags

describe("unclosed tags", () => {
  const unclosed = (bytes: number): string => flat(`<?xml version="1.0"?>\n  <xml>\n${"<profile>".repeat(Math.floor(bytes / 9))}`);

  test("a 10 MB document of unclosed tags: one short message naming the first unclosed tag, its line and column", () => {
    const text = unclosed(10 * MB);
    let e: XmlDecodeError | undefined;
    const { heap } = cost(() => (e = refusal(text)));
    expect(e!.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(e!.reason).toMatch(/^unclosed tag 'xml' \(and 1165084 more opened inside it are never closed\)$/);
    expect([e!.line, e!.column]).toEqual([2, 3]);
    expect(e!.message).toMatch(/^Cannot read the XML at line 2, column 3: unclosed tag 'xml'/);
    // Before: a 16-million-character message listing every open tag, 200 MB of heap.
    expect(heap).toBeLessThan(text.length);
  });

  test("the cost grows linearly: 1 MB and 4 MB of unclosed tags", () => {
    expect(timeRatio(unclosed(MB), unclosed(4 * MB), refuse())).toBeLessThan(8);
  });

  test.each([
    ["one unclosed root", "<xml><error>0</error>", "unclosed tag 'xml'", [1, 1]],
    ["the root and a child", "<xml>\n  <error>0</error>\n  <data>", "unclosed tag 'xml' (and 1 more opened inside it are never closed)", [1, 1]],
    ["after a declaration and a comment", "<?xml version='1.0'?>\n<!-- <a> -->\n<xml><error_text><![CDATA[<b>]]>", "unclosed tag 'xml' (and 1 more opened inside it are never closed)", [3, 1]],
  ])("%s: the first unclosed tag, where it opens", (_name, text, reason, place) => {
    const e = refusal(text);
    expect(e.reason).toBe(reason);
    expect([e.line, e.column]).toEqual(place);
  });

  test("a closing tag that meets another open tag is still the validator's error, at that tag", () => {
    const e = refusal("<xml>\n<error>0</error>\n<error_text>ok\n</xml>");
    expect(e.reason).toMatch(/closing tag 'error_text'/);
    expect(e.line).toBe(4);
  });
});

// ------------------------------------------------------------------ messages quote little of the document

describe("messages built from the document's text are bounded", () => {
  const long = (ch: string): string => ch.repeat(9_000); // under the 10,000-character tag limit

  test.each([
    ["a long name in a closing tag that does not match", `<xml><${long("a")}>x</${long("b")}></xml>`, /^Expected closing tag 'a{99}…' \(opened in line 1, col 6\) instead of closing tag 'b{99}…'$/],
    ["a long invalid name", `<xml><1${long("a")}>x</1${long("a")}></xml>`, /^Tag '1a{98}…' is an invalid name$/],
    ["a long unexpected attribute", `<xml><error code='${long("1")}'>0</error></xml>`, /unexpected attribute code='1{99}…'/],
    ["a long attribute name", `<xml><error ${long("c")}='1'>0</error></xml>`, /unexpected attribute c{99}…='1'/],
    ["a long root name", `<${long("r")}>0</${long("r")}>`, /expected the root element <xml>, found <r{99}…>/],
    ["a long unclosed name", `<${long("r")}><error>0</error>`, /unclosed tag 'r{99}…'/],
    ["long names in the path", `<xml><${long("p")}><${long("q")} code='1'>x</${long("q")}></${long("p")}></xml>`, /unexpected attribute/],
    ["long text between elements", `<xml><error>0</error>${long("t")}<error_text>x</error_text></xml>`, /unexpected text "t{40}/],
  ])("%s", (_name, text, reason) => {
    const e = refusal(text);
    expect(e.reason).toMatch(reason);
    expect(e.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
    if (e.path !== undefined) expect(e.path.length).toBeLessThanOrEqual(150);
  });

  test("a tag over 10,000 characters (a 10 MB attribute) is refused before the validator copies it, at its place", () => {
    const text = flat(`<xml>\n<error code='${"1".repeat(10 * MB)}'>0</error></xml>`);
    let e: XmlDecodeError | undefined;
    const { heap } = cost(() => (e = refusal(text)));
    expect(e!.reason).toBe("a tag is longer than 10000 characters (its name and attributes)");
    expect([e!.line, e!.column]).toEqual([2, 1]);
    // Before: the validator built the 10 MB value a character at a time, about 35 bytes each.
    expect(heap).toBeLessThan(text.length);
  });
});

// ------------------------------------------------------------------ element count and depth

describe("the element count and the depth are known before parsing", () => {
  const repeated = (bytes: number): string => flat(`<xml>${"<a>1</a>".repeat(Math.floor(bytes / 8))}</xml>`);

  test("12 MB of repeated elements (1.5 million) is refused by the default maxElements, at the element past it, costing less heap than its own size", () => {
    const text = repeated(12 * MB);
    let e: XmlDecodeError | undefined;
    const { heap } = cost(() => (e = refusal(text)));
    expect(e!.reason).toBe("the document has more than 1000000 elements");
    expect([e!.line, e!.column]).toEqual([1, 1 + "<xml>".length + 999_999 * "<a>1</a>".length]);
    // Before: decoded, the heap grew by 630 MB (53 times the input) on the way.
    expect(heap).toBeLessThan(text.length);
  });

  test("refusing by the count grows linearly: 1 MB and 4 MB, both over maxElements", () => {
    expect(timeRatio(repeated(MB), repeated(4 * MB), refuse({ maxElements: 1000 }))).toBeLessThan(8);
  });

  test("maxElements counts start tags, self-closing ones too, not markup in comments or CDATA", () => {
    const doc = (n: number): string => `<xml>${"<extra/>".repeat(n - 1)}</xml>`;
    expect(decodeXml(doc(1000), response, { maxElements: 1000 })).toMatchObject({ extra: expect.any(Array) });
    expect(refusal(doc(1001), response, { maxElements: 1000 }).reason).toBe("the document has more than 1000 elements");
    const hidden = "<xml><!-- <a><b> --><error_text><![CDATA[<c><d>]]></error_text><?pi <e>?></xml>";
    expect(decodeXml(hidden, response, { maxElements: 2 })).toEqual({ error_text: "<c><d>" });
    expect(refusal(hidden, response, { maxElements: 1 }).reason).toBe("the document has more than 1 elements");
  });

  test("a '>' or '<' inside an attribute value does not end or start a tag", () => {
    expect(decodeXml("<xml xmlns:x='a>b'><error>0</error></xml>", response, { maxElements: 2 })).toEqual({ error: 0 });
    expect(decodeXml("<xml xmlns:x='<a/><b/>'><error>0</error></xml>", response, { maxElements: 2 })).toEqual({ error: 0 });
  });

  test("a 12 MB document nested 1.8 million deep is refused at the first element too deep, before the validator keeps a stack of them", () => {
    const levels = Math.floor((12 * MB) / 7);
    const text = flat(`<xml>${"<a>".repeat(levels)}${"</a>".repeat(levels)}</xml>`);
    let e: XmlDecodeError | undefined;
    const { heap } = cost(() => (e = refusal(text)));
    expect(e!.reason).toBe("elements are nested deeper than 64 levels");
    expect([e!.line, e!.column]).toEqual([1, 1 + "<xml>".length + 63 * "<a>".length]);
    expect(heap).toBeLessThan(text.length);
  });
});

// ------------------------------------------------------------------ decoded text

describe("maxTextLength: the text the value holds, entities resolved", () => {
  const answer = (text: string): string => `<xml><error>0</error><error_text>${text}</error_text></xml>`;

  test("counted as decoded: 100 characters read, 101 refused with the path, 100 &amp; (500 written) read", () => {
    // "0" of <error> is one character of text as well.
    expect(decodeXml(answer("a".repeat(99)), response, { maxTextLength: 100 })).toMatchObject({ error: 0 });
    const e = refusal(answer("a".repeat(100)), response, { maxTextLength: 100 });
    expect(e.reason).toBe("the text is longer than 100 characters in all");
    expect(e.path).toBe("/error_text");
    expect(decodeXml(answer("&amp;".repeat(99)), response, { maxTextLength: 100 })).toEqual({ error: 0, error_text: "&".repeat(99) });
  });

  test("summed over the whole value: the element where the total passes the limit is named", () => {
    const text = `<xml><db_id>1</db_id><data><_fname>${"a".repeat(50)}</_fname><extra><note>${"b".repeat(50)}</note></extra></data></xml>`;
    expect(decodeXml(text, request, { maxTextLength: 101 })).toBeDefined();
    expect(refusal(text, request, { maxTextLength: 100 }).path).toBe("/data/extra/note");
  });

  test("options set to undefined keep their defaults", () => {
    const unset = { maxTextLength: undefined, maxElements: undefined, maxDepth: undefined, maxBytes: undefined } as unknown as XmlDecodeOptions;
    expect(decodeXml(answer("ok"), response, unset)).toEqual({ error: 0, error_text: "ok" });
  });
});

// ------------------------------------------------------------------ documents that are read

describe("documents within the limits are read at a cost linear in their size", () => {
  const phones = (bytes: number): string => {
    const item = "<phones>+79000000000</phones>";
    return flat(`<xml><db_id>1</db_id><email>a@example.com</email><data>${item.replace("<phones>", "<phones array='true'>")}${item.repeat(Math.floor(bytes / item.length))}</data></xml>`);
  };
  const read = (text: string): void => void decodeXml(text, request);

  test("0.25 MB and 1 MB of list items: the time ratio stays under 8, the heap grows by less than 40 times the input", () => {
    expect(timeRatio(phones(MB / 4), phones(MB), read)).toBeLessThan(8);
    // Today about 17 times the input: fast-xml-parser's tree, about 300 bytes per element.
    const text = phones(MB);
    expect(cost(() => read(text)).heap).toBeLessThan(40 * text.length);
  });
});
