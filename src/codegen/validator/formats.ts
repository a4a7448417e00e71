// The format checks of JSON Schema 2020-12 and OpenAPI: copied into a generated validators.ts (after
// the `// prelude` line, with `export` dropped), so they import nothing and run in a browser too.
// Real source with its own tests. Every check runs in time linear in its input: no pattern here
// can backtrack catastrophically, and the host-name checks bound their input before any real work.
// prelude

// Patterns live at module level: a regular expression literal inside a function is a new object per call.
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[zZ]|([+-])(\d{2}):(\d{2}))$/;
const DURATION_TIME = "T(?:\\d+H(?:\\d+M(?:\\d+S)?)?|\\d+M(?:\\d+S)?|\\d+S)";
const DURATION = new RegExp(`^P(?:(?:\\d+Y(?:\\d+M(?:\\d+D)?)?|\\d+M(?:\\d+D)?|\\d+D)(?:${DURATION_TIME})?|${DURATION_TIME}|\\d+W)$`);
const EMAIL_DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_QUOTED = /^"(?:[\t\x20\x21\x23-\x5b\x5d-\x7e]|\\[\t\x20-\x7e])*"$/;
const IDN_EMAIL_DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\x80-\uD7FF\uE000-\u{10FFFF}-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\x80-\uD7FF\uE000-\u{10FFFF}-]+)*$/u;
const IDN_EMAIL_QUOTED = /^"(?:[\t\x20\x21\x23-\x5b\x5d-\x7e\x80-\uD7FF\uE000-\u{10FFFF}]|\\[\t\x20-\x7e\x80-\uD7FF\uE000-\u{10FFFF}])*"$/u;
const EMAIL_IPV6_TAG = /^IPv6:/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_CHARS = /^[0-9a-fA-F:.]+$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const UUID = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

// RFC 3986 / RFC 3987, one character class per component; "%" is allowed by each class and checked once, up front.
const BAD_ESCAPE = /%(?![0-9a-fA-F]{2})/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const PORT = /^:\d*$/;
const IP_FUTURE = /^[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/;
const URI_USERINFO = /^[A-Za-z0-9\-._~%!$&'()*+,;=:]*$/;
const URI_HOST = /^[A-Za-z0-9\-._~%!$&'()*+,;=]*$/;
const URI_PATH = /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*$/;
const URI_QUERY = /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*$/;
// RFC 3987 ucschar (allowed where RFC 3986 allows unreserved characters) and iprivate (the query only).
const IRI_USERINFO =
  /^[A-Za-z0-9\-._~%!$&'()*+,;=:\xA0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF\u{10000}-\u{1FFFD}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}\u{40000}-\u{4FFFD}\u{50000}-\u{5FFFD}\u{60000}-\u{6FFFD}\u{70000}-\u{7FFFD}\u{80000}-\u{8FFFD}\u{90000}-\u{9FFFD}\u{A0000}-\u{AFFFD}\u{B0000}-\u{BFFFD}\u{C0000}-\u{CFFFD}\u{D0000}-\u{DFFFD}\u{E1000}-\u{EFFFD}]*$/u;
const IRI_HOST =
  /^[A-Za-z0-9\-._~%!$&'()*+,;=\xA0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF\u{10000}-\u{1FFFD}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}\u{40000}-\u{4FFFD}\u{50000}-\u{5FFFD}\u{60000}-\u{6FFFD}\u{70000}-\u{7FFFD}\u{80000}-\u{8FFFD}\u{90000}-\u{9FFFD}\u{A0000}-\u{AFFFD}\u{B0000}-\u{BFFFD}\u{C0000}-\u{CFFFD}\u{D0000}-\u{DFFFD}\u{E1000}-\u{EFFFD}]*$/u;
const IRI_PATH =
  /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/\xA0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF\u{10000}-\u{1FFFD}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}\u{40000}-\u{4FFFD}\u{50000}-\u{5FFFD}\u{60000}-\u{6FFFD}\u{70000}-\u{7FFFD}\u{80000}-\u{8FFFD}\u{90000}-\u{9FFFD}\u{A0000}-\u{AFFFD}\u{B0000}-\u{BFFFD}\u{C0000}-\u{CFFFD}\u{D0000}-\u{DFFFD}\u{E1000}-\u{EFFFD}]*$/u;
const IRI_FRAGMENT =
  /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/?\xA0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF\u{10000}-\u{1FFFD}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}\u{40000}-\u{4FFFD}\u{50000}-\u{5FFFD}\u{60000}-\u{6FFFD}\u{70000}-\u{7FFFD}\u{80000}-\u{8FFFD}\u{90000}-\u{9FFFD}\u{A0000}-\u{AFFFD}\u{B0000}-\u{BFFFD}\u{C0000}-\u{CFFFD}\u{D0000}-\u{DFFFD}\u{E1000}-\u{EFFFD}]*$/u;
const IRI_QUERY =
  /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/?\xA0-\uD7FF\uE000-\uFDCF\uFDF0-\uFFEF\u{10000}-\u{1FFFD}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}\u{40000}-\u{4FFFD}\u{50000}-\u{5FFFD}\u{60000}-\u{6FFFD}\u{70000}-\u{7FFFD}\u{80000}-\u{8FFFD}\u{90000}-\u{9FFFD}\u{A0000}-\u{AFFFD}\u{B0000}-\u{BFFFD}\u{C0000}-\u{CFFFD}\u{D0000}-\u{DFFFD}\u{E1000}-\u{EFFFD}\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}]*$/u;

