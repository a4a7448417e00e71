import { afterAll, afterEach, describe, expect, test } from "vitest";
import { XmlDecodeError } from "../../src/runtime/errors/xml-decode-error.js";
import { XmlEncodeError } from "../../src/runtime/errors/xml-encode-error.js";
import { decodeXml, encodeXml, type XmlBody, type XmlDecodeOptions } from "../../src/runtime/xml.js";
import { expectSame } from "../helpers/xml-canonical.js";
import { xmlBody } from "./bodies.js";

// Hostile and malformed XML is refused with XmlDecodeError (and the right reason), values XML
// cannot carry with XmlEncodeError (and the right path); nothing reaches the prototypes.

const request = xmlBody("updateProfile", "request");
const response = xmlBody("updateProfile", "response");

// ------------------------------------------------------------------ prototypes stay as they were

const snapshot = (o: object): Map<string | symbol, unknown> => new Map(Reflect.ownKeys(o).map((k) => [k, Object.getOwnPropertyDescriptor(o, k)?.value]));
const objectBefore = snapshot(Object.prototype);
const arrayBefore = snapshot(Array.prototype);
const objectNames = Object.getOwnPropertyNames(Object.prototype);
const arrayNames = Object.getOwnPropertyNames(Array.prototype);

function expectPrototypesUnchanged(): void {
  expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(objectNames);
  expect(Object.getOwnPropertyNames(Array.prototype)).toEqual(arrayNames);
  for (const [proto, before] of [
    [Object.prototype, objectBefore],
    [Array.prototype, arrayBefore],
  ] as const) {
    const now = snapshot(proto);
    expect([...now.keys()]).toEqual([...before.keys()]);
    for (const [k, v] of before) expect(Object.is(now.get(k), v), `${String(k)} replaced`).toBe(true);
  }
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>)["polluted"]).toBeUndefined();
  expect("polluted" in {}).toBe(false);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

afterEach(expectPrototypesUnchanged);
afterAll(expectPrototypesUnchanged);

// ------------------------------------------------------------------ helpers

/** The XmlDecodeError decodeXml throws (any other outcome fails the test). */
function refusal(input: string | Uint8Array, body: XmlBody = response, options?: XmlDecodeOptions): XmlDecodeError {
  let result: unknown;
  try {
    result = decodeXml(input, body, options);
  } catch (e) {
    if (e instanceof XmlDecodeError) return e;
    throw new Error(`expected an XmlDecodeError, got ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`);
  }
  return expect.fail(`expected an XmlDecodeError, decoded ${JSON.stringify(result)?.slice(0, 200)}`);
}

/** The XmlEncodeError encodeXml throws. */
function encodeRefusal(value: unknown, body: XmlBody = request): XmlEncodeError {
  try {
    encodeXml(value, body);
  } catch (e) {
    if (e instanceof XmlEncodeError) return e;
    throw e;
  }
  return expect.fail(`expected an XmlEncodeError for ${JSON.stringify(value)}`);
}

/** Line and column (1-based) of `needle`'s first occurrence. */
function placeOf(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`${needle} not in the text`);
  const before = text.slice(0, index);
  return { line: before.split("\n").length, column: index - before.lastIndexOf("\n") };
}

/** The error is located on `needle`'s first occurrence: its line, a column within it. */
function expectAt(e: XmlDecodeError, text: string, needle: string): void {
  const { line, column } = placeOf(text, needle);
  expect(e.line, `line of ${needle}`).toBe(line);
  expect(e.column, `column within ${needle}`).toBeGreaterThanOrEqual(column);
  expect(e.column, `column within ${needle}`).toBeLessThanOrEqual(column + needle.length);
}

/** `levels` levels of elements, the root <xml> being level 1. */
const nested = (levels: number): string => `<xml>${"<a>".repeat(levels - 1)}x${"</a>".repeat(levels - 1)}</xml>`;

// ------------------------------------------------------------------ entities and DTDs

