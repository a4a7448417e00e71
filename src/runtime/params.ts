/**
 * Parameters as OpenAPI serializes them (RFC 6570 for path and query): path (simple, label, matrix),
 * query (form, spaceDelimited, pipeDelimited, deepObject), header (simple) and cookie (form), each
 * with `explode`, arrays and objects; `json` parameters as JSON text. Values are percent-encoded as
 * RFC 3986 says for a URI component (`!'()*` too, which encodeURIComponent leaves); `allowReserved`
 * keeps the reserved characters but those that would end or split a query value (`# & = +`).
 *
 * openapi-fetch has serializers of its own (`serializeArrayParam`…), but they leave `!'()*` and
 * nested values as they are and `allowReserved` sends everything raw: the runtime writes the path and
 * the query text itself and gives openapi-fetch the finished path and a query serializer that returns
 * this text.
 */
import type { ValidationIssue } from "./errors/validation-error.js";
import type { OperationDescriptor, ParameterDescriptor } from "./operation.js";
import { pointerOf } from "./pointer.js";

export type ParameterValues = Partial<Record<"path" | "query" | "header" | "cookie", Readonly<Record<string, unknown>> | undefined>>;

export interface SerializedParameters {
  /** The path with every `{name}` filled in. */
  path: string;
  /** `name=value` parts, joined with `&` into the query (without the `?`). */
  query: string[];
  headers: [string, string][];
  /** `name=value` pairs of the Cookie header. */
  cookies: string[];
}

type Style = NonNullable<ParameterDescriptor["style"]>;

interface Rule {
  name: string;
  style: Style;
  explode: boolean;
  allowReserved: boolean;
}

/** RFC 3986 percent-encoding of a URI component: only the unreserved characters stay as they are. */
export function pctEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Percent-encoding for `allowReserved`: reserved characters and %XX triplets stay, but `# & = +` (they would end or split a query value). */
function pctEncodeReserved(text: string): string {
  return text.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?[\]@!$'()*,;%]/gu, (c) => encodeURIComponent(c));
}

/** A query name, percent-encoded as OpenAPI's style examples write them: `page[cursor]` → `page%5Bcursor%5D` (RFC 3986 keeps brackets out of queries). */
const encodeName = pctEncode;

/** A value as text: strings as they are, numbers and booleans as JSON writes them, dates as ISO 8601, anything else as JSON. */
export function scalarText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? "";
}

type Shape = { kind: "primitive"; text: string } | { kind: "array"; items: string[] } | { kind: "object"; entries: [string, string][]; raw: [string, unknown][] };

function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return { kind: "array", items: value.filter((v) => v !== undefined).map(scalarText) };
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const raw = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return { kind: "object", raw, entries: raw.map(([k, v]) => [k, scalarText(v)]) };
  }
  return { kind: "primitive", text: scalarText(value) };
}

/** `{name}` of a path template with a path parameter's value, by its style (simple, label, matrix). */
export function expandPath(value: unknown, rule: Rule): string {
  const s = shapeOf(value);
  const e = pctEncode;
  const name = e(rule.name);
  switch (s.kind) {
    case "primitive":
      if (rule.style === "label") return "." + e(s.text);
      if (rule.style === "matrix") return ";" + name + (s.text === "" ? "" : "=" + e(s.text));
      return e(s.text);
    case "array": {
      const items = s.items.map(e);
      if (rule.style === "label") return "." + items.join(rule.explode ? "." : ",");
      if (rule.style === "matrix") return rule.explode ? s.items.map((v) => ";" + name + (v === "" ? "" : "=" + e(v))).join("") : ";" + name + "=" + items.join(",");
      return items.join(",");
    }
    case "object": {
      const pairs = s.entries.map(([k, v]) => e(k) + "=" + e(v));
      const flat = s.entries.flatMap(([k, v]) => [e(k), e(v)]);
      if (rule.style === "label") return "." + (rule.explode ? pairs.join(".") : flat.join(","));
      if (rule.style === "matrix") return rule.explode ? pairs.map((p) => ";" + p).join("") : ";" + name + "=" + flat.join(",");
      return rule.explode ? pairs.join(",") : flat.join(",");
    }
  }
}