// RFC 6570 (level 4): literals (any character but controls, space and "<>\^`{|}%; the apostrophe too, as the
// RFC's erratum and the JSON Schema suite have it), %-escapes, and {expressions} of comma-separated varspecs.
const URI_TEMPLATE =
  /^(?:[!#$&'()*+,\-./0-9:;=?@A-Z[\]_a-z~\xA0-\uD7FF\uE000-\uFDCF\uFDF0-\uFFEF\u{10000}-\u{1FFFD}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}\u{40000}-\u{4FFFD}\u{50000}-\u{5FFFD}\u{60000}-\u{6FFFD}\u{70000}-\u{7FFFD}\u{80000}-\u{8FFFD}\u{90000}-\u{9FFFD}\u{A0000}-\u{AFFFD}\u{B0000}-\u{BFFFD}\u{C0000}-\u{CFFFD}\u{D0000}-\u{DFFFD}\u{E1000}-\u{EFFFD}\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}]|%[0-9A-Fa-f]{2}|\{[+#./;?&]?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*(?::[1-9]\d{0,3}|\*)?(?:,(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*(?::[1-9]\d{0,3}|\*)?)*\})*$/u;

const JSON_POINTER = /^(?:\/(?:[^~/]|~[01])*)*$/;
const RELATIVE_JSON_POINTER = /^(?:0|[1-9]\d*)(?:[+-][1-9]\d*)?(?:#|(?:\/(?:[^~/]|~[01])*)*)$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// Host names: RFC 1123 labels, A-labels (RFC 3492 Punycode) and U-labels (IDNA2008: RFC 5891-5893).
const LDH_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const ACE_PREFIX = /^xn--/i;
const PLAIN_HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const HAS_ACE_LABEL = /(?:^|[.@])xn--/i;
const EMAIL_PLAIN = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const IDN_SEPARATOR = /[.\u3002\uFF0E\uFF61]/;
const UNASSIGNED = /^\p{Cn}$/u;
const UNSTABLE = /^\p{Changes_When_NFKC_Casefolded}$/u;
const IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Noncharacter_Code_Point}\u20D0-\u20FF\u{1D100}-\u{1D24F}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF]$/u;
const LETTER_DIGIT = /^[\p{Ll}\p{Lu}\p{Lo}\p{Nd}\p{Lm}\p{Mn}\p{Mc}]$/u;
const MARK = /^\p{M}$/u;
const NONSPACING_MARK = /^[\p{Mn}\p{Me}]$/u;
const GREEK = /^\p{Script=Greek}$/u;
const HEBREW = /^\p{Script=Hebrew}$/u;
const HIRAGANA_KATAKANA_HAN = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
// Canonical_Combining_Class=Virama (RFC 5892 appendix A.1 and A.2: a joiner may follow one).
const VIRAMA =
  /^[\u094D\u09CD\u0A4D\u0ACD\u0B4D\u0BCD\u0C4D\u0CCD\u0D3B\u0D3C\u0D4D\u0DCA\u0E3A\u0EBA\u0F84\u1039\u103A\u1714\u1715\u1734\u17D2\u1A60\u1B44\u1BAA\u1BAB\u1BF2\u1BF3\u2D7F\uA806\uA82C\uA8C4\uA953\uA9C0\uAAF6\uABED\u{10A3F}\u{11046}\u{11070}\u{1107F}\u{110B9}\u{11133}\u{11134}\u{111C0}\u{11235}\u{112EA}\u{1134D}\u{11442}\u{114C2}\u{115BF}\u{1163F}\u{116B6}\u{1172B}\u{11839}\u{1193D}\u{1193E}\u{119E0}\u{11A34}\u{11A47}\u{11A99}\u{11C3F}\u{11D44}\u{11D45}\u{11D97}\u{11F41}\u{11F42}]$/u;
// Joining_Type (ArabicShaping.txt), for the ZERO WIDTH NON-JOINER rule of RFC 5892 A.1: letters of the scripts that
// join are dual-joining (D) unless listed as right-joining (R, the Arabic and Syriac ones) or non-joining.
const JOINING_TRANSPARENT = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const JOINING_RIGHT =
  /^[\u0622-\u0625\u0627\u0629\u062F-\u0632\u0648\u0671-\u0673\u0675-\u0677\u0688-\u0699\u06C0\u06C3-\u06CB\u06CD\u06CF\u06D2\u06D3\u06D5\u06EE\u06EF\u0710\u0715-\u0719\u071E\u0728\u072A\u072C\u072F\u074D\u0759-\u075B\u076B\u076C\u0771\u0773\u0774\u0778\u0779\u08AA-\u08AC\u08AE\u08B1\u08B2\u08B9]$/u;
const JOINING_NONE = /^[\u0621\u0674\u08AD\u1880-\u1886]$/u;
const JOINING_SCRIPT =
  /^[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}\p{Script=Mandaic}\p{Script=Manichaean}\p{Script=Psalter_Pahlavi}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Sogdian}\p{Script=Phags_Pa}]$/u;