describe("entities and DTDs", () => {
  test("billion laughs (a DOCTYPE with nested entities) is refused at the DOCTYPE, before any expansion", () => {
    const levels = Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`);
    const text = `<?xml version="1.0"?>\n<!DOCTYPE xml [\n  <!ENTITY lol "lol">\n${levels.join("\n")}\n]>\n<xml><error>0</error><error_text>&lol9;</error_text></xml>`;
    const e = refusal(text);
    expect(e.reason).toMatch(/DOCTYPE/);
    expect({ line: e.line, column: e.column }).toEqual(placeOf(text, "<!DOCTYPE"));
  });

  test.each([
    ["an external entity", `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><error_text>&e;</error_text></xml>`],
    ["an external parameter entity", `<!DOCTYPE x [<!ENTITY % p SYSTEM "http://example.invalid/evil.dtd"> %p;]><xml><error>0</error></xml>`],
    ["an external DTD", `<!DOCTYPE xml PUBLIC "-//EVIL//DTD x//EN" "http://example.invalid/evil.dtd"><xml><error>0</error></xml>`],
    ["a lower-case doctype after a comment", `<?xml version="1.0"?>\n<!-- hi -->\n<!doctype xml [<!ENTITY e "x">]><xml><error_text>&e;</error_text></xml>`],
    ["an internal entity", `<!DOCTYPE xml [<!ENTITY e "expanded">]><xml><error_text>&e;</error_text></xml>`],
  ])("%s is refused (no DOCTYPE, no entity declaration)", (_name, text) => {
    const e = refusal(text);
    expect(e.reason).toMatch(/DOCTYPE and entity declarations are refused/);
    expect({ line: e.line, column: e.column }).toEqual(placeOf(text, text.includes("<!doctype") ? "<!doctype" : "<!DOCTYPE"));
  });

  test.each([
    ["an undeclared entity", "<xml><error>0</error><error_text>&e;</error_text></xml>", "&e;"],
    ["an HTML entity", "<xml><error>0</error><error_text>caf&eacute;</error_text></xml>", "&eacute;"],
    ["a bare ampersand", "<xml><error>0</error>\n<error_text>a & b</error_text></xml>", "& b"],
  ])("%s is refused with its line and column", (_name, text, at) => {
    const e = refusal(text);
    expect(e.reason).toMatch(/entity/);
    expect({ line: e.line, column: e.column }).toEqual(placeOf(text, at));
  });

  test("XML's own entities and character references are read", () => {
    expect(decodeXml("<xml><error>0</error><error_text>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;</error_text></xml>", response)).toEqual({ error: 0, error_text: `<>&"'AB😀` });
  });

  test.each([
    ["&#0;", "NUL"],
    ["&#1;", "a control character"],
    ["&#xD800;", "a lone surrogate"],
    ["&#xFFFE;", "a non-character"],
    ["&#x110000;", "beyond Unicode"],
    ["&#99999999999;", "far beyond Unicode"],
  ])("a character reference to what XML 1.0 cannot hold (%s, %s) is refused", (ref) => {
    const e = refusal(`<xml><error>0</error><error_text>a${ref}b</error_text></xml>`);
    expect(e.reason).toMatch(/charac/i);
  });

  test("a raw character XML 1.0 cannot hold (U+0001 in the text) is refused", () => {
    const e = refusal("<xml><error>0</error><error_text>a\u0001b</error_text></xml>");
    expect(e.reason).toMatch(/charac/i);
  });
});

// ------------------------------------------------------------------ size and depth

describe("size and depth", () => {
  test("10,000-deep nesting is refused", () => {
    const e = refusal(nested(10_000));
    expect(e.reason).toMatch(/nested deeper than 64 levels/);
  });

  test("the default maxDepth (64): 64 levels are read, 65 refused", () => {
    expect(decodeXml(nested(64), response)).toBeTypeOf("object");
    expect(refusal(nested(65)).reason).toMatch(/nested deeper than 64 levels/);
  });

  test("a custom maxDepth: 3 levels read and 4 refused at maxDepth 3; 150 levels read at maxDepth 200", () => {
    expect(decodeXml(nested(3), response, { maxDepth: 3 })).toEqual({ a: { a: "x" } });
    expect(refusal(nested(4), response, { maxDepth: 3 }).reason).toMatch(/nested deeper than 3 levels/);
    expect(decodeXml(nested(150), response, { maxDepth: 200 })).toBeTypeOf("object");
    expect(refusal(nested(201), response, { maxDepth: 200 }).reason).toMatch(/nested deeper than 200 levels/);
  });

  test("a 100 MB document is refused by its size, before it is parsed (as a string and as bytes)", () => {
    const huge = `<xml><error>0</error><error_text>${"a".repeat(100 * 1024 * 1024)}</error_text></xml>`;
    expect(refusal(huge).reason).toMatch(/larger than 16777216 bytes/);
    // Malformed as well: the size is what it is refused for, so the parser never saw it.
    expect(refusal(huge.slice(0, -6)).reason).toMatch(/larger than 16777216 bytes/);
    expect(refusal(Buffer.from(huge, "latin1")).reason).toMatch(/larger than 16777216 bytes/);
  });

  test("maxBytes counts UTF-8 bytes, not characters", () => {
    const doc = (n: number, ch: string): string => `<xml><error>0</error><error_text>${ch.repeat(n)}</error_text></xml>`;
    const overhead = doc(0, "").length;
    expect(decodeXml(doc(1000 - overhead, "a"), response, { maxBytes: 1000 })).toMatchObject({ error: 0 });
    expect(refusal(doc(1001 - overhead, "a"), response, { maxBytes: 1000 }).reason).toMatch(/larger than 1000 bytes/);
    // 500 "é": under 1000 characters, over 1000 UTF-8 bytes (2 each); 300 emoji: 4 bytes each.
    expect(doc(500, "é").length).toBeLessThan(1000);
    expect(refusal(doc(500, "é"), response, { maxBytes: 1000 }).reason).toMatch(/larger than 1000 bytes/);
    expect(refusal(doc(300, "😀"), response, { maxBytes: 1000 }).reason).toMatch(/larger than 1000 bytes/);
    expect(refusal(new TextEncoder().encode(doc(500, "é")), response, { maxBytes: 1000 }).reason).toMatch(/larger than 1000 bytes/);
    expect(decodeXml(doc(400, "é"), response, { maxBytes: 1000 })).toMatchObject({ error: 0 });
  });
});