/** A query parameter as `name=value` parts (several for exploded arrays and objects; none for an empty array or object). */
export function queryParts(value: unknown, rule: Rule): string[] {
  const s = shapeOf(value);
  const e = rule.allowReserved ? pctEncodeReserved : pctEncode;
  const name = encodeName(rule.name);
  const sep = rule.style === "spaceDelimited" ? "%20" : rule.style === "pipeDelimited" ? "%7C" : ",";
  switch (s.kind) {
    case "primitive":
      return [name + "=" + e(s.text)];
    case "array":
      if (s.items.length === 0) return [];
      return rule.explode ? s.items.map((v) => name + "=" + e(v)) : [name + "=" + s.items.map(e).join(sep)];
    case "object":
      if (s.entries.length === 0) return [];
      if (rule.style === "deepObject") return deepParts(name, s.raw, e);
      if (rule.explode) return s.entries.map(([k, v]) => encodeName(k) + "=" + e(v));
      return [name + "=" + s.entries.flatMap(([k, v]) => [e(k), e(v)]).join(sep)];
  }
}

/** deepObject: `name[key]=value`, nested objects as `name[a][b]=value`, arrays as repeated `name[key]=item`. */
function deepParts(prefix: string, entries: [string, unknown][], e: (s: string) => string): string[] {
  const out: string[] = [];
  for (const [k, v] of entries) {
    const key = `${prefix}%5B${pctEncode(k)}%5D`;
    if (Array.isArray(v)) for (const item of v) out.push(key + "=" + e(scalarText(item)));
    else if (v !== null && typeof v === "object" && !(v instanceof Date))
      out.push(
        ...deepParts(
          key,
          Object.entries(v).filter(([, x]) => x !== undefined),
          e,
        ),
      );
    else out.push(key + "=" + e(scalarText(v)));
  }
  return out;
}

const CLIENT_HEADERS = new Set(["accept", "content-type", "authorization"]);

/** A header parameter's value (simple style; headers are not percent-encoded). */
export function headerValue(value: unknown, rule: Rule): string {
  const s = shapeOf(value);
  if (s.kind === "primitive") return s.text;
  if (s.kind === "array") return s.items.join(",");
  return rule.explode ? s.entries.map(([k, v]) => k + "=" + v).join(",") : s.entries.flatMap(([k, v]) => [k, v]).join(",");
}

/** A cookie parameter as `name=value` pairs (form style: exploded arrays repeat the name, exploded objects are one cookie per key). */
export function cookieParts(value: unknown, rule: Rule): string[] {
  const s = shapeOf(value);
  const e = pctEncode;
  const name = e(rule.name);
  if (s.kind === "primitive") return [name + "=" + e(s.text)];
  if (s.kind === "array") return s.items.length === 0 ? [] : rule.explode ? s.items.map((v) => name + "=" + e(v)) : [name + "=" + s.items.map(e).join(",")];
  if (s.entries.length === 0) return [];
  return rule.explode ? s.entries.map(([k, v]) => e(k) + "=" + e(v)) : [name + "=" + s.entries.flatMap(([k, v]) => [e(k), e(v)]).join(",")];
}

function ruleOf(p: ParameterDescriptor): Rule {
  const style: Style = p.style ?? (p.in === "path" || p.in === "header" ? "simple" : "form");
  return { name: p.name, style, explode: p.explode ?? style === "form", allowReserved: p.allowReserved === true && p.in === "query" };
}

