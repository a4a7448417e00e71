/**
 * Credentials: read from the client options by each security scheme's `option`, checked when the
 * client is made, chosen per operation among the spec's alternatives and applied per request. Every
 * form a credential is sent in (as is, percent-encoded, `user:pass` and its base64) is a secret the
 * runtime's errors and reports redact; a token from a provider is one for the request it was fetched for.
 */
import { ConfigError } from "./errors/config-error.js";
import type { ApiDescription, OperationDescriptor, SecuritySchemeDescriptor } from "./operation.js";
import { pctEncode } from "./params.js";

/** HTTP basic credentials: sent as `Authorization: Basic base64(username:password)` (UTF-8). */
export interface BasicCredential {
  username: string;
  password: string;
}

/** A bearer token fetched when needed: called once per request (cache it yourself if fetching is costly). */
export type TokenProvider = () => string | Promise<string>;

/** What a credential option may hold: a string, a token provider, or (HTTP basic) a user name and password. */
export type Credential = string | TokenProvider | BasicCredential;

interface Present {
  readonly name: string;
  readonly scheme: SecuritySchemeDescriptor;
  readonly credential: Credential;
}

/** A security alternative chosen for an operation: the schemes to send, with their credentials. */
export type ChosenSecurity = readonly Present[];

/** What a request carries for its credentials. */
export interface AppliedSecurity {
  /** Header name, value, and the option the credential came from. */
  headers: [string, string, string][];
  /** `name=value` parts of the query. */
  query: string[];
  /** `name=value` pairs of the Cookie header. */
  cookies: string[];
  /** The credential to fill into the request body's field (Altcraft's `token`). */
  body?: { field: string; value: string };
  /** Tokens fetched for this request: secrets of its errors. */
  secrets: string[];
}

const STRING = "a non-empty string (the API credential)";
const BASIC = "an object { username, password } of strings (the API credential, sent with HTTP basic authentication)";
const TOKEN = "a non-empty string or a function returning one (the access token)";

function expected(scheme: SecuritySchemeDescriptor): string {
  if (scheme.type === "http" && scheme.scheme === "basic") return BASIC;
  if (scheme.type === "oauth2" || scheme.type === "openIdConnect") return TOKEN;
  return STRING;
}

function isBasic(value: unknown): value is BasicCredential {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v["username"] === "string" && v["username"] !== "" && typeof v["password"] === "string";
}

function valid(scheme: SecuritySchemeDescriptor, value: unknown): value is Credential {
  if (scheme.type === "http" && scheme.scheme === "basic") return isBasic(value);
  if (typeof value === "function") return true;
  return typeof value === "string" && value.trim() !== "";
}

/** base64 of the UTF-8 bytes: `btoa` alone takes Latin-1 only. */
export function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function encodedForm(text: string): string[] {
  try {
    return [pctEncode(text)];
  } catch {
    return []; // a lone surrogate: it cannot be percent-encoded, nor sent in a URL
  }
}

/** The forms a credential is sent in, for redaction. */
function secretsOf(credential: Credential): string[] {
  if (typeof credential === "string") return [credential, ...encodedForm(credential)];
  if (typeof credential === "function") return [];
  const pair = `${credential.username}:${credential.password}`;
  // With no password (Stripe's `sk_…:`) the user name is the secret.
  return [credential.password, pair, base64Utf8(pair), ...(credential.password === "" ? [credential.username] : [])];
}

export interface Credentials {
  /** By scheme name: the credential given for it. */
  readonly present: ReadonlyMap<string, Credential>;
  /** Every static form of every credential given. */
  readonly secrets: readonly string[];
  /** By option: whether a scheme with a body field sends the credential in the body (the default) or the header. */
  readonly inBody: ReadonlyMap<string, boolean>;
}

/**
 * The credentials of the options, by scheme: each one given checked against its scheme, the options
 * `api.requiredOptions` names required (today's messages: `options/token — expected a non-empty
 * string (the API credential)`), and `<option>In` of a scheme with a body field checked.
 */
