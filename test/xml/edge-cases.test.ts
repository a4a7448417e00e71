import { describe, expect, test } from "vitest";
import { decodeXml, encodeXml } from "../../src/runtime/xml.js";
import { expectSame, xmlCanonical } from "../helpers/xml-canonical.js";
import { xmlBody } from "./bodies.js";

// The smallest inputs of what the properties (roundtrip*.property.test.ts) met, one test each, so
// that a failure names its cause.

const response = xmlBody("updateProfile", "response");
const request = xmlBody("updateProfile", "request");
const answer = (extra: Record<string, unknown>): Record<string, unknown> => ({ error: 0, error_text: "ok", ...extra });

describe("texts", () => {
  test.each(["&#65;", "&#x41;", "&#13;", "a&#38;b", "&amp;", "&lt;b&gt;", "&#0;"])("the string %j comes back as itself (no second round of reference resolving)", (s) => {
    const v = answer({ error_text: s, free: s });
    const x = encodeXml(v, response);
    expect(x).toContain(`<error_text>${s.replace(/&/g, "&amp;")}</error_text>`);
    expectSame(decodeXml(x, response), v);
  });
});

describe("element names", () => {
  test.each(["a\u1680b", "\u1680a", "\u1680", "a\uFEFF", "\uFEFF"])("a key that is an XML name holding U+1680 or U+FEFF (%j) is written and read back as itself, or refused by encodeXml", (k) => {
    const v = answer({ [k]: "v" });
    let x: string;
    try {
      x = encodeXml(v, response);
    } catch {
      return; // refusing the name is fine too: what is written must be readable
    }
    expectSame(decodeXml(x, response), v);
  });
});

describe("empty elements", () => {
  test('a self-closing element is an empty element: <error_text/> is error_text ""', () => {
    expectSame(decodeXml("<xml><error>0</error><error_text/></xml>", response), { error: 0, error_text: "" });
    expectSame(decodeXml("<xml><error>0</error><error_text /></xml>", response), { error: 0, error_text: "" });
  });

  test("a self-closing root is an empty body", () => {
    expectSame(decodeXml("<xml/>", response), {});
  });

  test('null at a free-form position comes back as "" (in a list too)', () => {
    expectSame(decodeXml(encodeXml(answer({ free: null }), response), response), answer({ free: "" }));
    expectSame(decodeXml(encodeXml(answer({ free: [null, "x"] }), response), response), answer({ free: ["", "x"] }));
  });

  test('null and "" are written alike, so that re-encoding what was read gives the same bytes', () => {
    const x = encodeXml(answer({ free: null }), response);
    expect(encodeXml(decodeXml(x, response), response)).toBe(x);
  });
});

describe("lists inside free-form values", () => {
  test.each([
    ["in an object", { obj: { list: ["x"] } }],
    ["two levels down", { obj: { inner: { list: [1] } } }],
    ["in an object in a list", { list: [{ inner: ["x"] }, { inner: ["y", "z"] }] }],
  ])("a one-item list %s stays a list", (_name, extra) => {
    const v = answer(extra);
    expectSame(decodeXml(encodeXml(v, response), response), xmlCanonical(v, response.shape));
  });

  test("a vendor document marking a list inside a custom field is read (the marker is accepted at any depth)", () => {
    const text = "<xml><db_id>1</db_id><email>a@example.com</email><data><address><lines array='true'>1 Main St</lines></address></data></xml>";
    expectSame(decodeXml(text, request), { db_id: 1, email: "a@example.com", data: { address: { lines: ["1 Main St"] } } });
  });
});