/** An array or object with nothing in it is "undefined" in RFC 6570: sent as nothing, and missing when required. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object" && !(value instanceof Date)) return Object.values(value).every((v) => v === undefined);
  return false;
}

const PLACEHOLDER = /\{([^{}]+)\}/g;
const WHERE: Record<ParameterDescriptor["in"], string> = { path: "path", query: "query", header: "header", cookie: "cookie" };

/**
 * Every parameter of a call, serialized by its descriptor. Missing required parameters (and path
 * placeholders without a value) are returned as issues, at `/path/<name>`, `/query/<name>`…; a value
 * with no descriptor is sent with its location's default style.
 */
export function serializeParameters(op: OperationDescriptor, values: ParameterValues): { parameters: SerializedParameters; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const declared = op.parameters ?? [];
  const out: SerializedParameters = { path: op.path, query: [], headers: [], cookies: [] };
  const seen = new Set<string>();
  const pathRules = new Map<string, Rule>();
  const each = (p: ParameterDescriptor) => {
    seen.add(p.in + "\u0000" + p.name);
    const given = values[p.in];
    const raw = given && Object.prototype.hasOwnProperty.call(given, p.name) ? given[p.name] : undefined;
    if (p.in === "path") {
      pathRules.set(p.name, ruleOf(p));
      return; // filled below, placeholder by placeholder
    }
    if (isEmpty(raw) && !(p.json && raw === null)) {
      if (p.required) issues.push(missing(p.in, p.name));
      return;
    }
    const value = p.json ? JSON.stringify(raw) : raw;
    const rule = ruleOf(p);
    if (p.in === "query") out.query.push(...queryParts(value, rule));
    else if (p.in === "header") out.headers.push([p.name, headerValue(value, rule)]);
    else out.cookies.push(...cookieParts(value, rule));
  };
  // A lone surrogate cannot be percent-encoded (nor is it text a server can read): refused at its place.
  const guarded = (p: ParameterDescriptor) => {
    try {
      each(p);
    } catch (e) {
      if (!(e instanceof URIError)) throw e;
      issues.push(unencodable(p.in, p.name));
    }
  };
  for (const p of declared) guarded(p);
  // Values the descriptors do not name (an undocumented parameter): their location's default style.
  for (const where of ["query", "header", "cookie"] as const) {
    for (const [name, raw] of Object.entries(values[where] ?? {})) {
      // Accept, Content-Type and Authorization come from the body and the security, as OpenAPI says: never from a parameter.
      if (where === "header" && CLIENT_HEADERS.has(name.toLowerCase())) continue;
      if (!seen.has(where + "\u0000" + name) && raw !== undefined) guarded({ name, in: where });
    }
  }
  const json = new Set(declared.filter((p) => p.in === "path" && p.json).map((p) => p.name));
  out.path = op.path.replace(PLACEHOLDER, (whole, name: string) => {
    const given = values.path;
    const raw = given && Object.prototype.hasOwnProperty.call(given, name) ? given[name] : undefined;
    if (isEmpty(raw) && !(json.has(name) && raw === null)) {
      issues.push(missing("path", name));
      return whole;
    }
    const rule = pathRules.get(name) ?? { name, style: "simple", explode: false, allowReserved: false };
    try {
      return expandPath(json.has(name) ? JSON.stringify(raw) : raw, rule);
    } catch (e) {
      if (!(e instanceof URIError)) throw e;
      issues.push(unencodable("path", name));
      return whole;
    }
  });
  return { parameters: out, issues };
}

function unencodable(where: ParameterDescriptor["in"], name: string): ValidationIssue {
  return { path: pointerOf([where, name]), keyword: "type", message: `the ${WHERE[where]} parameter ${JSON.stringify(name)} holds a lone surrogate: not text that can be sent` };
}

function missing(where: ParameterDescriptor["in"], name: string): ValidationIssue {
  return { path: pointerOf([where, name]), keyword: "required", message: `the ${WHERE[where]} parameter ${JSON.stringify(name)} is required and was not given` };
}