// ------------------------------------------------------------------ __proto__, constructor, prototype

describe("element names that are Object.prototype's", () => {
  const isOwn = (o: unknown, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

  test("<__proto__>, <constructor>, <prototype> at the root's child level become own properties", () => {
    const text =
      "<xml><error>0</error><error_text>ok</error_text>" +
      "<__proto__><polluted>yes</polluted><error>1</error></__proto__>" +
      "<constructor><prototype><polluted>yes</polluted></prototype></constructor>" +
      "<prototype><polluted>yes</polluted></prototype>" +
      "</xml>";
    const v = decodeXml(text, response) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(["error", "error_text", "__proto__", "constructor", "prototype"]);
    for (const k of ["__proto__", "constructor", "prototype"]) expect(isOwn(v, k), k).toBe(true);
    expect(Object.getOwnPropertyDescriptor(v, "__proto__")?.value).toEqual({ polluted: "yes", error: "1" });
    expect(Object.getPrototypeOf(Object.getOwnPropertyDescriptor(v, "__proto__")?.value)).toBe(Object.prototype);
    expect(v["constructor"]).toEqual({ prototype: { polluted: "yes" } });
    expect(v["prototype"]).toEqual({ polluted: "yes" });
    expect(v["polluted"]).toBeUndefined();
    expect(v["error"]).toBe(0);
  });

  test("…and nested: in profile data, in a subscription's custom_fields, repeated, marked as a list", () => {
    const text =
      "<xml><db_id>1</db_id><email>a@example.com</email><data>" +
      "<__proto__><polluted>yes</polluted></__proto__>" +
      "<constructor><prototype><polluted>yes</polluted></prototype></constructor>" +
      "<subscriptions array='true'><channel>email</channel><email>a@example.com</email><custom_fields>" +
      "<__proto__ array='true'>a</__proto__><__proto__>b</__proto__><prototype><__proto__><polluted>yes</polluted></__proto__></prototype>" +
      "</custom_fields></subscriptions>" +
      "</data></xml>";
    const v = decodeXml(text, request) as { data: Record<string, unknown> & { subscriptions: Record<string, Record<string, unknown>>[] } };
    const data = v.data;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(isOwn(data, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(data, "__proto__")?.value).toEqual({ polluted: "yes" });
    expect(data["constructor"]).toEqual({ prototype: { polluted: "yes" } });
    const custom = data.subscriptions[0]!["custom_fields"]!;
    expect(Object.getPrototypeOf(custom)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(custom, "__proto__")?.value).toEqual(["a", "b"]);
    const proto = custom["prototype"] as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(proto, "__proto__")?.value).toEqual({ polluted: "yes" });
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  test("<hasOwnProperty>, <toString>, <valueOf> are plain keys too", () => {
    const v = decodeXml("<xml><error>0</error><hasOwnProperty>1</hasOwnProperty><toString>2</toString><valueOf><a>3</a></valueOf></xml>", response) as Record<string, unknown>;
    expect(isOwn(v, "hasOwnProperty") && isOwn(v, "toString") && isOwn(v, "valueOf")).toBe(true);
    expect(Object.keys(v)).toEqual(["error", "hasOwnProperty", "toString", "valueOf"]);
    expect([v["hasOwnProperty"], v["toString"], v["valueOf"]]).toEqual(["1", "2", { a: "3" }]);
  });

  test('a self-closing <__proto__/> is an own property holding ""', () => {
    const v = decodeXml("<xml><error>0</error><__proto__/></xml>", response) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(["error", "__proto__"]);
    expect(Object.getOwnPropertyDescriptor(v, "__proto__")?.value).toBe("");
  });

  test("encoding a value with own __proto__ / constructor keys writes them as elements and reads them back", () => {
    const data = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}') as Record<string, unknown>;
    const value = { db_id: 1, email: "a@example.com", data };
    const x = encodeXml(value, request);
    expect(x).toContain("<__proto__><polluted>yes</polluted></__proto__>");
    expectSame(decodeXml(x, request), value);
  });
});

// ------------------------------------------------------------------ bytes

describe("bytes", () => {
  test.each([
    ["0xFF", [0x3c, 0x78, 0x6d, 0x6c, 0x3e, 0xff, 0x3c, 0x2f, 0x78, 0x6d, 0x6c, 0x3e]],
    ["an overlong '/'", [0x3c, 0x78, 0x6d, 0x6c, 0x3e, 0xc0, 0xaf, 0x3c, 0x2f, 0x78, 0x6d, 0x6c, 0x3e]],
    ["an encoded surrogate", [0x3c, 0x78, 0x6d, 0x6c, 0x3e, 0xed, 0xa0, 0x80, 0x3c, 0x2f, 0x78, 0x6d, 0x6c, 0x3e]],
    ["a truncated sequence", [0x3c, 0x78, 0x6d, 0x6c, 0x3e, 0xe2, 0x82, 0x3c, 0x2f, 0x78, 0x6d, 0x6c, 0x3e]],
  ])("invalid UTF-8 (%s) is refused", (_name, bytes) => {
    expect(refusal(new Uint8Array(bytes)).reason).toMatch(/not valid UTF-8/);
  });

  test("valid UTF-8 bytes, with or without a byte order mark, are read", () => {
    const text = "<xml><error>0</error><error_text>Привет 😀</error_text></xml>";
    const bytes = new TextEncoder().encode(text);
    expect(decodeXml(bytes, response)).toEqual({ error: 0, error_text: "Привет 😀" });
    expect(decodeXml(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]), response)).toEqual({ error: 0, error_text: "Привет 😀" });
  });
});

