import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { FORMATS } from "../../src/codegen/validator/format-table.js";
import * as formats from "../../src/codegen/validator/formats.js";

// formats.ts is copied into every generated validators.ts; these are its own tests. The cases are
// written from the RFCs, with the edge cases the JSON Schema Test Suite's optional/format files have.

type Cases<T> = { valid: T[]; invalid: T[] };
const checks = formats as unknown as Record<string, (value: never) => boolean>;
const long = (s: string, n: number) => s.repeat(n);
const label63 = long("a", 63);

const stringCases: Record<string, Cases<string>> = {
  "date-time": {
    valid: [
      "1963-06-19T08:30:06.283185Z",
      "1963-06-19T08:30:06Z",
      "1937-01-01T12:00:27.87+00:20",
      "1990-12-31T15:59:50.123-08:00",
      "1998-12-31T23:59:60Z", // leap second, UTC
      "1998-12-31T15:59:60.123-08:00", // leap second, at 23:59:60 UTC
      "1963-06-19t08:30:06.283185z",
      "1990-01-01 00:00:00Z", // RFC 3339 section 5.6 allows a space
      "1985-04-12T00:59:59.999999999999999Z",
    ],
    invalid: [
      "1998-12-31T23:59:61Z",
      "1998-12-31T23:58:60Z", // leap second on a wrong minute
      "1998-12-31T22:59:60Z", // leap second on a wrong hour
      "1990-02-31T15:59:59.123-08:00",
      "1990-12-31T15:59:59-24:00",
      "1963-06-19T08:30:06.28123+01:00Z",
      "1990-12-31T24:00:00Z",
      "1990-12-31T15:60:00Z",
      "1990-12-31T10:00:00+10:60",
      "06/19/1963 08:30:06 PST",
      "2013-350T01:01:01",
      "1963-6-19T08:30:06.283185Z",
      "1963-06-1\u09EAT00:00:00Z", // a Bengali digit
      "+11963-06-19T08:30:06.283185Z",
      "1985-04-12T23:20:50+01",
      "2016-12-31T24:59:60+01:00",
      "1985-04-12T23:20:50Z\n",
      "1990-01-01T00:00:00",
      "1990-01-01",
      "1990-01-01TT00:00:00Z",
      "1990-01-01T00:00:00Z 1990-01-01T00:00:00Z",
    ],
  },
  date: {
    valid: ["1963-06-19", "2020-01-31", "2021-02-28", "2020-02-29", "2000-02-29", "0400-02-29", "0001-01-01", "1582-10-10", "2020-04-30"],
    invalid: [
      "2020-01-32",
      "2020-02-30",
      "2021-02-29", // not a leap year
      "2100-02-29", // a century, not a leap year
      "0100-02-29",
      "2020-04-31",
      "2020-13-01",
      "2024-00-15",
      "2024-01-00",
      "06/19/1963",
      "2013-350",
      "1998-1-20",
      "1998-01-1",
      "20230328",
      "2023-W01",
      "2020-11-28T23:55:45Z",
      " 2024-01-15",
      "2024-01-15 ",
      "",
      "+2020-01-01",
      "12020-01-01",
      "998-01-01",
      "\u09E8020-01-01",
      "2020\u201301\u201301", // en dashes
      "2020-01-01\u0000",
    ],
  },
  time: {
    valid: [
      "08:30:06Z",
      "23:59:60Z",
      "23:59:60+00:00",
      "01:29:60+01:30",
      "23:29:60+23:30",
      "15:59:60-08:00",
      "00:29:60-23:30",
      "23:20:50.52Z",
      "08:30:06.283185Z",
      "08:30:06+00:20",
      "12:34:56-00:00",
      "08:30:06z",
    ],
    invalid: [
      "008:030:006Z",
      "8:3:6Z",
      "22:59:60Z",
      "23:58:60Z",
      "23:59:60+01:00",
      "23:59:60-00:30",
      "08:30:06-8:000",
      "24:00:00Z",
      "00:60:00Z",
      "00:00:61Z",
      "01:02:03+24:00",
      "01:02:03+00:60",
      "01:02:03Z+00:30",
      "08:30:06 PST",
      "01:01:01,1111",
      "12:00:00",
      "12:00:00.52",
      "1\u09E8:00:00Z",
      "08:30:06#00:20",
      "2020-11-28T23:55:45Z",
    ],
  },
  duration: {
    valid: ["P4DT12H30M5S", "P4Y", "PT0S", "P0D", "P1M", "PT1M", "PT36H", "P1DT12H", "P1W", "P2W", "P1Y2M3DT4H5M6S", "P1Y2M", "P1M2D", "PT1H2M", "PT1M2S", "P01D", "P" + long("9", 80) + "D"],
    invalid: [
      "PT1D",
      "4DT12H30M5S",
      "P",
      "P1YT",
      "PT",
      "P2D1Y",
      "P1D2H",
      "P2S",
      "P1Y1W", // weeks stand alone
      "P1Y2W",
      "P0Y1W",
      "P1WT1H",
      "P\u09E8Y",
      "P1",
      "PT0.5S",
      "PT0,5S",
      " P1D",
      "P1D\n",
      "",
      "P1Y2D",
      "PT1H2S",
      "-P1D",
      "P-1D",
      "P1e2D",
      "p1d",
    ],
  },
  email: {
    valid: [
      "joe.bloggs@example.com",
      "te~st@example.com",
      "~test@example.com",
      "a.b+c@sub.example.co",
      "x_y@d-e.io",
      '"joe bloggs"@example.com',
      '"joe..bloggs"@example.com',
      '"joe@bloggs"@example.com',
      '"a\\"b"@example.com',
      "joe.bloggs@[127.0.0.1]",
      "joe.bloggs@[IPv6:::1]",
      "john@xn--mnchen-3ya.de",
    ],
    invalid: [
      "2962",
      ".test@example.com",
      "test.@example.com",
      "te..st@example.com",
      "joe.bloggs@invalid=domain.com",
      "joe.bloggs@[127.0.0.300]",
      "joe.bloggs@[IPv6:::g]",
      "user1@oceania.org, user2@oceania.org",
      '"Winston Smith" <winston.smith@recdep.minitrue> (Records Department)',
      "@example.com",
      "joe.bloggs@",
      "joe bloggs@example.com",
      "a@b", // one label: not a mail domain
      "a@-example.com",
      "a@example.com.",
      "j\u00f6e@example.com", // non-ASCII: idn-email
      "joe@m\u00fcnchen.de",
      "0@xn--a.com", // an A-label right after the @ must decode too
    ],
  },
  "idn-email": {
    valid: [
      "\uC2E4\uB840@\uC2E4\uB840.\uD14C\uC2A4\uD2B8", // 실례@실례.테스트
      "joe.bloggs@example.com",
      "\u03B4\u03BF\u03BA\u03B9\u03BC\u03AE@example.com",
      '"\u03B4\u03BF\u03BA\u03B9\u03BC\u03AE"@example.com',
      "user@cafe\u0301.com", // not in NFC: normalization is not checked
      "\u0080@example.com", // a C1 control
      "\uFFFF@example.com", // a noncharacter
      long("a", 64) + "@example.com",
      "\u{1D54F}@example.com",
      "joe@m\u00fcnchen.de",
    ],
    invalid: ["2962", "user\uFF20example.com", "@example.com", "a b@example.com", "a@\u3002example", "\uD800@example.com", "joe@M\u00dcNCHEN.de"],
  },
  hostname: {
    valid: [
      "www.example.com",
      "hostname",
      "h0stn4me",
      "1host",
      "hostnam3",
      "host-name",
      "a--b.com",
      "Example.COM",
      label63 + ".com",
      [label63, label63, label63, long("a", 61)].join("."), // 253
      "xn--9n2bp8q.xn--9t4b11yi5a", // example.test in Hangul
      "xn--zca29lwxobi7a",
      "xn--qmbc",
      "xn--ll-0ea", // l·l
      "xn--wva3je",
      "xn--4dbc5h",
      "xn--k8j5u",
      "xn--ngba1o",
      "xn--0-gyc",
      "xn--11b2ezcw70k",
      "xn--ngba5hb2804a",
      "XN--MNCHEN-3YA.DE",
    ],
    invalid: [
      "",
      ".",
      ".example",
      "example.",
      "a..b",
      "example\uFF0Ecom",
      "-hostname",
      "hostname-",
      "host_name",
      "example.com\n",
      "\u212Aelvin.example.com", // KELVIN SIGN
      label63 + "a.com",
      [label63, label63, label63, long("a", 62)].join("."), // 254
      "xn--X",
      "xn--07jt112bpxg.xn--9t4b11yi5a", // U+302E
      "xn--hello-txk", // begins with a combining mark
      "xn--hello-zed",
      "xn--hello-6bf",
      "xn--chb89f",
      "xn--07jceefgh4c",
      "xn--al-0ea", // middle dot with no preceding l
      "xn--l-fda",
      "xn--la-0ea",
      "xn--l-gda",
      "xn--S-jib3p",
      "xn--wva3j",
      "xn--A-2hc5h",
      "xn--5db1e",
      "xn--A-2hc8h",
      "xn--5db3e",
      "xn--defabc-k64e",
      "xn--vek",
      "xn--ngb6iyr",
      "xn--11b2er09f",
      "xn--02b508i",
      "XN--aa---o47jg78q", // U-label with "--" in the 3rd and 4th positions
      "xn--example-", // decodes to ASCII only
      "xn---9uc", // does not encode back to itself
      "xn--7a",
      "m\u00fcnchen.de", // a U-label: idn-hostname
    ],
  },
  "idn-hostname": {
    valid: [
      "\uC2E4\uB840.\uD14C\uC2A4\uD2B8",
      label63,
      "xn--ihqwcrb4cv8a8dqg056pqjye",
      "\u00DF\u03C2\u0F0B\u3007",
      "\u06FD\u06FE",
      "l\u00B7l",
      "\u03B1\u0375\u03B2",
      "\u05D0\u05F3\u05D1",
      "\u05D0\u05F4\u05D1",
      "\u30FB\u3041",
      "\u30FB\u30A1",
      "\u30FB\u4E08",
      "\u0628\u0660\u0628",
      "\u06F00",
      "\u0915\u094D\u200D\u0937", // ZWJ after a virama
      "\u0915\u094D\u200C\u0937",
      "\u0628\u064A\u200C\u0628\u064A", // ZWNJ between joining Arabic letters
      "hostname",
      "host-name",
      "a.b",
      "a\u3002b",
      "a\uFF0Eb",
      "a\uFF61b",
      long("\u03C0\u03B1\u03C1\u03AC\u03B4\u03B5\u03B9\u03B3\u03BC\u03B1", 5) + "\u03C0\u03B1.com",
      "m\u00fcnchen.de",
      "B\u00fccher.example",
      "\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444",
      "\u0645\u062B\u0627\u0644.\u0625\u062E\u062A\u0628\u0627\u0631",
      "\u0E15\u0E31\u0E27\u0E2D\u0E22\u0E48\u0E32\u0E07.\u0E44\u0E17\u0E22",
    ],
    invalid: [
      "",
      "\u302E\uC2E4\uB840.\uD14C\uC2A4\uD2B8",
      "\uC2E4\u302E\uB840.\uD14C\uC2A4\uD2B8",
      long("a", 64),
      "-> $1.00 <--",
      "xn--X",
      "XN--aa---o47jg78q",
      "ab--cd", // a reserved label
      "-hello",
      "hello-",
      "\u0903hello",
      "\u0300hello",
      "\u0488hello",
      "\u0640\u07FA",
      "\u3031\u3032\u3033\u3034\u3035\u302E\u302F\u303B",
      "a\u00B7l",
      "\u00B7l",
      "l\u00B7a",
      "l\u00B7",
      "\u03B1\u0375S",
      "\u03B1\u0375",
      "A\u05F3\u05D1",
      "\u05F3\u05D1",
      "def\u30FBabc",
      "\u30FB",
      "\u0628\u0660\u06F0",
      "\u0915\u200D\u0937",
      "\u200D\u0937",
      "\u0915\u094D\u200C\u0937x\u200Cy", // every joiner must pass
      "0a.\u05D0", // Bidi: a digit-first label in a right-to-left name
      "0\u0627",
      "a\u05D0",
      "\u05D00\u0660",
      "xn--7a",
      "xn--0ca24w",
      long("\u00FC", 60), // its A-label is longer than 63
      "a..b",
      [long("a", 63), long("a", 63), long("a", 63), long("a", 62)].join("."),
      "xn--example-",
      "xn---9uc",
      ".",
      "\u3002",
      "a\u3002",
      "\uFF0Eexample",
      "M\u00dcNCHEN.de", // upper-case non-ASCII letters are not IDNA2008
      "\uFB01.com", // a compatibility ligature
    ],
  },
  ipv4: {
    valid: ["192.168.0.1", "0.0.0.0", "255.255.255.255", "200.0.0.0", "10.20.30.40", "94.231.119.122"],
    invalid: [
      "127.0.0.0.1",
      "256.256.256.256",
      "127.0",
      "127.1",
      "127.0.1",
      "0x7f000001",
      "2130706433",
      "01.2.3.4",
      "1\u09E87.0.0.1",
      "\uFF11\uFF19\uFF12.\uFF11\uFF16\uFF18.\uFF11.\uFF11",
      "192.168.1.0/24",
      " 192.168.0.1",
      "192.168.0.1\n",
      "0x7f.0.0.1",
      "192.168..1",
      "192.168.0.1.",
      "",
      "+1.2.3.4",
      "1e2.0.0.1",
      "192.168.0.1\u0000.evil.com",
      "192.168.0.1:80",
      "::ffff:192.168.0.1",
    ],
  },
  ipv6: {
    valid: [
      "::1",
      "::abef",
      "::",
      "::42:ff:1",
      "d6::",
      "1:d6::42",
      "1::d6:192.168.0.1",
      "1:2::192.168.0.1",
      "::ffff:192.168.0.1",
      "1:2:3:4:5:6:7:8",
      "1:2:3:4:5:6:7::",
      "2001:0db8:0000:0000:0000:0000:0000:0001",
      "1000:1000:1000:1000:1000:1000:255.255.255.255",
      "FE80::1",
    ],
    invalid: [
      "",
      "12345::",
      "::abcef",
      "1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1",
      "::laptop",
      ":2:3:4:5:6:7:8",
      "1:2:3:4:5:6:7:",
      ":2:3:4::8",
      "1::d6::42",
      "1::2:192.168.256.1",
      "1::2:192.168.ff.1",
      "1:2:3:4:5:::8",
      "1:2:3:4:5:6:7",
      "1",
      "127.0.0.1",
      "1:2:3:4:1.2.3",
      "  ::1",
      "::1  ",
      "fe80::/64",
      "fe80::a%eth1", // a zone id is not part of the address
      "100:100:100:100:100:100:255.255.255.255.255",
      "100:100:100:100:100:100:100:255.255.255.255",
      "1:2:3:4:5:6:7:\u09EA",
      "[::1]",
      "::ffff:192.168.0.01",
    ],
  },
  uri: {
    valid: [
      "http://foo.bar/?baz=qux#quux",
      "http://foo.com/blah_(wikipedia)_blah#cite-1",
      "http://foo.bar/?q=Test%20URL-encoded%20stuff",
      "http://xn--nw2a.xn--j6w193g/",
      "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com",
      "http://223.255.255.254",
      "ftp://ftp.is.co.za/rfc/rfc1808.txt",
      "ldap://[2001:db8::7]/c=GB?objectClass?one",
      "http://[v1.fe]/",
      "http://[::1]:8080/",
      "mailto:John.Doe@example.com",
      "news:comp.infosystems.www.servers.unix",
      "tel:+1-816-555-1212",
      "urn:oasis:names:specification:docbook:dtd:xml:4.1.2",
      "http://087.10.0.1/", // a reg-name, structurally
      "http://999.999.999.999/",
      "file:///etc/hosts",
      "http://example.com:/",
      "a:",
    ],
    invalid: [
      "//foo.bar/?baz=qux#quux",
      "/abc",
      "\\\\WINDOWS\\fileshare",
      "abc",
      "http:// shouldfail.com",
      ":// should fail",
      "bar,baz:foo",
      "https://[@example.org/test.txt",
      "https://example.org/foobar\u00AE.txt",
      "https://example.org/foobar\\.txt",
      'https://example.org/foobar".txt',
      "https://example.org/foobar<>.txt",
      "https://example.org/foobar{}.txt",
      "https://example.org/foobar^.txt",
      "https://example.org/foobar`.txt",
      "https://example.org/foobar|.txt",
      "http://example.com/%6G",
      "http://example.com/%A",
      "http://example.com/%",
      "1http://example.com",
      "ht_tp://example.com",
      "http://example.com:abc/path",
      "http://[::ffff:01.2.3.4]",
      "http:/[::1]",
      "http://a@b@example.com/",
      "http://example.com/#a#b",
      "http://[::1/",
      "http://[::1]x/",
    ],
  },
  "uri-reference": {
    valid: ["http://foo.bar/?baz=qux#quux", "//foo.bar/?baz=qux#quux", "/abc", "abc", "#fragment", "", "?query=1", "//", "./this:that", "../a/b", "http://087.10.0.1/"],
    invalid: [
      "\\\\WINDOWS\\fileshare",
      "#frag\\ment",
      "/foobar\u00AE.txt",
      "https://example.org/foobar\\.txt",
      "/%zz",
      '/a"b',
      "/[::1]",
      "//example.com:abc/p",
      "//a@b@example.com/",
      "//[::ffff:192.168.0.01]/p",
      "1:b", // a colon in the first segment of a relative path
    ],
  },
  iri: {
    valid: [
      "http://\u0192\u00F8\u00F8.\u00DF\u00E5r/?\u2202\u00E9\u0153=\u03C0\u00EEx#\u03C0\u00EE\u00FCx",
      "http://\u0192\u00F8\u00F8.com/blah_(w\u00EEk\u00EFp\u00E9di\u00E5)_blah#\u00DFit\u00E9-1",
      "http://\u0192\u00F8\u00F8.\u00DF\u00E5r/?q=Test%20URL-encoded%20stuff",
      "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com",
      "http://[2001:0db8:85a3:0000:0000:8a2e:0370:7334]",
      "http://[2001:db8::1]",
      "http://[V1.fe]",
      "http://192.168.0.1/p",
      "urn:example:resource",
      "file:/etc/hosts",
      "http://\u0192\u00F8\u00F8.\u00DF\u00E5r/\u{10300}",
      "http://\u0192\u00F8\u00F8.\u00DF\u00E5r/?q=\u{F0000}", // private use: the query only
    ],
    invalid: [
      "http://2001:0db8:85a3:0000:0000:8a2e:0370:7334",
      "/abc",
      "\\\\WINDOWS\\fil\u00EB\u00DF\u00E5r\u00E9",
      "\u00E2\u03C0\u03C0",
      "http://[::ffff:192.168.0.01]",
      "http://\u0192\u00F8\u00F8.\u00DF\u00E5r/\n",
      "http://example.com/\u{F0000}", // private use in the path
      "http://example.com/\uD800", // a lone surrogate
      "http://example.com/a b",
    ],
  },
  "iri-reference": {
    valid: [
      "http://\u0192\u00F8\u00F8.\u00DF\u00E5r/?\u2202\u00E9\u0153=\u03C0\u00EEx#\u03C0\u00EE\u00FCx",
      "//\u0192\u00F8\u00F8.\u00DF\u00E5r/?\u2202\u00E9\u0153=\u03C0\u00EEx#\u03C0\u00EE\u00FCx",
      "/\u00E2\u03C0\u03C0",
      "\u00E2\u03C0\u03C0",
      "#\u0192r\u00E4gm\u00EAnt",
      "",
    ],
    invalid: ["\\\\WINDOWS\\fil\u00EB\u00DF\u00E5r\u00E9", "#\u0192r\u00E4g\\m\u00EAnt", "\u00E2:\u03C0\u03C0", "/%zz"],
  },
  uuid: {
    valid: [
      "2EB8AA08-AA98-11EA-B4AA-73B441D16380",
      "2eb8aa08-aa98-11ea-b4aa-73b441d16380",
      "2eb8aa08-AA98-11ea-B4Aa-73B441D16380",
      "00000000-0000-0000-0000-000000000000",
      "99c17cbb-656f-f64a-940f-1a4568f03487",
      "2eb8aa08-aa98-11ea-f4aa-73b441d16380",
    ],
    invalid: [
      "2eb8aa08-aa98-11ea-b4aa-73b441d1638",
      "2eb8aa08-aa98-11ea-73b441d16380",
      "2eb8aa08-aa98-11ea-b4ga-73b441d16380",
      "2eb8aa08aa9811eab4aa73b441d16380",
      "2eb8aa08aa98-11ea-b4aa73b441d16380",
      "2eb8aa0-8aa98-11e-ab4aa7-3b441d16380",
      "urn:uuid:2eb8aa08-aa98-11ea-b4aa-73b441d16380", // the URN form is a URI, not a UUID
      "2eb8aa08-aa98-11ea-b4aa-73b441d16380-",
      "\u09E8eb8aa08-aa98-11ea-b4aa-73b441d16380",
      "2eb8aa08-aa98-11ea-b4aa-73b441d16380\n",
      "{2eb8aa08-aa98-11ea-b4aa-73b441d16380}",
    ],
  },
  "uri-template": {
    valid: [
      "http://example.com/dictionary/{term:1}/{term}",
      "http://example.com/dictionary",
      "dictionary/{term:1}/{term}",
      "",
      "a%41b",
      "a\u{1F600}b",
      "{+var}",
      "{#var}",
      "{.var}",
      "{/var}",
      "{;var}",
      "{?var}",
      "{&var}",
      "{var*}",
      "{x,y}",
      "{?x,y*,z:3}",
      "{a.b}",
      "{%41}",
      "{v:1000}",
      "a'b",
      "{a}{b}",
    ],
    invalid: [
      "http://example.com/dictionary/{term:1}/{term",
      "{}",
      "{a,,b}",
      "{v:0}",
      "{v:10000}",
      "foo}bar",
      "{a..b}",
      "{..a}",
      "{a.}",
      "{v:01}",
      "a b",
      "a\u007Fb",
      "{a,}",
      "{var=def}",
      "{,+var}",
      "{=var}", // a reserved operator
      "{a{b}}",
      "a%4",
      "a<b>",
      "{a b}",
    ],
  },
  "json-pointer": {
    valid: [
      "/foo/bar~0/baz~1/%a",
      "/foo//bar",
      "/foo/bar/",
      "",
      "/foo",
      "/foo/0",
      "/",
      "/a~1b",
      "/c%d",
      "/e^f",
      "/g|h",
      "/i\\j",
      '/k"l',
      "/ ",
      "/m~0n",
      "/foo/-",
      "/foo/-/bar",
      "/~1~0~0~1~1",
      "/~1.1",
      "/foo/bar/\u{1F60E}",
      "/foo\u0000bar\n\tbaz",
    ],
    invalid: ["/foo/bar~", "#", "#/", "#a", "/~0~", "/~0/~", "/~2", "/~-1", "/~~", "a", "0", "a/a"],
  },
  "relative-json-pointer": {
    valid: ["1", "0/foo/bar", "2/0/baz/1/zip", "0#", "120/foo/bar", "100", "0//", "0-1/foo", "1+2#", "0/~0~1"],
    invalid: ["/foo/bar", "-1/foo/bar", "+1/foo/bar", "\u0661/foo", "0##", "01/a", "01#", "", "0/~2", "0/foo/bar~", "1#/foo/bar", "1\n", "0+0/a", "0+/a", "0#/"],
  },
  regex: {
    valid: ["([abc])+\\s+$", "(?<name>x)", "(?<n>a)\\k<n>", "(?<=a+)b", "[]", "[^]", "\\cA", "^\\p{L}+$", "\\u{1F600}", "a{2,3}?", ""],
    invalid: ["^(abc]", "\\a", "(?P<name>x)", "(?P<n>a)(?P=n)", "(?#comment)a", "(?i)abc", "(?ims)abc", "*a", "a{2,1}", "[z-a]", "\\p{NotAProperty}", "(?<n>a)(?<n>b)"],
  },
  byte: {
    valid: ["", "AA==", "AAA=", "AAAA", "aGVsbG8=", "aGVsbG8gd29ybGQ=", "+/+/", "QUJD"],
    invalid: ["A", "AA", "AAA", "A===", "AA=A", "aGVsbG8", "aGVs bG8=", "aGVs-G8=", "aGVs_G8=", "====", "AA==AA==", "QUJD\n"],
  },
  binary: { valid: ["", "\u0000\uFFFF", "anything at all"], invalid: [] },
  password: { valid: ["", "hunter2", "\u{1F511}"], invalid: [] },
};

