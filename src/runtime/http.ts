import { ConfigError } from "./errors/config-error.js";
import { HttpError } from "./errors/http-error.js";
import { NetworkError } from "./errors/network-error.js";
import { ValidationError, type ValidationIssue } from "./errors/validation-error.js";
import { VendorError } from "./errors/vendor-error.js";
import { describeValue, redact } from "./redact.js";

/** Options every generated client takes, besides its credential. */
export interface ClientOptions {
  /** The API's root URL. Defaults to the spec's server, unless that needs a host of yours. */
  baseUrl?: string;
  /** A fetch to use instead of `globalThis.fetch` (tests, proxies, instrumentation). */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request. The credential header is set by the client and wins. */
  headers?: Record<string, string>;
  /** Check every request body against the spec before sending (default true). */
  validate?: boolean;
}

/** Per-call options of every generated method. */
export interface CallOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Overrides the client's `validate` for this call. */
  validate?: boolean;
}

/** A generated validator, as far as the runtime needs it. */
export type BodyValidator = (value: unknown) => { ok: true } | { ok: false; errors: ValidationIssue[] };

/** What a generated client knows about its API, from the spec. */
export interface ApiDescription {
  /** `createAltcraftClient`: named in configuration errors. */
  factory: string;
  serverUrl: string;
  /** The option holding the secret (`token`, `apiKey`). */
  credentialOption: string;
  auth: { header: string; template: string; bodyField?: string };
  /** A 2xx answer whose value at `code` is not `success` is a vendor error (path tokens, not a pointer string). */
  vendorError?: { code: readonly string[]; message: readonly string[]; success: unknown };
}

export interface RuntimeOptions extends ClientOptions {
  credential: unknown;
  /** Where the credential goes when the API takes it in the body too. Default: the body. */
  credentialIn?: "body" | "header" | undefined;
}

/** openapi-fetch's result, as far as the runtime reads it. */
interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The part of a generated client that is the same for every API: credential, answers, errors. */
export interface ClientRuntime {
  /** Options for openapi-fetch's createClient. */
  readonly fetchOptions: { baseUrl: string; headers: Record<string, string>; fetch?: (request: Request) => Promise<Response> };
  /**
   * The body to send: the credential filled in where the API takes it there (the caller's own value
   * wins), then checked with the operation's validator unless validation is off. Throws
   * ValidationError, with secrets redacted, and nothing is sent.
   */
  body<T>(operation: string, body: T, validate: BodyValidator, call: CallOptions): T;
  /** openapi-fetch init fields for one call. */
  init(call: CallOptions): { headers?: Record<string, string>; signal?: AbortSignal };
  /** Awaits the request; a non-2xx answer, a vendor error or no answer at all is thrown, 2xx data returned. */
  read<T>(method: string, path: string, request: Promise<FetchResult>): Promise<T>;
}

export function createClientRuntime(api: ApiDescription, options: RuntimeOptions): ClientRuntime {
  if (options === null || typeof options !== "object") throw new ConfigError("", "an options object", api.factory);
  const credential = options.credential;
  if (typeof credential !== "string" || credential.trim() === "") {
    throw new ConfigError(`/${api.credentialOption}`, "a non-empty string (the API credential)", api.factory);
  }
  const baseUrl = resolveBaseUrl(api, options.baseUrl);
  const inBody = api.auth.bodyField !== undefined && (options.credentialIn ?? "body") === "body";
  if (options.credentialIn !== undefined && options.credentialIn !== "body" && options.credentialIn !== "header") {
    throw new ConfigError(`/${api.credentialOption}In`, '"body" or "header"', api.factory);
  }
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (!inBody) headers[api.auth.header] = api.auth.template.replace("{credential}", credential);
  const secrets = [credential];

  return {
    fetchOptions: { baseUrl, headers, ...(options.fetch ? { fetch: options.fetch } : {}) },
    body<T>(operation: string, body: T, validate: BodyValidator, call: CallOptions): T {
      const field = api.auth.bodyField;
      const isObject = body !== null && typeof body === "object" && !Array.isArray(body);
      const sent = (inBody && isObject && !(field! in body) ? { [field!]: credential, ...body } : body) as T;
      if (!(call.validate ?? options.validate ?? true)) return sent;
      const result = validate(sent);
      if (!result.ok) {
        const own = isObject && field !== undefined ? (body as Record<string, unknown>)[field] : undefined;
        const hidden = typeof own === "string" ? [...secrets, own] : secrets;
        throw new ValidationError(
          operation,
          result.errors.map((i) => ({ path: i.path, keyword: i.keyword, message: redact(i.message, hidden) })),
        );
      }
      return sent;
    },
    init(call) {
      return { ...(call.headers ? { headers: call.headers } : {}), ...(call.signal ? { signal: call.signal } : {}) };
    },
    async read<T>(method: string, path: string, request: Promise<FetchResult>): Promise<T> {
      const url = baseUrl + path;
      let result: FetchResult;
      try {
        result = await request;
      } catch (e) {
        if (e instanceof Error && e.name === "AbortError") throw e;
        throw new NetworkError(method, url, e, redact(e instanceof Error ? e.message : String(e), secrets));
      }
      const { response } = result;
      const answerUrl = redact(response.url || url, secrets);
      if (!response.ok) {
        throw new HttpError(method, answerUrl, response.status, result.error, redact(describeValue(result.error), secrets));
      }
      const data = result.data;
      const ve = api.vendorError;
      if (ve) {
        const code = at(data, ve.code);
        if (code !== ve.success) {
          throw new VendorError(method, answerUrl, code, redact(describeValue(at(data, ve.message)), secrets), data);
        }
      }
      return data as T;
    },
  };
}

function resolveBaseUrl(api: ApiDescription, given: string | undefined): string {
  if (given === undefined) {
    if (/\{[^}]+\}/.test(api.serverUrl)) {
      throw new ConfigError("/baseUrl", `your API root URL (the spec's server is ${api.serverUrl})`, api.factory);
    }
    return api.serverUrl.replace(/\/+$/, "");
  }
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new ConfigError("/baseUrl", `an absolute http(s) URL such as ${api.serverUrl}, found ${JSON.stringify(given)}`, api.factory);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError("/baseUrl", `an http(s) URL, found the protocol ${url.protocol}`, api.factory);
  }
  return given.replace(/\/+$/, "");
}

function at(value: unknown, tokens: readonly string[]): unknown {
  let node = value;
  for (const t of tokens) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, t)) return undefined;
    node = (node as Record<string, unknown>)[t];
  }
  return node;
}