// Bidi_Class, as far as the Bidi rule (RFC 5893) asks about the characters a U-label may hold.
const BIDI_RTL = /^[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFE\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]$/u;
const BIDI_ARABIC_NUMBER = /^[\u0600-\u0605\u0660-\u0669\u066B\u066C\u06DD\u0890\u0891\u08E2\u{10D30}-\u{10D39}\u{10E60}-\u{10E7E}]$/u;
const BIDI_EUROPEAN_NUMBER = /^[0-9\u06F0-\u06F9]$/;
const BIDI_LEFT = /^[\p{L}\p{Mc}\p{Nd}\p{Nl}\u0F0B]$/u;

/** RFC 3339 full-date: YYYY-MM-DD with a day that exists in that month. */
export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const y = +m[1]!,
    mo = +m[2]!,
    d = +m[3]!;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && leap ? 29 : DAYS[mo]!);
}

/** RFC 3339 full-time with its offset; a leap second only where it is 23:59:60 in UTC. */
export function isTime(s: string): boolean {
  const m = TIME.exec(s);
  if (!m) return false;
  const h = +m[1]!,
    mi = +m[2]!,
    sec = +m[3]!;
  const sign = m[4] === "-" ? -1 : 1,
    oh = +(m[5] ?? 0),
    om = +(m[6] ?? 0);
  if (oh > 23 || om > 59) return false;
  if (h <= 23 && mi <= 59 && sec <= 59) return true;
  if (sec !== 60 || mi > 59 || h > 23) return false;
  const utcMinute = mi - om * sign;
  const utcHour = h - oh * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1);
}

/** RFC 3339 date-time: full-date, "T" (or "t" or a space, as RFC 3339 section 5.6 allows), full-time. */
export function isDateTime(s: string): boolean {
  const separator = s.charAt(10);
  return (separator === "T" || separator === "t" || separator === " ") && isDate(s.slice(0, 10)) && isTime(s.slice(11));
}