export function readCredentials(api: ApiDescription, options: Record<string, unknown>): Credentials {
  const present = new Map<string, Credential>();
  const secrets: string[] = [];
  const inBody = new Map<string, boolean>();
  const required = new Set(api.requiredOptions ?? []);
  const checked = new Set<string>();
  for (const [name, scheme] of Object.entries(api.securitySchemes)) {
    const value = options[scheme.option];
    if (value === undefined) {
      if (required.has(scheme.option)) throw new ConfigError(`/${scheme.option}`, expected(scheme), api.factory);
      continue;
    }
    if (!valid(scheme, value)) throw new ConfigError(`/${scheme.option}`, expected(scheme), api.factory, { secrets: secretsGiven(value) });
    present.set(name, value);
    if (!checked.has(scheme.option)) secrets.push(...secretsOf(value));
    checked.add(scheme.option);
    if (scheme.type === "http" && scheme.bodyField !== undefined) {
      const where = options[scheme.option + "In"];
      if (where !== undefined && where !== "body" && where !== "header") throw new ConfigError(`/${scheme.option}In`, '"body" or "header"', api.factory, { secrets });
      inBody.set(scheme.option, where !== "header");
    }
  }
  // A required credential option no scheme names (a description written by hand): still required.
  for (const option of required) {
    if (option === "baseUrl" || checked.has(option)) continue;
    if (!Object.values(api.securitySchemes).some((s) => s.option === option) && (typeof options[option] !== "string" || (options[option] as string).trim() === "")) {
      throw new ConfigError(`/${option}`, STRING, api.factory, { secrets });
    }
  }
  return { present, secrets, inBody };
}

/** Whatever strings a malformed credential holds: hidden from the message that refuses it. */
function secretsGiven(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value !== null && typeof value === "object") return Object.values(value).filter((v): v is string => typeof v === "string");
  return [];
}

/**
 * The first alternative of `op.security ?? api.security` whose schemes all have a credential; `[]`
 * (no alternatives, or an empty one) needs none. None satisfiable: a ConfigError naming the options to set.
 */
export function chooseSecurity(api: ApiDescription, op: OperationDescriptor, credentials: Credentials): ChosenSecurity {
  const alternatives = op.security ?? api.security;
  if (alternatives.length === 0) return [];
  for (const alternative of alternatives) {
    const chosen: Present[] = [];
    for (const name of alternative) {
      const scheme = api.securitySchemes[name];
      const credential = credentials.present.get(name);
      if (!scheme || credential === undefined) break;
      chosen.push({ name, scheme, credential });
    }
    if (chosen.length === alternative.length) return chosen;
  }
  const optionsOf = (alternative: readonly string[]) => alternative.map((n) => api.securitySchemes[n]?.option ?? n);
  const missing = optionsOf(alternatives[0]!).filter((o, i) => !credentials.present.has(alternatives[0]![i]!)) as string[];
  const choices = alternatives.map((a) => optionsOf(a).join(" and ")).join(", or ");
  throw new ConfigError(`/${missing[0] ?? optionsOf(alternatives[0]!)[0] ?? ""}`, `a credential for ${op.name}: set ${choices}`, api.factory, { secrets: credentials.secrets });
}

/**
 * The headers, query parts and cookies of the chosen credentials; providers are called here, once per
 * request. `bodyCarrier`: the request body can take a body-field credential (a JSON or XML object).
 */
export async function applySecurity(api: ApiDescription, chosen: ChosenSecurity, credentials: Credentials, bodyCarrier: boolean): Promise<AppliedSecurity> {
  const out: AppliedSecurity = { headers: [], query: [], cookies: [], secrets: [] };
  for (const { scheme, credential } of chosen) {
    if (scheme.type === "http" && scheme.scheme === "basic") {
      const c = credential as BasicCredential;
      out.headers.push(["Authorization", `Basic ${base64Utf8(`${c.username}:${c.password}`)}`, scheme.option]);
      continue;
    }
    let value: string;
    if (typeof credential === "function") {
      const token: unknown = await credential();
      if (typeof token !== "string" || token.trim() === "") {
        throw new ConfigError(`/${scheme.option}`, `a function returning a non-empty string (the access token); it returned ${token === null ? "null" : typeof token}`, api.factory, {
          secrets: [...credentials.secrets, ...(typeof token === "string" ? [token] : [])],
        });
      }
      value = token;
      out.secrets.push(...secretsOf(token));
    } else value = credential as string;
    switch (scheme.type) {
      case "apiKey":
        if (scheme.in === "header") out.headers.push([scheme.name, value, scheme.option]);
        else if (scheme.in === "query") out.query.push(`${pctEncode(scheme.name)}=${pctEncode(value)}`);
        else out.cookies.push(`${pctEncode(scheme.name)}=${pctEncode(value)}`);
        break;
      case "http":
        if (scheme.bodyField !== undefined && bodyCarrier && typeof credential === "string" && credentials.inBody.get(scheme.option) !== false) {
          out.body = { field: scheme.bodyField, value };
        } else {
          const template = scheme.template || (scheme.scheme === "bearer" ? "Bearer {credential}" : `${scheme.scheme} {credential}`);
          out.headers.push(["Authorization", template.includes("{credential}") ? template.replace("{credential}", () => value) : `${template} ${value}`, scheme.option]);
        }
        break;
      default:
        out.headers.push(["Authorization", `Bearer ${value}`, scheme.option]);
    }
  }
  return out;
}