// ------------------------------------------------------------------ malformed and unexpected

describe("malformed or not the expected shape", () => {
  test.each([
    ["an unclosed root", "<xml><error>0</error>", /unclosed tag 'xml'/i, "<xml>"],
    ["an unclosed child", "<xml>\n<error>0</error>\n<error_text>ok\n</xml>", /closing tag 'error_text'/, "</xml>"],
    ["a mismatched closing tag", "<xml><error>0</error_text></xml>", /closing tag 'error'/, "</error_text>"],
    ["two root elements", "<xml><error>0</error></xml>\n<xml><error>1</error></xml>", /root/i, "<xml><error>1"],
  ])("%s is refused with its line and column", (_name, text, reason, at) => {
    const e = refusal(text);
    expect(e.reason).toMatch(reason);
    expectAt(e, text, at);
    expect(e.message).toMatch(/^Cannot read the XML at line \d+, column \d+: /);
  });

  test.each([
    ["another root element", "<answer><error>0</error></answer>", /expected the root element <xml>, found <answer>/],
    ["the root in capitals", "<XML><error>0</error></XML>", /expected the root element <xml>, found <XML>/],
    ["no element at all", "   ", /root element|start tag expected/i],
    ["only a declaration and a comment", "<?xml version='1.0'?><!-- nothing -->", /root element|start tag expected/i],
  ])("%s is refused", (_name, text, reason) => {
    expect(refusal(text).reason).toMatch(reason);
  });

  test("text between the elements of an object is refused, with the object's path", () => {
    const root = refusal("<xml><error>0</error>oops<error_text>x</error_text></xml>");
    expect(root.reason).toMatch(/unexpected text "oops" between elements/);
    expect(root.path).toBe("");
    const nestedText = refusal("<xml><db_id>1</db_id><data><_fname>A</_fname>stray<_lname>B</_lname></data></xml>", request);
    expect(nestedText.reason).toMatch(/unexpected text "stray"/);
    expect(nestedText.path).toBe("/data");
  });

  test("child elements where the shape wants text are refused, with the path", () => {
    const e = refusal("<xml><error><code>1</code></error></xml>");
    expect(e.reason).toMatch(/expected text/);
    expect(e.path).toBe("/error");
  });

  test.each([
    ["on a scalar", "<xml><error code='1'>0</error></xml>", response, "/error", /unexpected attribute code='1'/],
    ["on the root's child object", "<xml><db_id>1</db_id><data id='7'><_fname>A</_fname></data></xml>", request, "/data", /unexpected attribute id='7'/],
    ["the array marker on a scalar", "<xml><error array='true'>0</error></xml>", response, "/error", /unexpected attribute array='true'/],
    ["the array marker with another value", "<xml><db_id>1</db_id><data><phones array='false'>1</phones></data></xml>", request, "/data/phones", /unexpected attribute array='false'/],
  ])("an unexpected attribute (%s) is refused, with the path", (_name, text, body, path, reason) => {
    const e = refusal(text, body);
    expect(e.reason).toMatch(reason);
    expect(e.path).toBe(path);
  });

  test("namespace declarations and the array marker are the attributes accepted", () => {
    expect(decodeXml("<xml xmlns='urn:x'><error xmlns:a='urn:a'>0</error><extra array='true'>1</extra></xml>", response)).toEqual({ error: 0, extra: ["1"] });
  });
});