const numberCases: Record<string, Cases<number>> = {
  int32: {
    valid: [0, -1, 2147483647, -2147483648, 1e3],
    invalid: [2147483648, -2147483649, 1.5, NaN, Infinity, -Infinity],
  },
  int64: {
    valid: [0, 2147483648, 2 ** 53, Number.MAX_SAFE_INTEGER + 1, 2 ** 63, -(2 ** 63), 9223372036854775807],
    invalid: [2 ** 64, -(2 ** 64), 0.5, NaN, Infinity],
  },
  float: {
    valid: [0, -0, 1.5, 1e-45, 3.4028234663852886e38, -3.4028234663852886e38, 16777217],
    invalid: [3.5e38, -1e39, 1e308, NaN, Infinity, -Infinity],
  },
  double: {
    valid: [0, 1.5, -1e308, Number.MAX_VALUE, Number.MIN_VALUE],
    invalid: [NaN, Infinity, -Infinity],
  },
};

const allCases: [string, Cases<string> | Cases<number>][] = [...Object.entries(stringCases), ...Object.entries(numberCases)];

describe("the format table", () => {
  test("lists every format of JSON Schema 2020-12 and OpenAPI, each with a check in formats.ts that has cases here", () => {
    const expected = [
      "date-time",
      "date",
      "time",
      "duration",
      "email",
      "idn-email",
      "hostname",
      "idn-hostname",
      "ipv4",
      "ipv6",
      "uri",
      "uri-reference",
      "iri",
      "iri-reference",
      "uuid",
      "uri-template",
      "json-pointer",
      "relative-json-pointer",
      "regex",
      "int32",
      "int64",
      "float",
      "double",
      "byte",
      "binary",
      "password",
    ];
    expect(Object.keys(FORMATS).sort()).toEqual([...expected].sort());
    for (const [name, info] of Object.entries(FORMATS)) {
      expect(typeof checks[info.check], name).toBe("function");
      expect(info.applies === "number" ? numberCases[name] : stringCases[name], name).toBeDefined();
    }
  });
  test("keeps the messages the generator has always given", () => {
    expect(FORMATS["email"]!.text).toBe("an e-mail address");
    expect(FORMATS["date"]!.text).toBe("a date (YYYY-MM-DD)");
    expect(FORMATS["date-time"]!.text).toBe("an RFC 3339 date-time (such as 1990-01-01T00:00:00Z)");
    expect(FORMATS["ipv4"]!.text).toBe("an IPv4 address");
    expect(FORMATS["ipv6"]!.text).toBe("an IPv6 address");
    expect(FORMATS["uri"]!.text).toBe("an absolute URI");
    expect(FORMATS["uuid"]!.text).toBe("a UUID");
  });
  test("every exported check is named by the table", () => {
    const named = new Set(Object.values(FORMATS).map((f) => f.check));
    expect(Object.keys(formats).filter((k) => !named.has(k))).toEqual([]);
  });
});

