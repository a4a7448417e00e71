// The runtime of clients generated before operation descriptors (issue 13): `runtime.body`, `.init`,
// `.read`, `.batchTransport` around an openapi-fetch client the generated code builds itself. Kept,
// unchanged in behaviour, until generated/ is regenerated to call `ClientRuntime.call`; then deleted.
import { readAnswer } from "./answer.js";
import { itemIssues, type BatchFraming, type BatchTransport } from "./batch.js";
import { ConfigError } from "./errors/config-error.js";
import { HttpError } from "./errors/http-error.js";
import { NetworkError } from "./errors/network-error.js";
import { ProfilekitError, redactError } from "./errors/profilekit-error.js";
import { ValidationError } from "./errors/validation-error.js";
import { VendorError } from "./errors/vendor-error.js";
import { XmlDecodeError } from "./errors/xml-decode-error.js";
import type { CallOptions, ClientOptions } from "./http.js";
import type { BodyValidator } from "./operation.js";
import { valueAt as at } from "./pointer.js";
import { causeText, describeValue, redact, urlSecrets } from "./redact.js";
import { decodeXml, encodeXml, encodeXmlElement, type XmlBody } from "./xml.js";

/**
 * What clients generated before operation descriptors knew about their API. Deprecated: kept until
 * generated/ is regenerated with `ApiDescription` (operation.ts) and `ClientRuntime.call`.
 */
export interface LegacyApiDescription {
  /** `createAltcraftClient`: named in configuration errors. */
  factory: string;
  serverUrl: string;
  /** The option holding the secret (`token`, `apiKey`). */
  credentialOption: string;
  auth: { header: string; template: string; bodyField?: string };
  /** A 2xx answer whose value at `code` is not `success` is a vendor error (path tokens, not a pointer string). */
  vendorError?: { code: readonly string[]; message: readonly string[]; success: unknown };
  /** Per operation, the XML shapes of its request and answer (only operations the spec offers in XML). */
  xml?: Readonly<Record<string, { request?: XmlBody; response?: XmlBody }>>;
  /** Per operation, the validator of its success answer: XML answers are checked after decoding. */
  responseValidators?: Readonly<Record<string, BodyValidator>>;
  /** The operations with `.all()` and `.stream()` (the spec's x-batch): what `profilekit import` can run. */
  batchOperations?: readonly string[];
}

/** The options of a legacy runtime: the credential under one name. Deprecated with LegacyApiDescription. */
export interface RuntimeOptions extends ClientOptions {
  credential: unknown;
  /** Where the credential goes when the API takes it in the body too. Default: the body. */
  credentialIn?: "body" | "header" | undefined;
}

/** The openapi-fetch request options the runtime sets. */
interface RequestInit {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  bodySerializer?: (body: unknown) => string;
  middleware?: { onResponse: (p: { response: Response }) => Promise<Response | undefined> }[];
}

/** openapi-fetch's result, as far as the runtime reads it. */
interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** What clients generated before operation descriptors call (deprecated; see ClientRuntime.call). */
export interface LegacyClientRuntime {
  /** Options for openapi-fetch's createClient. */
  readonly fetchOptions: { baseUrl: string; headers: Record<string, string>; fetch?: (request: Request) => Promise<Response> };
  /**
   * The body to send: the credential filled in where the API takes it there (the caller's own value
   * wins), then checked with the operation's validator unless validation is off. Throws
   * ValidationError, with secrets redacted, and nothing is sent.
   */
  body<T>(operation: string, body: T, validate: BodyValidator, call: CallOptions): T;
  /** openapi-fetch init fields for one call: headers, signal, and for XML a body serializer and an answer decoder. */
  init(operation: string, call: CallOptions): RequestInit;
  /**
   * How a batch operation's chunks are framed, checked and sent: the request body `params` around
   * the items at `itemsKey` (credential filled in), each item checked with the body's validator,
   * each chunk sent by `send` as a body already serialized.
   */
  batchTransport(operation: string, itemsKey: string, params: Record<string, unknown>, validate: BodyValidator, send: (body: string, call: CallOptions) => Promise<unknown>): BatchTransport;
  /** Awaits the request; a non-2xx answer, a vendor error or no answer at all is thrown, 2xx data returned. */
  read<T>(method: string, path: string, request: Promise<FetchResult>): Promise<T>;
}

