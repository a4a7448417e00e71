import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { XmlDecodeError } from "../../src/runtime/errors/xml-decode-error.js";
import { XmlEncodeError } from "../../src/runtime/errors/xml-encode-error.js";
import { decodeXml, encodeXml, encodeXmlElement, xmlItemEncoder, type XmlDecodeOptions, type XmlShape } from "../../src/runtime/xml.js";
import { deepSame, repairForXml } from "../helpers/xml-canonical.js";
import { decodeXml as oracleDecode } from "../helpers/xml-oracle/decode.js";
import { encodeXml as oracleEncode, encodeXmlElement as oracleElement } from "../helpers/xml-oracle/encode.js";
import { mutatedValue, validValue } from "../helpers/schema-arbitrary.js";
import { loadDoc } from "../helpers/spec-bodies.js";
import { xmlBody, xmlCases } from "./bodies.js";

// The encoder compiled per shape and the decoder's own scanner against the implementations they
// replaced (test/helpers/xml-oracle: the generic walk, and XMLValidator + XMLParser): the same text
// for the same value, the same errors at the same paths; every document refused before is refused
// still, and every document read before is read as the same value.

const doc = loadDoc("altcraft");

/** What a call gave: its value, or the error of the expected class it threw (anything else fails the test). */
function outcome<E>(f: () => unknown, type: new (...args: never[]) => E): { ok: true; value: unknown } | { ok: false; error: E } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof type) return { ok: false, error: e };
    throw e;
  }
}

const sameEncoding = (ours: ReturnType<typeof outcome<XmlEncodeError>>, theirs: ReturnType<typeof outcome<XmlEncodeError>>): void => {
  if (ours.ok && theirs.ok) expect(ours.value).toBe(theirs.value);
  else if (!ours.ok && !theirs.ok) expect([ours.error.path, ours.error.message]).toEqual([theirs.error.path, theirs.error.message]);
  else expect(ours.ok ? "written" : `refused: ${ours.error.message}`).toBe(theirs.ok ? "written" : `refused: ${theirs.error.message}`);
};

describe.each(xmlCases)("encoding $name", ({ schema, body }) => {
  test("valid values and values with one rule broken are written as before, or refused at the same path (1,000 runs each)", () => {
    for (const values of [validValue(doc, schema), mutatedValue(doc, schema)]) {
      fc.assert(
        fc.property(values, (v) => {
          sameEncoding(
            outcome(() => encodeXml(v, body), XmlEncodeError),
            outcome(() => oracleEncode(v, body), XmlEncodeError),
          );
        }),
        { numRuns: 1_000 },
      );
    }
  });
});

describe("xmlItemEncoder", () => {
  const body = xmlBody("updateProfilesBatch", "request");
  const list = body.shape.kind === "object" ? body.shape.properties["data"]! : undefined;
  const items = (list!.shape as Extract<XmlShape, { kind: "array" }>).items;
  const write = xmlItemEncoder(body, "data");
  const odd = fc.constantFrom<unknown>([], [1], new Date(0), Number.NaN, -0, 1e21, 1e-7, null, "", "a\u0001", { "bad name": 1 }, { x: [[1]] }, undefined, () => 1);

  test("writes each item of a batch as encodeXmlElement(list element, item, items, [list, index]) did, errors and paths included (2,000 runs)", () => {
    const batches = fc.oneof(validValue(doc, "UpdateProfilesBatchRequest"), mutatedValue(doc, "UpdateProfilesBatchRequest"));
    fc.assert(
      fc.property(batches, fc.array(odd, { maxLength: 2 }), (b, extra) => {
        // A batch with a rule broken may be anything, null included.
        const data = typeof b === "object" && b !== null ? (b as { data?: unknown }).data : undefined;
        for (const [index, item] of [...(Array.isArray(data) ? data : []), ...extra].entries()) {
          const theirs = outcome(() => oracleElement("data", item, items, ["data", index]), XmlEncodeError);
          sameEncoding(
            outcome(() => write(item, index), XmlEncodeError),
            theirs,
          );
          sameEncoding(
            outcome(() => encodeXmlElement("data", item, items, ["data", index]), XmlEncodeError),
            theirs,
          );
        }
      }),
      { numRuns: 2_000 },
    );
  });

  test("a body without that list property is a TypeError naming it", () => {
    expect(() => xmlItemEncoder(body, "token")).toThrow(/has no list property "token"/);
    expect(() => xmlItemEncoder(body, "nope")).toThrow(TypeError);
  });
});

