/**
 * The peer our generated validators are tested and measured against: ajv 8 (JSON Schema 2020-12)
 * with ajv-formats "full", compiled from the same spec. Used by test/validators/ and bench/.
 */
import _Ajv2020 from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv/dist/2020.js";
import _addFormats from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { domainToASCII, domainToUnicode } from "node:url";
import type { Doc } from "./spec-bodies.js";

// ajv and ajv-formats are CommonJS modules whose typings declare `export default`.
const Ajv2020 = _Ajv2020 as unknown as typeof _Ajv2020.default;
const addFormats = _addFormats as unknown as typeof _addFormats.default;

/** The schema keywords that lead to subschemas, to strip annotations ajv does not need. */
function stripForAjv(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripForAjv);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    // discriminator: ajv's support needs an option and rejects `mapping`; the branches carry
    // their tag as `const`, so oneOf alone decides. xml/example(s): annotations.
    if (k === "discriminator" || k === "xml" || k === "example" || k === "examples") continue;
    if (k === "properties" && v !== null && typeof v === "object") {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, stripForAjv(sub)]));
    } else if (k === "enum" || k === "const" || k === "default" || k === "required") {
      out[k] = v;
    } else {
      out[k] = stripForAjv(v);
    }
  }
  return out;
}

type EachItemRule = { items: string; anyOf: ({ item: unknown } | { request: unknown } | { itemPropertyNamedBy: string })[] };
const ownValue = (o: Record<string, unknown>, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * `x-each-item-requires` (src/codegen/each-item-requires.ts), written independently of the compiler:
 * unless a `request` alternative holds, every object item of data[items] satisfies an `item`
 * alternative (compiled by ajv) or holds a non-null own value under the name data[itemPropertyNamedBy].
 */
function eachItemRequires(compile: (schema: unknown) => (data: unknown) => boolean, rule: EachItemRule): (data: unknown) => boolean {
  const request = rule.anyOf.flatMap((a) => ("request" in a ? [compile(a.request)] : []));
  const item = rule.anyOf.flatMap((a) => ("item" in a ? [compile(a.item)] : []));
  const byName = rule.anyOf.flatMap((a) => ("itemPropertyNamedBy" in a ? [a.itemPropertyNamedBy] : []))[0];
  return (data) => {
    if (!isRecord(data)) return true;
    const items = ownValue(data, rule.items);
    if (!Array.isArray(items) || request.some((r) => r(data))) return true;
    const name = byName === undefined ? undefined : ownValue(data, byName);
    if (byName !== undefined && typeof name !== "string") return true;
    return items.every((x) => !isRecord(x) || item.some((r) => r(x)) || (typeof name === "string" && ownValue(x, name) != null));
  };
}

/**
 * The one place where the peer is not plain ajv-formats: its "full" `date-time` takes any
 * whitespace between date and time (it splits on /t|\s/i: a tab, a newline, U+00A0, U+2028…) and
 * offsets without a colon or without minutes (`+0530`, `+05`). RFC 3339 (section 5.6, which
 * docs/specs.md's `date-time` means and which ajv-formats cites) allows only `T`/`t` (or, per its
 * note, a space) and `+hh:mm`; the generated validators follow the RFC. The peer keeps ajv-formats'
 * check (days per month, leap seconds, ranges) and adds the RFC's shape. The differential test's "known differences" pins this: drop the override to see the raw ajv-formats verdicts.
 */
const RFC3339_DATE_TIME_SHAPE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
export const ajvFormatsDateTime = (s: string): boolean => (fullFormats["date-time"] as { validate: (s: string) => boolean }).validate(s);
export const rfc3339DateTime = (s: string): boolean => RFC3339_DATE_TIME_SHAPE.test(s) && ajvFormatsDateTime(s);

/**
 * The second place: `email`. ajv-formats' "full" email is a dot-atom at a host name and does not
 * check A-labels. RFC 5321's Mailbox, which the JSON Schema suite tests and the generated
 * validators follow, also takes a quoted local part and an address literal (`[127.0.0.1]`,
 * `[IPv6:…]`), and an `xn--` label must be valid Punycode. The peer keeps ajv-formats' check for
 * dot-atoms, adds the two other forms, and checks A-labels with Node's own IDNA (url.domainToUnicode)
 * plus IDNA2008's letters-and-digits rule.
 */
const QUOTED_LOCAL = /^"(?:[\t\x20\x21\x23-\x5b\x5d-\x7e]|\\[\t\x20-\x7e])*"$/;
const ajvFormatsEmail = (s: string): boolean => (fullFormats.email as RegExp).test(s);
export function rfc5321Email(s: string): boolean {
  const at = s.lastIndexOf("@");
  if (at <= 0) return false;
  const [local, domain] = [s.slice(0, at), s.slice(at + 1)];
  if (domain.startsWith("[") && domain.endsWith("]")) {
    const literal = domain.slice(1, -1);
    const ipOk = /^IPv6:/i.test(literal) ? (fullFormats.ipv6 as RegExp).test(literal.slice(5)) : (fullFormats.ipv4 as RegExp).test(literal);
    return ipOk && (QUOTED_LOCAL.test(local) || ajvFormatsEmail(`${local}@example.com`));
  }
  const shapeOk = QUOTED_LOCAL.test(local) ? ajvFormatsEmail(`a@${domain}`) : ajvFormatsEmail(s);
  return shapeOk && domain.split(".").every((label) => !/^xn--/i.test(label) || isALabel(label));
}

/** An `xn--` label that Node decodes to letters, marks and digits (IDNA2008 allows no symbols: `xn--p1i` is "⪈"). */
function isALabel(label: string): boolean {
  const unicode = domainToUnicode(label);
  // …and it is the canonical spelling: encoded back, it is the same label (`xn---p1ai` decodes to "рф", whose A-label is `xn--p1ai`).
  return unicode !== "" && unicode !== label.toLowerCase() && /^[\p{L}\p{M}\p{Nd}-]+$/u.test(unicode) && domainToASCII(unicode) === label.toLowerCase();
}

/**
 * ajv compiled from a spec. `rfcFormats` (default): with the two overrides above, the peer of the
 * differential tests; without, plain ajv-formats, the peer benchmarks measure against.
 */
export function ajvFor(doc: Doc, options: { allErrors?: boolean; rfcFormats?: boolean } = {}): (schema: string) => ValidateFunction {
  const ajv = new Ajv2020({ allErrors: options.allErrors ?? true, strict: false });
  addFormats(ajv, { mode: "full" });
  if (options.rfcFormats !== false) {
    ajv.addFormat("date-time", { type: "string", validate: rfc3339DateTime });
    ajv.addFormat("email", { type: "string", validate: rfc5321Email });
  }
  ajv.addKeyword({
    keyword: "x-each-item-requires",
    schemaType: "object",
    errors: false,
    compile: (rule: EachItemRule) => eachItemRequires((schema) => ajv.compile(stripForAjv(schema) as object), rule),
  });
  const components = doc["components"] as Record<string, unknown>;
  ajv.addSchema({ $id: "spec", components: { schemas: stripForAjv(components["schemas"]) } });
  const compiled = new Map<string, ValidateFunction>();
  return (schema) => {
    let v = compiled.get(schema);
    if (!v) compiled.set(schema, (v = ajv.compile({ $ref: `spec#/components/schemas/${schema}` })));
    return v;
  };
}