describe.each(allCases)("format %s", (name, { valid, invalid }) => {
  const check = checks[FORMATS[name]!.check]! as (value: unknown) => boolean;
  if (valid.length > 0) test.each(valid.map((v) => [v]))("accepts %j", (v) => expect(check(v)).toBe(true));
  if (invalid.length > 0) test.each(invalid.map((v) => [v]))("rejects %j", (v) => expect(check(v)).toBe(false));
});

// Each regex-based check on inputs built to make a backtracking pattern explode: 100 KB must take milliseconds.
const N = 100_000;
const fill = (unit: string) => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);
const hostile: [string, string[]][] = [
  ["date", [fill("1"), "2020-01-0" + fill("1")]],
  ["time", ["12:00:00." + fill("1") + "x", "12:00:00." + fill("1") + "+00:0"]],
  ["date-time", ["2020-01-01T12:00:00." + fill("1") + "x", fill("T")]],
  ["duration", ["P" + fill("1") + "x", "PT" + fill("1") + "x", "P1Y" + fill("1") + "x", "P" + fill("1Y")]],
  ["email", [fill("a") + "@", fill("a.") + "@x", "a@" + fill("a-"), "a@" + fill("a.") + "-", '"' + fill("\\a"), '"' + fill('\\"'), fill("a") + "@" + fill("a"), fill("@")]],
  ["idn-email", [fill("\u00E9") + "@", "a@" + fill("\u00E9."), '"' + fill("\\\u00E9")]],
  ["hostname", [fill("a"), fill("a."), fill("xn--a.")]],
  ["idn-hostname", [fill("\u00E9"), fill("\u00E9."), fill("\u200C"), fill("\u0628\u200C")]],
  ["ipv4", [fill("1."), fill("25")]],
  ["ipv6", [fill("1:"), fill("::1"), fill("1:") + "1.1.1.1"]],
  [
    "uri",
    ["http://" + fill("a") + " ", "http://" + fill("%"), "a:" + fill("/") + " ", "http://" + fill("["), "http://" + fill("@"), fill("a") + "!", "http://[" + fill(":") + "]", "a://" + fill(":")],
  ],
  ["uri-reference", [fill("a") + " ", fill("/") + ":", fill(":"), fill("%4")]],
  ["iri", ["http://" + fill("\u00E9") + " ", "http://x/?" + fill("\uE000") + " "]],
  ["iri-reference", [fill("\u00E9") + " ", fill("#")]],
  ["uuid", [fill("0"), fill("0000-")]],
  ["uri-template", ["{" + fill("a"), "{" + fill("a."), "{" + fill("%41"), fill("{a}") + "{", fill("%4"), "{" + fill("a,"), fill("a") + " ", "{" + fill("a:1")]],
  ["json-pointer", [fill("/") + "~", fill("/~0") + "~", fill("a")]],
  ["relative-json-pointer", [fill("1") + "x", "0" + fill("/~1") + "~", "1+" + fill("1") + "x"]],
  ["regex", [fill("("), fill("(a+)+"), fill("a{1,2}"), fill("["), fill("(?<a>")]],
  ["byte", [fill("A") + "===", fill("A=")]],
];