// ------------------------------------------------------------------ encoding

describe("encodeXml", () => {
  const profile = (data: Record<string, unknown>): Record<string, unknown> => ({ db_id: 1, email: "a@example.com", data });

  test('a custom field named "Middle name" is refused at /data/Middle name', () => {
    const e = encodeRefusal(profile({ _fname: "A", "Middle name": "B" }));
    expect(e.path).toBe("/data/Middle name");
    expect(e.reason).toMatch(/cannot be an XML element name/);
  });

  test.each([
    ["a space", { "Middle name": "x" }, "/data/Middle name"],
    ["a colon", { "ns:field": "x" }, "/data/ns:field"],
    ["a leading digit", { "1st": "x" }, "/data/1st"],
    ["an empty name", { "": "x" }, "/data/"],
    ["a slash (escaped in the path)", { "a/b": "x" }, "/data/a~1b"],
    ["a tilde (escaped in the path)", { "a~b": "x" }, "/data/a~0b"],
    ["nested in a free-form object", { extra: { ok: { "bad name": 1 } } }, "/data/extra/ok/bad name"],
  ])("a key with %s is refused with its JSON Pointer", (_name, data, path) => {
    const e = encodeRefusal(profile(data));
    expect(e.path).toBe(path);
    expect(e.reason).toMatch(/cannot be an XML element name/);
  });

  test.each([
    ["a declared field", { _fname: "a\u0001b" }, "/data/_fname"],
    ["a list item", { phones: ["+7900", "+7901\u0001"] }, "/data/phones/1"],
    ["a free-form field", { extra: { note: "\u0001" } }, "/data/extra/note"],
    ["a lone surrogate", { _lname: "\uD800" }, "/data/_lname"],
    ["U+FFFF", { _lname: "\uFFFF" }, "/data/_lname"],
  ])('"\\u0001" and its like in %s are refused with the path', (_name, data, path) => {
    const e = encodeRefusal(profile(data));
    expect(e.path).toBe(path);
    expect(e.reason).toMatch(/character XML 1.0 cannot carry/);
  });

  test("an array inside an array is refused with the inner array's path", () => {
    const e = encodeRefusal(profile({ matrix: [["a"], ["b"]] }));
    expect(e.path).toBe("/data/matrix/0");
    expect(e.reason).toMatch(/array inside an array/);
  });

  test("a number XML cannot write (NaN, Infinity) is refused with its path", () => {
    expect(encodeRefusal(profile({ score: Number.NaN })).path).toBe("/data/score");
    expect(encodeRefusal({ db_id: Number.POSITIVE_INFINITY, email: "a@example.com", data: {} }).path).toBe("/db_id");
  });

  test('"\\r\\n", "a & b < c > d" and emoji come back unchanged, escaped on the way', () => {
    const value = profile({
      _fname: "a & b < c > d",
      _lname: "line 1\r\nline 2\rline 3\nline 4",
      _tz: "😀 👍🏽 👨‍👩‍👧 🇷🇺",
      _os: "]]> ' \" \t",
      note: "\r\n",
      tags: ["a & b", "😀", "\r"],
    });
    const x = encodeXml(value, request);
    expect(x).toContain("a &amp; b &lt; c &gt; d");
    expect(x).toContain("line 1&#13;\nline 2&#13;line 3\nline 4");
    expect(x).toContain("😀 👍🏽 👨‍👩‍👧 🇷🇺");
    expectSame(decodeXml(x, request), value);
    expect(encodeXml(decodeXml(x, request), request)).toBe(x);
  });
});
