/**
 * The credentials a request presents, read the way the generated client sends them: from the
 * security scheme descriptors of the generated `<api>Api` (src/runtime/operation.ts), not from a
 * per-vendor reading of headers. What a missing or wrong credential answers stays each vendor's.
 */
import type { SecuritySchemeDescriptor } from "../runtime/operation.js";

/** Where a request carries credentials. */
export interface RequestCredentials {
  header(name: string): string | undefined;
  query?(name: string): string | undefined;
  cookie?(name: string): string | undefined;
  /** The parsed body, when the scheme may ride in it (x-body-credential). */
  body?: unknown;
}

/**
 * Every value the request offers for `scheme`: the Authorization header read through the scheme's
 * template (an auth-param value may be a token or a quoted string, as RFC 9110 says: `token="…"`),
 * the API key's header, query parameter or cookie, and the body field. Empty when it offers none.
 */
export function credentialsFor(scheme: SecuritySchemeDescriptor, req: RequestCredentials): unknown[] {
  const found: unknown[] = [];
  if (scheme.type === "apiKey") {
    const value = scheme.in === "header" ? req.header(scheme.name) : scheme.in === "query" ? req.query?.(scheme.name) : req.cookie?.(scheme.name);
    if (value !== undefined) found.push(value);
    return found;
  }
  const template = scheme.type === "http" ? scheme.template : "Bearer {credential}";
  const authorization = req.header("authorization");
  if (authorization !== undefined) {
    const value = templatePattern(template).exec(authorization);
    if (value) found.push(value[1] ?? value[2]);
  }
  if (scheme.type === "http" && scheme.bodyField !== undefined && req.body !== null && typeof req.body === "object" && !Array.isArray(req.body)) {
    const field = (req.body as Record<string, unknown>)[scheme.bodyField];
    if (field !== undefined) found.push(field);
  }
  return found;
}

const patterns = new Map<string, RegExp>();

/** `Token token={credential}` → /^Token\s+token\s*=\s*(?:"([^"]*)"|(\S+))\s*$/i: words apart by any space, the value a token or a quoted string. */
function templatePattern(template: string): RegExp {
  const known = patterns.get(template);
  if (known) return known;
  const at = template.indexOf("{credential}");
  const part = (text: string) =>
    text
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/=/g, "\\s*=\\s*"))
      .join("\\s+");
  const before = part(template.slice(0, at));
  const after = part(template.slice(at + "{credential}".length));
  const pattern = new RegExp(`^\\s*${before}${before && !/=$/.test(template.slice(0, at).trim()) ? "\\s+" : ""}(?:"([^"]*)"|(\\S+))${after ? `\\s+${after}` : ""}\\s*$`, "i");
  patterns.set(template, pattern);
  return pattern;
}
