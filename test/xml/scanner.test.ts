import { describe, expect, test } from "vitest";
import { XmlDecodeError } from "../../src/runtime/errors/xml-decode-error.js";
import { decodeXml, type XmlBody, type XmlDecodeOptions } from "../../src/runtime/xml.js";
import { deepSame } from "../helpers/xml-canonical.js";
import { decodeXml as oracleDecode } from "../helpers/xml-oracle/decode.js";
import { xmlBody } from "./bodies.js";

// The decoder's own scanner (src/runtime/xml-scan.ts) on malformed and unusual documents, one case
// each: refused with the reason and the place, as XMLValidator + XMLParser refused them (the oracle,
// test/helpers/xml-oracle/decode.ts), or read as they read them.

const response = xmlBody("updateProfile", "response");

function refusal(text: string, options?: XmlDecodeOptions, body: XmlBody = response): XmlDecodeError {
  try {
    decodeXml(text, body, options);
  } catch (e) {
    if (e instanceof XmlDecodeError) return e;
    throw e;
  }
  return expect.fail(`expected an XmlDecodeError for ${JSON.stringify(text)}`);
}

const oracleRefuses = (text: string, options?: XmlDecodeOptions): boolean => {
  try {
    oracleDecode(text, response, options);
    return false;
  } catch (e) {
    if (e instanceof XmlDecodeError) return true;
    throw e;
  }
};

/** Line and column (1-based) of `needle`'s first occurrence in `text`, or of a place counted from its end (0: just past it, -1: its last character). */
function placeOf(text: string, needle: string | number): [number, number] {
  const index = typeof needle === "number" ? text.length + needle : text.indexOf(needle);
  if (index < 0) throw new Error(`${needle} not in ${text}`);
  const before = text.slice(0, index);
  return [before.split("\n").length, index - before.lastIndexOf("\n")];
}