/**
 * RFC 3339 appendix A duration: P, then years-months-days (each only with the next larger one
 * present, as in P1Y2M or P2M3D, not P1Y3D) and/or T hours-minutes-seconds alike, or weeks alone
 * (P2W, never combined). Whole numbers only: no fractions, signs or exponents.
 */
export function isDuration(s: string): boolean {
  return DURATION.test(s);
}

/**
 * An e-mail address (RFC 5321 Mailbox): a dot-atom or "quoted string" local part, "@", then a
 * host name of at least two labels or an address literal ([192.0.2.1] or [IPv6:2001:db8::1]).
 */
export function isEmail(s: string): boolean {
  // The common case in one pass: a dot-atom at a plain host name with a dot and no A-label.
  if (s.length <= 254 && EMAIL_PLAIN.test(s) && !HAS_ACE_LABEL.test(s)) return true;
  const at = s.lastIndexOf("@");
  if (at <= 0) return false;
  const local = s.slice(0, at);
  if (!EMAIL_DOT_ATOM.test(local) && !EMAIL_QUOTED.test(local)) return false;
  const domain = s.slice(at + 1);
  if (domain.charCodeAt(0) === 0x5b) return isAddressLiteral(domain);
  return domain.indexOf(".") !== -1 && isHostname(domain);
}

/** RFC 6531 internationalized e-mail: isEmail's shape, with any non-ASCII character allowed in the local part and a U-label domain. */
export function isIdnEmail(s: string): boolean {
  const at = s.lastIndexOf("@");
  if (at <= 0) return false;
  const local = s.slice(0, at);
  if (!IDN_EMAIL_DOT_ATOM.test(local) && !IDN_EMAIL_QUOTED.test(local)) return false;
  const domain = s.slice(at + 1);
  if (domain.charCodeAt(0) === 0x5b) return isAddressLiteral(domain);
  return IDN_SEPARATOR.test(domain) && isIdnHostname(domain);
}

function isAddressLiteral(s: string): boolean {
  if (s.charCodeAt(s.length - 1) !== 0x5d) return false;
  const inner = s.slice(1, -1);
  return EMAIL_IPV6_TAG.test(inner) ? isIpv6(inner.slice(5)) : isIpv4(inner);
}

/**
 * A host name (RFC 1123): dot-separated labels of letters, digits and inner hyphens, each at most
 * 63 characters, at most 253 in all. A label that starts with "xn--" must be a valid A-label: Punycode
 * that decodes to a U-label as IDNA2008 allows (RFC 5891-5893), and encodes back to itself.
 */
export function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 253 || !ASCII_ONLY.test(s)) return false;
  // The common case, letters/digits/hyphens with no A-label, needs no Punycode or Bidi work.
  if (PLAIN_HOSTNAME.test(s) && !HAS_ACE_LABEL.test(s)) return true;
  return isDomain(s.split("."), false);
}

/**
 * An internationalized host name (RFC 5890): labels separated by "." or the ideographic full stops
 * (U+3002, U+FF0E, U+FF61), each an ASCII label, an A-label or a U-label of characters IDNA2008
 * permits (RFC 5892, derived from the Unicode properties the JavaScript engine knows, and its
 * contextual rules), with the Bidi rule (RFC 5893); at most 63 octets per label and 253 in all once
 * converted to A-labels. Unicode normalization is not checked.
 */
export function isIdnHostname(s: string): boolean {
  if (s.length === 0 || s.length > 253 * 2) return false; // an A-label is never shorter than its U-label
  return isDomain(s.split(IDN_SEPARATOR), true);
}

