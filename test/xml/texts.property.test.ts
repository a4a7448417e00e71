import fc from "fast-check";
import { expect, test } from "vitest";
import { XmlEncodeError } from "../../src/runtime/errors/xml-encode-error.js";
import { decodeXml, encodeXml, plainNumber } from "../../src/runtime/xml.js";
import { expectSame, isElementName, isPortableElementName, isXmlText } from "../helpers/xml-canonical.js";
import { xmlBody } from "./bodies.js";

// What XML carries as it is comes back as itself: any string XML 1.0 can hold (at a string and at
// a free-form position), any element name, any number (as its plain decimal text).

const response = xmlBody("updateProfile", "response");

/** Strings rich in what XML escapes or resolves: markup, references, line ends, controls, surrogates. */
const trickyText = fc
  .array(
    fc.oneof(
      fc.string({ unit: "binary", maxLength: 4 }),
      fc.constantFrom(
        "&",
        "<",
        ">",
        "]]>",
        "&amp;",
        "&lt;",
        "&#65;",
        "&#x41;",
        "&#13;",
        "&#0;",
        "\r",
        "\n",
        "\r\n",
        "\t",
        " ",
        "\u0000",
        "\u0001",
        "\u000B",
        "\uFFFE",
        "\uFFFF",
        "\uD800",
        "\uDC00",
        "😀",
        "\u2028",
        "\u0085",
        "\uFEFF",
        "'",
        '"',
        "<!DOCTYPE x>",
        "<![CDATA[",
        "<a>",
        "</xml>",
      ),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(""));

test("a string comes back unchanged at a string position and at a free-form position, or is refused for a character XML 1.0 cannot carry (5,000 runs)", () => {
  fc.assert(
    fc.property(trickyText, (s) => {
      const v = { error: 0, error_text: s, free: s };
      if (isXmlText(s)) {
        expectSame(decodeXml(encodeXml(v, response), response), v);
        return;
      }
      const e = (() => {
        try {
          encodeXml(v, response);
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(e).toBeInstanceOf(XmlEncodeError);
      expect((e as XmlEncodeError).path).toBe("/error_text");
    }),
    { numRuns: 5_000 },
  );
});

/** Names from the ranges where XML 1.0's Name production changes its mind. */
const nameChar = fc
  .oneof(
    fc.constantFrom(..."aZ_-.:0 9·"),
    // What JavaScript's \s and trim() take for white space; U+1680 and U+FEFF are also XML name characters.
    fc.constantFrom("\u1680", "\uFEFF", "\u00A0", "\u2000", "\u2028", "\u202F", "\u205F", "\u3000", "\u180E"),
    fc.integer({ min: 0x80, max: 0x3ff }),
    fc.integer({ min: 0x1fff, max: 0x2200 }),
    fc.integer({ min: 0x2bf0, max: 0x3010 }),
    fc.integer({ min: 0xd7f0, max: 0xd7ff }),
    fc.integer({ min: 0xf8f0, max: 0xfdff }),
    fc.integer({ min: 0xfff0, max: 0xfffd }),
    fc.integer({ min: 0x10000, max: 0x10ffff }),
  )
  .map((c) => (typeof c === "number" ? String.fromCodePoint(c) : c));
const elementName = fc.array(nameChar, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(""));

test("a free-form key that is not an XML 1.0 Name (or holds ':') is refused; one that is comes back as itself if written, and a portable one is always written (5,000 runs)", () => {
  fc.assert(
    fc.property(elementName, (k) => {
      const v = { error: 0, error_text: "ok", [k]: "v" };
      let x: string;
      try {
        x = encodeXml(v, response);
      } catch (e) {
        expect(e).toBeInstanceOf(XmlEncodeError);
        expect(isPortableElementName(k), `a portable name refused: ${JSON.stringify(k)}`).toBe(false);
        return;
      }
      expect(isElementName(k), `not an XML name, yet written: ${JSON.stringify(k)}`).toBe(true);
      const back = decodeXml(x, response) as Record<string, unknown>;
      expect(Object.keys(back)).toEqual(["error", "error_text", k]);
      expect(back[k]).toBe("v");
    }),
    { numRuns: 5_000 },
  );
});

test("a free-form number comes back as its plainNumber text, plain decimal that reads back as the same number (5,000 runs)", () => {
  const numbers = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(-0, 1e21, 1e-7, 5e-324, -1.7976931348623157e308, 2 ** 53 + 2, 0.1 + 0.2));
  fc.assert(
    fc.property(numbers, (n) => {
      const text = plainNumber(n, "/free");
      expect(text).toMatch(/^-?[0-9]+(\.[0-9]+)?$/);
      expect(Object.is(Number(text), n)).toBe(true);
      expectSame(decodeXml(encodeXml({ error: 0, error_text: "ok", free: n }, response), response), { error: 0, error_text: "ok", free: text });
    }),
    { numRuns: 5_000 },
  );
});