// ------------------------------------------------------------------ decoding

/** Markup and text that break documents in the ways the validator and the parser told apart. */
const PIECES = [
  ...["<", ">", "/", "</", "/>", "=", "'", '"', " ", "\n", "\r\n", "\r", "x", "&", "&amp;", "&lt;", "&#65;", "&#x0;"],
  ...["<a>", "</a>", "<a/>", "<b c='>'/>", "<1a>", "<:a>", "<a:b>", "</ a>", "</a >", "<a x='1'/>", "<x y='1'z='2'>"],
  ...["<xml>", "</xml>", "<data>", "</data>", "<error>", "</error>", " a='1'", " array='true'", " xmlns='u'", " b", " c=d", " e='1' e='2'"],
  ...["<!--", "-->", "<!-- c -->", "<![CDATA[", "]]>", "<![CDATA[x]]>", "<![CDATA[ ]]>", "<?pi x?>", "<?xml version='1.0'?>", "<?xml?>", "?>", "<!DOCTYPE x>"],
];

/**
 * Documents the scanner refuses that the validator and the parser let through, all malformed XML:
 * a character JavaScript takes for space but XML does not (U+00A0, U+FEFF…) in a tag (they trimmed
 * names there), references after the root element, "<!" starting neither a comment nor a CDATA
 * section, a quote left open in a processing instruction, an end tag that closes itself.
 */
const STRICTER = [/[^\S \t\n\r]/, /<\/xml>[^]*&/, /<!(?!--|\[CDATA\[)/, /<\?[^>]*['"]/, /<\/[^>]*\/>/];

const LIMITS: XmlDecodeOptions[] = [{}, { maxDepth: 3 }, { maxTextLength: 40 }, { maxElements: 12 }, { maxBytes: 300 }];

describe.each(xmlCases)("decoding $name", ({ schema, body }) => {
  const written = validValue(doc, schema).map((v) => {
    try {
      return encodeXml(v, body);
    } catch {
      return encodeXml(repairForXml(v, body.shape), body);
    }
  });
  const edits = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 3 });
  const broken = fc.tuple(written, edits).map(([x, list]) => list.reduce((t, [at, cut, piece]) => t.slice(0, at % (t.length + 1)) + piece + t.slice((at % (t.length + 1)) + cut), x));

  test("a document refused before is refused; one read before is read as the same value; one refused only now is malformed in a way listed (1,500 runs)", () => {
    let run = 0;
    fc.assert(
      fc.property(fc.oneof(written, broken), (x) => {
        const options = LIMITS[run++ % LIMITS.length];
        const ours = outcome(() => decodeXml(x, body, options), XmlDecodeError);
        const theirs = outcome(() => oracleDecode(x, body, options), XmlDecodeError);
        if (!theirs.ok) expect(ours.ok, `read what was refused (${theirs.error.message})`).toBe(false);
        else if (ours.ok) {
          // fast-xml-parser cut names at U+FEFF and its like: the names differ there, and only there.
          if (!STRICTER[0]!.test(x)) expect(deepSame(ours.value, theirs.value), "the same value").toBe(true);
        } else
          expect(
            STRICTER.some((r) => r.test(x)),
            `refused what was read: ${ours.error.message}`,
          ).toBe(true);
      }),
      { numRuns: 1_500 },
    );
  });
});