describe("malformed documents are refused, with line and column, as before", () => {
  test.each([
    ["a mismatched end tag", "<xml><error>0</error_text></xml>", /^Expected closing tag 'error' \(opened in line 1, col 6\) instead of closing tag 'error_text'$/, "</error_text>"],
    ["an end tag meeting an unclosed child", "<xml>\n<error>0\n</xml>", /^Expected closing tag 'error' \(opened in line 2, col 1\) instead of closing tag 'xml'$/, "</xml>"],
    ["an unclosed root", "<xml><error>0</error>", /^unclosed tag 'xml'$/, "<xml>"],
    ["a document cut after a start tag", "<xml><error>0</error>\n<data>", /^unclosed tag 'xml' \(and 1 more opened inside it are never closed\)$/, "<xml>"],
    ["a document cut inside a start tag", "<xml><error>0</error><error_te", /^unclosed tag 'xml'/, "<xml>"],
    ["a document cut inside an end tag", "<xml><error>0</err", /^Closing tag 'err' doesn't have proper closing$/, 0],
    ["a document cut inside an attribute", "<xml><error a='1", /^Attributes for 'error' have open quote$/, 0],
    ["a document cut inside a comment", "<xml><!-- x", /^unclosed tag 'xml'$/, "<xml>"],
    ["a document cut inside a CDATA section", "<xml><error_text><![CDATA[x", /^unclosed tag 'xml' \(and 1 more/, "<xml>"],
    ["a document cut inside a processing instruction", "<xml><?pi x", /^unclosed tag 'xml'$/, "<xml>"],
    ["text after the root", "<xml><error>0</error></xml>\noops", /^Extra text at the end$/, "oops"],
    ["text before the root", "\n oops<xml/>", /^char 'o' is not expected$/, "oops"],
    ["an end tag never opened", "</xml>", /^Closing tag 'xml' has not been opened$/, "</xml>"],
    ["an end tag after the root", "<xml/>\n</a>", /^Closing tag 'a' has not been opened$/, "</a>"],
    ["a second root", "<xml><error>0</error></xml>\n<xml/>", /^Multiple possible root nodes found$/, -1],
    ["a name starting with a digit", "<xml><1a>x</1a></xml>", /^Tag '1a' is an invalid name$/, ">x</1a>"],
    ["a space after '<'", "<xml>< a>x</a></xml>", /^Invalid space after '<'$/, " a>"],
    ["an end tag with attributes", "<xml><error>0</error a='1'></xml>", /^Closing tag 'error' can't have attributes or invalid starting$/, "</error a"],
    ["two attributes without a space", "<xml><error a='1'b='2'>0</error></xml>", /^Attribute 'b' has no space in starting$/, "b='2'"],
    ["an attribute without a value", "<xml><error a>0</error></xml>", /^boolean attribute 'a' is not allowed$/, "a>"],
    ["an unquoted value", "<xml><error a=1>0</error></xml>", /^Attribute 'a' is without value$/, "a=1"],
    ["a repeated attribute", "<xml><error xmlns='a' xmlns='b'>0</error></xml>", /^Attribute 'xmlns' is repeated$/, "xmlns='b'"],
    ["an attribute named with a digit", "<xml><error 1a='1'>0</error></xml>", /^Attribute '1a' is an invalid name$/, "1a="],
    ["an XML declaration after the start", "\n<?xml version='1.0'?><xml/>", /^XML declaration allowed only at the start of the document$/, " version"],
    ["an entity XML does not define", "<xml><error_text>&nbsp;</error_text></xml>", /^an entity that XML does not define/, "&nbsp;"],
    ["a DOCTYPE", "<!DOCTYPE xml><xml/>", /^DOCTYPE and entity declarations are refused/, "<!DOCTYPE"],
    ["a control character", "<xml><error_text>a\u0002</error_text></xml>", /^the character U\+0002 is not allowed in XML 1.0$/, "\u0002"],
    ["a reference to a control character", "<xml><error_text>&#x1;</error_text></xml>", /^the character reference &#x1; names a character XML 1.0 does not allow$/, "&#x1;"],
  ] as [string, string, RegExp, string | number][])("%s", (_name, text, reason, at) => {
    const e = refusal(text);
    expect(e.reason).toMatch(reason);
    expect([e.line, e.column]).toEqual(placeOf(text, at));
    expect(oracleRefuses(text), "refused before too").toBe(true);
  });

  test.each([
    ["nothing at all", ""],
    ["only white space", " \n\t"],
    ["only a declaration and a comment", "<?xml version='1.0'?>\n<!-- nothing -->"],
  ])("%s: a start tag is expected", (_name, text) => {
    expect(refusal(text).reason).toBe("Start tag expected");
    expect(oracleRefuses(text)).toBe(true);
  });

  test.each([
    ["a comment never closed after the root", "<xml/><!-- x", "Comment is not closed"],
    ["a processing instruction never closed after the root", "<xml/><?pi", "Pi Tag is not closed"],
  ])("%s", (_name, text, reason) => {
    expect(refusal(text).reason).toBe(reason);
    expect(oracleRefuses(text)).toBe(true);
  });

  test("the markup is checked to its end before a problem with the value is reported: a cut document is malformed, not of the wrong shape", () => {
    const text = "<xml><error code='1'>0</error><error_text><b>x</b>";
    expect(refusal(text).reason).toMatch(/^unclosed tag 'xml'/);
    expect(refusal("<xml><error code='1'>0</error></xml>").path).toBe("/error");
    // The seed's answer: <profile_id> "closed" by another <profile_id> is malformed at </xml>, not "child elements where text is expected".
    const seed = "<xml>\n<error>0</error>\n<profile_id>c1<profile_id>\n</xml>";
    expect([refusal(seed).reason, refusal(seed).line]).toEqual(["Expected closing tag 'profile_id' (opened in line 3, col 15) instead of closing tag 'xml'", 4]);
  });
});

describe("malformed documents the validator and the parser let through are refused now", () => {
  test.each([
    ["'<!' starting neither a comment nor a CDATA section", "<xml><!ELEMENT x><error>0</error></xml>", /^char '!' is not expected$/],
    ["an end tag closing itself", "<xml><b/></b/></xml>", /^Tag 'b\/' is an invalid name$/],
    ["references after the root", "<xml><error>0</error></xml>&amp;", /^Extra text at the end$/],
    ["a quote left open in a processing instruction", "<xml><?pi a='?><error>0</error></xml>", /^Pi Tag is not closed$/],
    ["a no-break space closing a name", "<xml><error>0</error\u00A0></xml>", /^Tag 'error\u00A0' is an invalid name$/],
  ])("%s", (_name, text, reason) => {
    expect(refusal(text).reason).toMatch(reason);
  });
});

describe("limits, checked before anything is read", () => {
  test.each([
    ["maxDepth", "<xml><a><b>x</b></a></xml>", { maxDepth: 2 }, "elements are nested deeper than 2 levels", "<b>"],
    ["maxElements", "<xml><a/><b/></xml>", { maxElements: 2 }, "the document has more than 2 elements", "<b/>"],
    ["the tag length", `<xml><error a='${"1".repeat(10_000)}'>0</error></xml>`, {}, "a tag is longer than 10000 characters (its name and attributes)", "<error"],
  ])("%s", (_name, text, options, reason, at) => {
    const e = refusal(text, options);
    expect(e.reason).toBe(reason);
    expect([e.line, e.column]).toEqual(placeOf(text, at));
  });

  test("maxBytes and maxTextLength", () => {
    expect(refusal("<xml><error>0</error></xml>", { maxBytes: 10 }).reason).toBe("the document is larger than 10 bytes");
    const e = refusal("<xml><error>0</error><error_text>abcd</error_text></xml>", { maxTextLength: 3 });
    expect([e.reason, e.path]).toEqual(["the text is longer than 3 characters in all", "/error_text"]);
  });
});

describe("what is read as before", () => {
  test.each([
    ["CDATA joined to the text (references in it resolved, as before)", "<xml><error_text>a<![CDATA[<b>&amp;]]>c</error_text></xml>", { error_text: "a<b>&c" }],
    ["comments and processing instructions left out of the text", "<xml><error_text>a<!-- c -->b<?pi x?>c</error_text></xml>", { error_text: "abc" }],
    ["line ends made LF, a reference to CR kept", "<xml><error_text>a\r\nb\rc&#13;</error_text></xml>", { error_text: "a\nb\nc\r" }],
    ["markup around and between elements", "\uFEFF<?xml version='1.0'?>\n<!-- a --><xml>\n <!-- b --><?pi?><![CDATA[ ]]><error>0</error>\n</xml>\n<!-- c --><?pi?>\n", { error: 0 }],
    ["an XML declaration inside the root (let through before)", "<xml><?xml version='1.0'?><error>0</error></xml>", { error: 0 }],
    ["attributes with '<' and '>' in their values, and space around '='", "<xml xmlns:a='<b>'><extra array = \"true\" /></xml>", { extra: [""] }],
    ["the root's attributes, which the shape does not look at", "<xml version='2'><error>0</error></xml>", { error: 0 }],
    ["names with a colon or non-ASCII letters", "<xml><a:b>1</a:b><имя>2</имя></xml>", { "a:b": "1", имя: "2" }],
    ["end tags with space before '>'", "<xml><error >0</error\n></xml >", { error: 0 }],
  ])("%s", (_name, text, value) => {
    const read = decodeXml(text, response);
    expect(deepSame(read, value), JSON.stringify(read)).toBe(true);
    expect(deepSame(oracleDecode(text, response), value), "read so before").toBe(true);
  });

  test("text between elements is refused, in a CDATA section too, with the object's path", () => {
    expect(refusal("<xml><error>0</error><![CDATA[oops]]></xml>").reason).toBe('unexpected text "oops" between elements');
    expect(oracleRefuses("<xml><error>0</error><![CDATA[oops]]></xml>")).toBe(true);
  });
});