describe.each(hostile)("format %s runs in linear time", (name, inputs) => {
  const check = checks[FORMATS[name]!.check]! as (value: string) => boolean;
  test.each(inputs.map((s, i) => [i, s]))("hostile input %i (100 KB)", (_i, s) => {
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      check(s);
      best = Math.min(best, performance.now() - start);
    }
    expect(best).toBeLessThan(100); // milliseconds: a backtracking blow-up takes seconds to hours
  });
});

describe("formats.ts as copied into generated code", () => {
  const source = readFileSync(new URL("../../src/codegen/validator/formats.ts", import.meta.url), "utf8");
  const file = ts.createSourceFile("formats.ts", source, ts.ScriptTarget.ES2022, true);

  test("imports nothing and has its `// prelude` line", () => {
    expect(file.statements.filter((s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s))).toEqual([]);
    expect(source).toContain("\n// prelude\n");
  });

  test("keeps every regular expression at module level (a literal in a function is a new object per call)", () => {
    const inFunctions: string[] = [];
    const visit = (node: ts.Node, inFunction: boolean) => {
      if (ts.isRegularExpressionLiteral(node) && inFunction) inFunctions.push(node.text);
      const entering = ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
      ts.forEachChild(node, (child) => visit(child, inFunction || entering));
    };
    visit(file, false);
    expect(inFunctions).toEqual([]);
  });

  test("runs on its own once `export` is dropped, as the generator copies it", async () => {
    const body = source.slice(source.indexOf("// prelude\n")).replace(/^export /gm, "");
    const names = Object.values(FORMATS).map((f) => f.check);
    const js = ts.transpileModule(`${body}\nexport { ${names.join(", ")} };`, {
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
      },
    }).outputText;
    const copy = (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as Record<string, (v: unknown) => boolean>;
    expect(copy["isDateTime"]!("1998-12-31T23:59:60Z")).toBe(true);
    expect(copy["isIdnHostname"]!("\uC2E4\uB840.\uD14C\uC2A4\uD2B8")).toBe(true);
    expect(copy["isHostname"]!("xn--X")).toBe(false);
    expect(copy["isInt32"]!(2 ** 31)).toBe(false);
  });
});