function isDomain(labels: string[], unicode: boolean): boolean {
  let total = labels.length - 1;
  let bidi = false;
  const decoded: number[][] = [];
  for (const label of labels) {
    let points: number[];
    if (ASCII_ONLY.test(label)) {
      if (!LDH_LABEL.test(label)) return false;
      total += label.length;
      if (ACE_PREFIX.test(label)) {
        const unicodePoints = punycodeDecode(label.slice(4));
        if (unicodePoints === undefined || unicodePoints.every((c) => c < 0x80)) return false;
        points = lowerAscii(unicodePoints);
        // Canonical: it encodes back to itself (letters compared case-insensitively).
        if (punycodeEncode(points) !== label.slice(4).toLowerCase() || !isULabel(points)) return false;
      } else {
        // "--" in the third and fourth positions marks a reserved label, not a host name, for IDNA.
        if (unicode && label.charCodeAt(2) === 0x2d && label.charCodeAt(3) === 0x2d) return false;
        points = lowerAscii(codePoints(label));
      }
    } else {
      if (!unicode) return false;
      points = lowerAscii(codePoints(label));
      if (points.length > 59 || !isULabel(points)) return false;
      const aLabelLength = 4 + punycodeEncode(points).length;
      if (aLabelLength > 63) return false;
      total += aLabelLength;
    }
    if (total > 253) return false;
    for (const c of points) {
      const kind = bidiClass(c);
      if (kind === "R" || kind === "AN") bidi = true;
    }
    decoded.push(points);
  }
  return !bidi || decoded.every(bidiRule);
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** DNS compares ASCII letters case-insensitively: A-Z count as a-z. */
function lowerAscii(points: number[]): number[] {
  return points.map((c) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c));
}

// RFC 3492 Punycode parameters.
const PUNY_BASE = 36;
const PUNY_TMIN = 1;
const PUNY_TMAX = 26;

function punycodeAdapt(delta: number, points: number, first: boolean): number {
  delta = first ? Math.floor(delta / 700) : delta >> 1;
  delta += Math.floor(delta / points);
  let k = 0;
  while (delta > ((PUNY_BASE - PUNY_TMIN) * PUNY_TMAX) >> 1) {
    delta = Math.floor(delta / (PUNY_BASE - PUNY_TMIN));
    k += PUNY_BASE;
  }
  return k + Math.floor(((PUNY_BASE - PUNY_TMIN + 1) * delta) / (delta + 38));
}

function punycodeThreshold(k: number, bias: number): number {
  return k <= bias ? PUNY_TMIN : k >= bias + PUNY_TMAX ? PUNY_TMAX : k - bias;
}

