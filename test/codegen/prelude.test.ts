import { describe, expect, test } from "vitest";
import { isDate, isDateTime, isEmail, isIpv4, isIpv6, isUri, isUuid } from "../../src/codegen/validator/formats.js";
import { duplicate, equal, len, multipleOf, show } from "../../src/codegen/validator/prelude.js";

// The prelude is copied into every generated validators.ts; these are its own tests (the format checks, from formats.ts, have more in formats.test.ts).
const formats: [string, { check: (s: string) => boolean; valid: string[]; invalid: string[] }][] = [
  [
    "date",
    {
      check: isDate,
      valid: ["1999-12-28", "2000-02-29", "2024-02-29", "0001-01-01"],
      invalid: ["1999-02-29", "1900-02-29", "1999-13-01", "1999-00-10", "1999-12-32", "99-12-28", "1999-12-28T00:00:00Z", "28.12.1999", ""],
    },
  ],
  [
    "date-time",
    {
      check: isDateTime,
      valid: ["1990-01-01T00:00:00Z", "1990-02-22T21:00:00.123+03:00", "1990-01-01t00:00:00z", "1990-01-01 00:00:00Z", "1998-12-31T23:59:60Z", "1998-12-31T20:59:60-03:00"],
      invalid: [
        "1990-01-01T00:00:00",
        "1990-01-01",
        "1990-01-01T24:00:00Z",
        "1990-01-01T00:60:00Z",
        "1990-01-01T12:00:60Z",
        "1990-02-30T00:00:00Z",
        "1990-01-01T00:00:00+0300",
        "1990-01-01T00:00:00+24:00",
        "1990-01-01T00:00:00ZZ",
      ],
    },
  ],
  [
    "email",
    {
      check: isEmail,
      valid: ["john@example.com", "a.b+c@sub.example.co", "x_y@d-e.io"],
      invalid: ["not-an-email", "a@b", "@example.com", "a..b@example.com", "a@-example.com", "a b@example.com", "a@example.com."],
    },
  ],
  ["ipv4", { check: isIpv4, valid: ["94.231.119.122", "0.0.0.0", "255.255.255.255"], invalid: ["300.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.4.5", "a.b.c.d"] }],
  [
    "ipv6",
    {
      check: isIpv6,
      valid: ["::", "::1", "2001:db8::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "::ffff:192.168.0.1", "1:2:3:4:5:6:7::", "fe80::1:2"],
      invalid: ["", ":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "::ffff:300.1.1.1", "g::1", ":1:2:3:4:5:6:7"],
    },
  ],
  ["uri", { check: isUri, valid: ["https://example.com/api", "mailto:a@b.c", "urn:isbn:0451450523"], invalid: ["example.com", "/relative", "https://exa mple.com", "http://%zz", "1http://x"] }],
  [
    "uuid",
    {
      check: isUuid,
      valid: ["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"],
      invalid: ["123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g", "urn:uuid:123e4567-e89b-12d3-a456-426614174000"],
    },
  ],
];

describe.each(formats)("format %s", (_name, { check, valid, invalid }) => {
  test.each(valid)("accepts %j", (s) => expect(check(s)).toBe(true));
  test.each(invalid)("rejects %j", (s) => expect(check(s)).toBe(false));
});

describe("helpers", () => {
  test("len counts code points, not UTF-16 units", () => {
    expect(len("abc")).toBe(3);
    expect(len("😀😀")).toBe(2);
    expect(len("Ёж")).toBe(2);
    expect(len("\ud83d")).toBe(1); // a lone surrogate still counts
  });
  test("equal is JSON equality", () => {
    expect(equal({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(equal({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(equal([1], { 0: 1 })).toBe(false);
    expect(equal(1, "1")).toBe(false);
  });
  test("duplicate finds the first equal pair", () => {
    expect(duplicate([1, 2, { a: 1 }, { a: 1 }])).toEqual([2, 3]);
    expect(duplicate([1, 2, 3])).toBeUndefined();
  });
  test("show keeps messages short", () => {
    expect(show("x".repeat(100)).length).toBeLessThanOrEqual(60);
    expect(show("x".repeat(100))).toMatch(/^"x+…"$/);
    expect(show([1, 2])).toBe("an array (2 items)");
    expect(show({ token: "secret" })).toBe("an object");
    expect(show(undefined)).toBe("nothing");
  });
});

describe("multipleOf", () => {
  test.each([
    [0.0075, 0.0001, true],
    [0.0076, 0.0001, true],
    [0.00751, 0.0001, false],
    [-4613333033717204, 8, false],
    [-4613333033717208, 8, true],
    [1e308, 0.123456789, false],
    [7, 2, false],
    [4.5, 1.5, true],
  ])("%s is a multiple of %s: %s", (v, m, want) => {
    expect(multipleOf(v, m)).toBe(want);
  });
});
