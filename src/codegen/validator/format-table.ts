// Compile-time data: which runtime check in formats.ts each `format` value names, the words an error
// message uses for it, and the JSON type it applies to (a value of another type passes, as JSON Schema has it).

export interface FormatInfo {
  /** The function in formats.ts that checks a value of this format. */
  check: string;
  /** A few words for error messages: "expected <text>, found ...". */
  text: string;
  /** The JSON type the format constrains: values of any other type are not checked. */
  applies: "string" | "number";
}

/** Every format of JSON Schema draft 2020-12 and of OpenAPI 3.x, by name. */
export const FORMATS: Readonly<Record<string, FormatInfo>> = Object.freeze({
  "date-time": {
    check: "isDateTime",
    text: "an RFC 3339 date-time (such as 1990-01-01T00:00:00Z)",
    applies: "string",
  },
  date: { check: "isDate", text: "a date (YYYY-MM-DD)", applies: "string" },
  time: {
    check: "isTime",
    text: "an RFC 3339 time with an offset (such as 12:00:00Z)",
    applies: "string",
  },
  duration: {
    check: "isDuration",
    text: "an ISO 8601 duration (such as P3DT4H)",
    applies: "string",
  },
  email: { check: "isEmail", text: "an e-mail address", applies: "string" },
  "idn-email": {
    check: "isIdnEmail",
    text: "an e-mail address (international characters allowed)",
    applies: "string",
  },
  hostname: { check: "isHostname", text: "a host name", applies: "string" },
  "idn-hostname": {
    check: "isIdnHostname",
    text: "a host name (international characters allowed)",
    applies: "string",
  },
  ipv4: { check: "isIpv4", text: "an IPv4 address", applies: "string" },
  ipv6: { check: "isIpv6", text: "an IPv6 address", applies: "string" },
  uri: { check: "isUri", text: "an absolute URI", applies: "string" },
  "uri-reference": {
    check: "isUriReference",
    text: "a URI reference",
    applies: "string",
  },
  iri: {
    check: "isIri",
    text: "an absolute IRI (a URI with international characters allowed)",
    applies: "string",
  },
  "iri-reference": {
    check: "isIriReference",
    text: "an IRI reference",
    applies: "string",
  },
  uuid: { check: "isUuid", text: "a UUID", applies: "string" },
  "uri-template": {
    check: "isUriTemplate",
    text: "a URI template (RFC 6570)",
    applies: "string",
  },
  "json-pointer": {
    check: "isJsonPointer",
    text: "a JSON Pointer (such as /items/0)",
    applies: "string",
  },
  "relative-json-pointer": {
    check: "isRelativeJsonPointer",
    text: "a relative JSON Pointer (such as 1/name)",
    applies: "string",
  },
  regex: { check: "isRegex", text: "a regular expression", applies: "string" },
  int32: { check: "isInt32", text: "a 32-bit integer", applies: "number" },
  int64: { check: "isInt64", text: "a 64-bit integer", applies: "number" },
  float: {
    check: "isFloat",
    text: "a number in the range of a 32-bit float",
    applies: "number",
  },
  double: { check: "isDouble", text: "a finite number", applies: "number" },
  byte: {
    check: "isByte",
    text: "base64-encoded data (RFC 4648, padded)",
    applies: "string",
  },
  binary: { check: "isBinary", text: "binary data", applies: "string" },
  password: { check: "isPassword", text: "a password", applies: "string" },
});