/** RFC 3492 decoding of what follows "xn--"; undefined when it is not valid Punycode. */
function punycodeDecode(input: string): number[] | undefined {
  const out: number[] = [];
  const basic = Math.max(input.lastIndexOf("-"), 0);
  for (let j = 0; j < basic; j++) out.push(input.charCodeAt(j));
  let n = 128,
    bias = 72,
    i = 0;
  for (let pos = basic > 0 ? basic + 1 : 0; pos < input.length;) {
    const old = i;
    for (let w = 1, k = PUNY_BASE; ; k += PUNY_BASE) {
      if (pos >= input.length) return undefined;
      const c = input.charCodeAt(pos++);
      const digit = c >= 0x30 && c <= 0x39 ? c - 22 : c >= 0x41 && c <= 0x5a ? c - 0x41 : c >= 0x61 && c <= 0x7a ? c - 0x61 : PUNY_BASE;
      if (digit >= PUNY_BASE) return undefined;
      i += digit * w;
      if (i > 0x10ffff * 64) return undefined;
      const t = punycodeThreshold(k, bias);
      if (digit < t) break;
      w *= PUNY_BASE - t;
    }
    bias = punycodeAdapt(i - old, out.length + 1, old === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return undefined;
    out.splice(i++, 0, n);
  }
  return out;
}

/** RFC 3492 encoding (lower-case digits), without the "xn--" prefix. */
function punycodeEncode(points: number[]): string {
  let out = "";
  for (const c of points) if (c < 0x80) out += String.fromCharCode(c);
  const basic = out.length;
  let handled = basic;
  if (basic > 0) out += "-";
  let n = 128,
    delta = 0,
    bias = 72;
  while (handled < points.length) {
    let m = 0x110000;
    for (const c of points) if (c >= n && c < m) m = c;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of points) {
      if (c < n) delta++;
      if (c !== n) continue;
      let q = delta;
      for (let k = PUNY_BASE; ; k += PUNY_BASE) {
        const t = punycodeThreshold(k, bias);
        if (q < t) break;
        const digit = t + ((q - t) % (PUNY_BASE - t));
        out += String.fromCharCode(digit < 26 ? digit + 0x61 : digit + 22);
        q = Math.floor((q - t) / (PUNY_BASE - t));
      }
      out += String.fromCharCode(q < 26 ? q + 0x61 : q + 22);
      bias = punycodeAdapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return out;
}

/** A U-label (at most 63 code points): hyphen rules, no leading mark, every code point PVALID or allowed by its context (RFC 5892). */
function isULabel(points: number[]): boolean {
  const count = points.length;
  if (count === 0 || count > 63) return false;
  if (points[0] === 0x2d || points[count - 1] === 0x2d || (points[2] === 0x2d && points[3] === 0x2d)) return false;
  if (MARK.test(String.fromCodePoint(points[0]!))) return false;
  let arabicIndic = false,
    extendedArabicIndic = false,
    katakanaDot = false,
    kanaOrHan = false;
  for (let i = 0; i < count; i++) {
    const c = points[i]!;
    const before = i > 0 ? points[i - 1]! : -1;
    const after = i + 1 < count ? points[i + 1]! : -1;
    if (c >= 0x0660 && c <= 0x0669) arabicIndic = true;
    else if (c >= 0x06f0 && c <= 0x06f9) extendedArabicIndic = true;
    else if (c === 0x30fb) katakanaDot = true;
    else if (HIRAGANA_KATAKANA_HAN.test(String.fromCodePoint(c))) kanaOrHan = true;
    if (c === 0x200c || c === 0x200d) {
      if (before >= 0 && VIRAMA.test(String.fromCodePoint(before))) continue;
      if (c === 0x200d || !joinsAcross(points, i)) return false;
    } else if (c === 0x00b7) {
      if (before !== 0x6c || after !== 0x6c) return false;
    } else if (c === 0x0375) {
      if (after < 0 || !GREEK.test(String.fromCodePoint(after))) return false;
    } else if (c === 0x05f3 || c === 0x05f4) {
      if (before < 0 || !HEBREW.test(String.fromCodePoint(before))) return false;
    } else if (!(c === 0x30fb || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06f0 && c <= 0x06f9)) && !isPvalid(c)) return false;
  }
  if (arabicIndic && extendedArabicIndic) return false;
  return !katakanaDot || kanaOrHan;
}

/** RFC 5892 section 2 (the derivation of IDNA2008's PVALID), in its order, for a code point with no contextual rule. */
function isPvalid(c: number): boolean {
  if (c === 0x00df || c === 0x03c2 || c === 0x06fd || c === 0x06fe || c === 0x0f0b || c === 0x3007) return true;
  if (c === 0x0640 || c === 0x07fa || c === 0x302e || c === 0x302f || (c >= 0x3031 && c <= 0x3035) || c === 0x303b) return false;
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d) return true;
  if (c < 0x80) return false;
  const ch = String.fromCodePoint(c);
  return !UNASSIGNED.test(ch) && !UNSTABLE.test(ch) && !IGNORABLE.test(ch) && LETTER_DIGIT.test(ch);
}

/** RFC 5892 A.1: a ZERO WIDTH NON-JOINER between a left- or dual-joining and a right- or dual-joining character (transparent ones skipped). */
function joinsAcross(points: number[], at: number): boolean {
  let i = at - 1;
  while (i >= 0 && joiningType(points[i]!) === "T") i--;
  if (i < 0) return false;
  const left = joiningType(points[i]!);
  if (left !== "L" && left !== "D") return false;
  let j = at + 1;
  while (j < points.length && joiningType(points[j]!) === "T") j++;
  if (j >= points.length) return false;
  const right = joiningType(points[j]!);
  return right === "R" || right === "D";
}

function joiningType(c: number): "T" | "L" | "R" | "D" | "U" {
  if (c === 0x200c || c === 0x200d) return "U";
  if (c === 0xa872 || c === 0x10acd || c === 0x10ad7 || c === 0x10d00) return "L";
  const ch = String.fromCodePoint(c);
  if (JOINING_TRANSPARENT.test(ch)) return "T";
  if (JOINING_RIGHT.test(ch)) return "R";
  if (JOINING_NONE.test(ch) || !JOINING_SCRIPT.test(ch) || !LETTER_DIGIT.test(ch) || c === 0x0640) return "U";
  return (c >= 0x0660 && c <= 0x0669) || (c >= 0x06f0 && c <= 0x06f9) ? "U" : "D";
}