export function createLegacyRuntime(api: LegacyApiDescription, options: RuntimeOptions): LegacyClientRuntime {
  if (options === null || typeof options !== "object") throw new ConfigError("", "an options object", api.factory);
  const credential = options.credential;
  if (typeof credential !== "string" || credential.trim() === "") {
    throw new ConfigError(`/${api.credentialOption}`, "a non-empty string (the API credential)", api.factory);
  }
  const baseUrl = resolveBaseUrl(api, options.baseUrl, [credential]);
  const inBody = api.auth.bodyField !== undefined && (options.credentialIn ?? "body") === "body";
  if (options.credentialIn !== undefined && options.credentialIn !== "body" && options.credentialIn !== "header") {
    throw new ConfigError(`/${api.credentialOption}In`, '"body" or "header"', api.factory);
  }
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (!inBody) headers[api.auth.header] = api.auth.template.replace("{credential}", credential);
  // What no error, message or report may show: the credential, and the user and password of the base URL.
  const secrets = [credential, ...urlSecrets(baseUrl)];

  /**
   * An XML success answer becomes the same JSON data a JSON answer gives, checked by the answer's
   * validator, so that everything after (vendor errors, types) is the same for both formats.
   */
  async function decodeAnswer(operation: string, response: Response): Promise<Response | undefined> {
    const shape = api.xml?.[operation]?.response;
    if (!response.ok || !shape || !/xml/i.test(response.headers.get("content-type") ?? "")) return undefined;
    const value = decodeXml(new Uint8Array(await response.arrayBuffer()), shape);
    const check = api.responseValidators?.[operation];
    const result = check?.(value);
    if (result && !result.ok) {
      // One issue per item of a long list could make a message as large as the answer: the first ten.
      const shown = result.errors.slice(0, 10).map((i) => `${i.path || "(the answer)"}: ${redact(i.message, secrets)}`);
      const issues = shown.join("; ") + (result.errors.length > 10 ? `; and ${result.errors.length - 10} more` : "");
      throw new XmlDecodeError(`the answer does not match the spec: ${issues}`, undefined, undefined, undefined, { secrets });
    }
    const headers = new Headers(response.headers);
    headers.set("content-type", "application/json");
    headers.delete("content-length");
    return new Response(JSON.stringify(value), { status: response.status, statusText: response.statusText, headers });
  }

  return {
    fetchOptions: { baseUrl, headers, fetch: (request: Request) => readAnswer(request, (options.fetch ?? globalThis.fetch)(request), secrets) },
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
          { secrets: hidden },
        );
      }
      return sent;
    },
    init(operation, call) {
      const base = { ...(call.signal ? { signal: call.signal } : {}) };
      const format = call.format ?? options.format ?? "json";
      if (format === "json") return { ...base, ...(call.headers ? { headers: call.headers } : {}) };
      const shapes = api.xml?.[operation];
      if (format !== "xml" || !shapes?.request) {
        throw new ConfigError(
          "/format",
          `"json" or, for an operation the spec offers in XML${api.xml ? ` (${Object.keys(api.xml).join(", ")})` : ""}, "xml"; ${operation} was asked for ${JSON.stringify(format)}`,
          api.factory,
        );
      }
      const request = shapes.request;
      return {
        ...base,
        headers: { "Content-Type": "application/xml", Accept: "application/xml", ...call.headers },
        bodySerializer: (body: unknown) => encodeXml(body, request),
        middleware: [{ onResponse: ({ response }) => decodeAnswer(operation, response) }],
      };
    },
    batchTransport(operation, itemsKey, params, validate, send) {
      const field = api.auth.bodyField;
      const envelope: Record<string, unknown> = inBody && field !== undefined && !(field in params) ? { [field]: credential, ...params } : { ...params };
      delete envelope[itemsKey];
      const framing = (format: "json" | "xml"): BatchFraming => {
        if (format === "json") {
          // The envelope with a placeholder where the items go, split around it.
          const placeholder = "\u0000profilekit-items\u0000";
          const text = JSON.stringify({ ...envelope, [itemsKey]: placeholder });
          const [before, after] = text.split(JSON.stringify(placeholder)) as [string, string];
          return { prefix: before + "[", separator: ",", suffix: "]" + after, serialize: (item) => JSON.stringify(item) };
        }
        const body = api.xml?.[operation]?.request;
        const list = body?.shape.kind === "object" ? body.shape.properties[itemsKey] : undefined;
        if (!body || !list || list.shape.kind !== "array") {
          throw new ConfigError("/format", `"json": ${operation} has no XML body with a list ${itemsKey} in the spec`, api.factory);
        }
        const closing = `</${body.root}>`;
        const xml = encodeXml(envelope, body);
        const items = list.shape.items;
        const marker = list.shape.marker;
        return {
          prefix: xml.slice(0, -closing.length),
          separator: "",
          suffix: closing,
          ...(marker ? { firstItemMark: { at: list.element.length + 1, text: ` ${marker.attribute}='${marker.value}'` } } : {}),
          serialize: (item, index) => encodeXmlElement(list.element, item, items, [itemsKey, index]),
        };
      };
      return {
        ...(options.format ? { format: options.format } : {}),
        framing,
        validate: (item) => itemIssues(validate, operation, envelope, itemsKey, item, secrets),
        secrets,
        send: (body, format) => send(body, { format }),
      };
    },
    async read<T>(method: string, path: string, request: Promise<FetchResult>): Promise<T> {
      const url = baseUrl + path;
      let result: FetchResult;
      try {
        result = await request;
      } catch (e) {
        // Errors built where the secrets are unknown (the XML decoder and encoder) are redacted here.
        if (e instanceof ProfilekitError) throw redactError(e, secrets);
        if (e instanceof Error && e.name === "AbortError") throw e;
        throw new NetworkError(method, url, e, redact(causeText(e), secrets), { secrets });
      }
      const { response } = result;
      const answerUrl = redact(response.url || url, secrets);
      if (!response.ok) {
        const retryAfter = response.headers.get("retry-after") ?? undefined;
        throw new HttpError(method, answerUrl, response.status, result.error, redact(describeValue(result.error), secrets), retryAfter, { secrets });
      }
      const data = result.data;
      const ve = api.vendorError;
      if (ve) {
        const code = at(data, ve.code);
        if (code !== ve.success) {
          throw new VendorError(method, answerUrl, code, redact(describeValue(at(data, ve.message)), secrets), data, { secrets });
        }
      }
      return data as T;
    },
  };
}

function resolveBaseUrl(api: LegacyApiDescription, given: string | undefined, secrets: readonly string[]): string {
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
    throw new ConfigError("/baseUrl", `an absolute http(s) URL such as ${api.serverUrl}, found ${JSON.stringify(given)}`, api.factory, { secrets });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError("/baseUrl", `an http(s) URL, found the protocol ${url.protocol}`, api.factory, { secrets });
  }
  return given.replace(/\/+$/, "");
}