function bidiClass(c: number): "L" | "R" | "AN" | "EN" | "NSM" | "ON" {
  const ch = String.fromCodePoint(c);
  if (BIDI_EUROPEAN_NUMBER.test(ch)) return "EN";
  if (BIDI_ARABIC_NUMBER.test(ch)) return "AN";
  if (NONSPACING_MARK.test(ch)) return "NSM";
  if (BIDI_RTL.test(ch)) return "R";
  return BIDI_LEFT.test(ch) ? "L" : "ON";
}

/** RFC 5893 section 2, for every label of a domain name that holds a right-to-left character. */
function bidiRule(points: number[]): boolean {
  const first = bidiClass(points[0]!);
  if (first !== "L" && first !== "R") return false;
  let last = "";
  let european = false,
    arabic = false;
  for (const c of points) {
    const kind = bidiClass(c);
    if (first === "L" ? kind === "R" || kind === "AN" : kind === "L") return false;
    if (kind === "EN") european = true;
    if (kind === "AN") arabic = true;
    if (kind !== "NSM") last = kind;
  }
  if (first === "R") return (last === "R" || last === "EN" || last === "AN") && !(european && arabic);
  return last === "L" || last === "EN";
}

/** Dotted-quad IPv4 with no leading zeros. */
export function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

/** RFC 4291 text form: eight hex groups, one "::" for a run of zero groups, an IPv4 tail allowed. */
export function isIpv6(s: string): boolean {
  if (s.length > 45 || !IPV6_CHARS.test(s)) return false; // 45: ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255
  let groups = 8;
  let body = s;
  const lastColon = s.lastIndexOf(":");
  if (s.includes(".")) {
    if (!isIpv4(s.slice(lastColon + 1))) return false;
    body = s.slice(0, lastColon + 1) + "0";
    groups = 7;
  }
  const halves = body.split("::");
  if (halves.length > 2) return false;
  const hex = (part: string) => (part === "" ? [] : part.split(":"));
  const head = hex(halves[0]!);
  const tail = halves.length === 2 ? hex(halves[1]!) : [];
  if (![...head, ...tail].every((g) => HEX_GROUP.test(g))) return false;
  const count = head.length + tail.length;
  return halves.length === 2 ? count < groups : count === groups;
}

/** An absolute URI (RFC 3986): scheme ":" hier-part ["?" query] ["#" fragment], each part of its own characters and well-formed %-escapes. */
export function isUri(s: string): boolean {
  return isUriLike(s, false, true);
}

/** A URI reference (RFC 3986): an absolute URI or a relative reference (such as //host/p, /p, p, ?q, #f or ""). */
export function isUriReference(s: string): boolean {
  return isUriLike(s, false, false);
}

/** An absolute IRI (RFC 3987): isUri with non-ASCII characters (ucschar; private-use ones in the query) allowed. */
export function isIri(s: string): boolean {
  return isUriLike(s, true, true);
}

/** An IRI reference (RFC 3987): isUriReference with non-ASCII characters allowed as in isIri. */
export function isIriReference(s: string): boolean {
  return isUriLike(s, true, false);
}

function isUriLike(s: string, iri: boolean, absolute: boolean): boolean {
  if (BAD_ESCAPE.test(s)) return false;
  let rest = s;
  const hash = rest.indexOf("#");
  if (hash !== -1) {
    if (!(iri ? IRI_FRAGMENT : URI_QUERY).test(rest.slice(hash + 1))) return false;
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf("?");
  if (question !== -1) {
    if (!(iri ? IRI_QUERY : URI_QUERY).test(rest.slice(question + 1))) return false;
    rest = rest.slice(0, question);
  }
  const scheme = SCHEME.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  else if (absolute) return false;
  let path = rest;
  if (rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    path = slash === -1 ? "" : rest.slice(slash);
    if (!isAuthority(slash === -1 ? rest.slice(2) : rest.slice(2, slash), iri)) return false;
  } else if (!scheme) {
    const slash = path.indexOf("/");
    if ((slash === -1 ? path : path.slice(0, slash)).indexOf(":") !== -1) return false; // would read as a scheme
  }
  return (iri ? IRI_PATH : URI_PATH).test(path);
}

/** RFC 3986 authority: [userinfo "@"] host [":" port], the host an [IPv6] or [vX.future] literal or a reg-name (IPv4 included). */
function isAuthority(a: string, iri: boolean): boolean {
  const at = a.indexOf("@");
  if (at !== a.lastIndexOf("@")) return false;
  if (at !== -1 && !(iri ? IRI_USERINFO : URI_USERINFO).test(a.slice(0, at))) return false;
  const hostPort = a.slice(at + 1);
  if (hostPort.charCodeAt(0) === 0x5b) {
    const close = hostPort.indexOf("]");
    if (close === -1) return false;
    const port = hostPort.slice(close + 1);
    const literal = hostPort.slice(1, close);
    return (port === "" || PORT.test(port)) && (isIpv6(literal) || IP_FUTURE.test(literal));
  }
  const colon = hostPort.indexOf(":");
  const port = colon === -1 ? "" : hostPort.slice(colon);
  return (port === "" || PORT.test(port)) && (iri ? IRI_HOST : URI_HOST).test(colon === -1 ? hostPort : hostPort.slice(0, colon));
}

/** RFC 4122 text form: 8-4-4-4-12 hex digits, any case, any version or variant. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** An RFC 6570 URI Template (up to level 4): literals and {expressions} such as {var}, {+path}, {?x,y*}, {v:3}. */
export function isUriTemplate(s: string): boolean {
  return URI_TEMPLATE.test(s);
}

/** An RFC 6901 JSON Pointer: "" or "/"-prefixed reference tokens, "~" only as ~0 or ~1. */
export function isJsonPointer(s: string): boolean {
  return JSON_POINTER.test(s);
}

/**
 * A Relative JSON Pointer (draft-bhutton-relative-json-pointer-00): a non-negative integer without
 * leading zeros, optionally an index manipulation (+N or -N), then a JSON Pointer or "#".
 */
export function isRelativeJsonPointer(s: string): boolean {
  return RELATIVE_JSON_POINTER.test(s);
}

/** An ECMA-262 regular expression, as this engine compiles it with the "u" flag (as `pattern` is compiled). */
export function isRegex(s: string): boolean {
  try {
    new RegExp(s, "u");
    return true;
  } catch {
    return false;
  }
}

const INT64_MAGNITUDE = 2 ** 63;
const FLOAT_MAX = 3.4028234663852886e38;

/** OpenAPI int32: an integer from -2^31 to 2^31-1. */
export function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;
}

/**
 * OpenAPI int64: an integer of magnitude at most 2^63. A JSON number past 2^53 has already been
 * rounded to the nearest double, and 2^63-1 itself rounds to 2^63, so the bound is by magnitude.
 */
export function isInt64(n: number): boolean {
  return Number.isInteger(n) && n >= -INT64_MAGNITUDE && n <= INT64_MAGNITUDE;
}

/** OpenAPI float: a finite number within the range of a 32-bit float (±3.4028234663852886e38); precision is not checked. */
export function isFloat(n: number): boolean {
  return Number.isFinite(n) && n >= -FLOAT_MAX && n <= FLOAT_MAX;
}

/** OpenAPI double: any finite number. */
export function isDouble(n: number): boolean {
  return Number.isFinite(n);
}

/** OpenAPI byte: base64 (RFC 4648 section 4, standard alphabet), padded to a multiple of 4 characters. */
export function isByte(s: string): boolean {
  return s.length % 4 === 0 && BASE64.test(s);
}

/** OpenAPI binary: any string (the format describes the content, not a syntax). */
export function isBinary(s: string): boolean {
  return typeof s === "string";
}

/** OpenAPI password: any string (the format only hints that the value be hidden). */
export function isPassword(s: string): boolean {
  return typeof s === "string";
}
