/**
 * The runtime of a generated client: `createClientRuntime(api, options)` once per client, then one
 * `runtime.call(operations.x, args)` per method call. From the operation's descriptor it writes the
 * parameters, picks the server and the credentials, writes and checks the body, sends it with
 * openapi-fetch and reads the answer; `runtime.batch` / `runtime.stream` send any number of items in
 * chunks. Runs on fetch alone.
 */
import createFetchClient from "openapi-fetch";
import { readAnswerBytes } from "./answer.js";
import {
  itemValidator,
  itemsPath,
  jsonFraming,
  runBatch,
  setAt,
  streamBatch,
  type BatchCallOptions,
  type BatchFraming,
  type BatchReport,
  type BatchSpec,
  type BatchTransport,
  type ChunkReport,
} from "./batch.js";
import { bytesPayload, encodeBody, mediaFor, responseFor, textOf, type BodyCheck, type EncodedBody } from "./body.js";
import { essence, kindOf } from "./media-kind.js";
import { ConfigError } from "./errors/config-error.js";
import { HttpError } from "./errors/http-error.js";
import { NetworkError } from "./errors/network-error.js";
import { ProfilekitError, redactError } from "./errors/profilekit-error.js";
import { ValidationError, type ValidationIssue } from "./errors/validation-error.js";
import { VendorError } from "./errors/vendor-error.js";
import { XmlDecodeError } from "./errors/xml-decode-error.js";
import type { ApiDescription, MediaDescriptor, OperationDescriptor, ServerDescriptor } from "./operation.js";
import { serializeParameters } from "./params.js";
import { valueAt as at } from "./pointer.js";
import { causeText, describeValue, redact, redactor, urlSecrets } from "./redact.js";
import { applySecurity, chooseSecurity, readCredentials, type AppliedSecurity, type ChosenSecurity, type Credentials } from "./security.js";
import { decodeXml, encodeXml, xmlItemEncoder } from "./xml.js";

export type { ApiDescription, BodyValidator } from "./operation.js";
export type { BasicCredential, Credential, TokenProvider } from "./security.js";

/** Options every generated client takes, besides its credentials (each under its scheme's option name). */
export interface ClientOptions {
  /** The API's root URL. Defaults to the spec's server, unless that needs a host of yours. */
  baseUrl?: string;
  /** A fetch to use instead of `globalThis.fetch` (tests, proxies, instrumentation). */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request. The credential headers are set by the client and win. */
  headers?: Record<string, string>;
  /** Check every request body against the spec before sending (default true). */
  validate?: boolean;
  /** The body format, where the API offers XML too (Altcraft). Default "json". */
  format?: "json" | "xml";
  /** Values of the server URL's `{variables}` (else their defaults); one outside a variable's enum is a ConfigError. */
  serverVariables?: Record<string, string>;
}

/** Per-call options of every generated method. */
export interface CallOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Overrides the client's `validate` for this call. */
  validate?: boolean;
  /** Overrides the client's `format` for this call. */
  format?: "json" | "xml";
  /** The request body's media type, among the operation's (default: the first JSON one, else the first). */
  contentType?: string;
}

/** What `ClientRuntime.call` takes: the call options, the parameters by location, and the body. */
export type CallArgs = CallOptions & {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  cookie?: Record<string, unknown>;
  body?: unknown;
};

type Items = Iterable<unknown> | AsyncIterable<unknown>;

/** The part of a generated client that is the same for every API. */
export interface ClientRuntime {
  /**
   * Calls one operation: parameters, server, credentials, body (checked unless `validate: false`),
   * then the answer: `undefined` without content, parsed JSON, decoded XML, a string for text, else
   * a Blob. Throws ValidationError (nothing sent), ConfigError (no credential for it), HttpError
   * (non-2xx), VendorError (a 2xx that reports a failure), NetworkError (no answer).
   */
  call(operation: OperationDescriptor, args?: CallArgs): Promise<unknown>;
  /** A batch operation (`operation.batch`) over any number of items: the whole report, in input order. */
  batch(operation: OperationDescriptor, params: object, items: Items, options?: BatchCallOptions): Promise<BatchReport>;
  /** As `batch`, yielding each chunk's outcomes as they come. */
  stream(operation: OperationDescriptor, params: object, items: Items, options?: BatchCallOptions): AsyncGenerator<ChunkReport, void>;
  /**
   * What `batch` and `stream` hand to runBatch / streamBatch for this operation and envelope: the
   * spec (x-batch with the vendor error) and the transport (framing, item checks, a send per chunk).
   * For tools that drive the engine themselves (packing tests, benchmarks).
   */
  batchEngine(operation: OperationDescriptor, params: object, options?: BatchCallOptions): { spec: BatchSpec; transport: BatchTransport };
}

/** openapi-fetch's untyped surface, as far as the runtime uses it. */
interface FetchClient {
  request(method: string, url: string, init: Record<string, unknown>): Promise<{ response: Response }>;
}

/**
 * The runtime of one client. `options` are the client's options: ClientOptions, plus each credential
 * under its scheme's `option` (and `<option>In` for a scheme with a body field). Generic so that a
 * generated options interface (which has no index signature) is taken as it is.
 */
export function createClientRuntime<O extends object>(api: ApiDescription, options: O & ClientOptions): ClientRuntime {
  return createRuntime(api, options as ClientOptions & Record<string, unknown>);
}

const CLIENT = createFetchClient as unknown as (options: Record<string, unknown>) => FetchClient;

function createRuntime(api: ApiDescription, options: ClientOptions & Record<string, unknown>): ClientRuntime {
  if (options === null || typeof options !== "object") throw new ConfigError("", "an options object", api.factory);
  const credentials = readCredentials(api, options);
  let secrets: readonly string[] = credentials.secrets;
  if (
    options.serverVariables !== undefined &&
    (options.serverVariables === null || typeof options.serverVariables !== "object" || Object.values(options.serverVariables).some((v) => typeof v !== "string"))
  ) {
    throw new ConfigError("/serverVariables", "an object of strings (values of the server URL's variables)", api.factory, { secrets });
  }
  if (options.baseUrl === undefined && api.requiredOptions?.includes("baseUrl")) {
    throw new ConfigError("/baseUrl", `your API root URL (the spec's server is ${api.servers[0]?.url ?? "not given"})`, api.factory, { secrets });
  }
  if (options.baseUrl !== undefined) secrets = [...secrets, ...urlSecrets(String(options.baseUrl))];
  const serverOf = new Map<readonly ServerDescriptor[], string>();
  const baseUrlFor = (servers: readonly ServerDescriptor[]): string => {
    let url = serverOf.get(servers);
    if (url === undefined) {
      url = resolveServer(api.factory, servers, options, secrets);
      serverOf.set(servers, url);
    }
    return url;
  };
  // The default server is checked now (a missing host is a construction error, as it always was);
  // an API without servers needs a baseUrl only for operations without their own.
  const defaultBase = options.baseUrl !== undefined || api.servers.length > 0 ? baseUrlFor(api.servers) : undefined;
  if (defaultBase !== undefined) secrets = [...secrets, ...urlSecrets(defaultBase)];
  const allSecrets = secrets;
  const client = CLIENT({});
  const fetchImpl = (request: Request) => (options.fetch ?? globalThis.fetch)(request);

  function chooseMedia(op: OperationDescriptor, call: CallOptions): MediaDescriptor | undefined {
    const media = op.body?.media ?? [];
    if (call.contentType !== undefined) {
      const wanted = essence(call.contentType);
      const found = media.find((m) => essence(m.type) === wanted);
      if (!found)
        throw new ConfigError(
          "/contentType",
          `one of the media types of ${op.name} (${media.map((m) => m.type).join(", ") || "it takes no body"}), found ${JSON.stringify(call.contentType)}`,
          api.factory,
        );
      return found;
    }
    const format = call.format ?? options.format ?? "json";
    if (format === "xml") {
      const xml = media.find((m) => m.kind === "xml" && m.xml);
      if (!xml && (media.length > 0 || !Object.values(op.responses).some((r) => r.media.some((m) => m.kind === "xml")))) {
        const offering = Object.values(api.operations)
          .filter((o) => o.body?.media.some((m) => m.kind === "xml"))
          .map((o) => o.name);
        throw new ConfigError(
          "/format",
          `"json" or, for an operation the spec offers in XML${offering.length > 0 ? ` (${offering.join(", ")})` : ""}, "xml"; ${op.name} was asked for "xml"`,
          api.factory,
        );
      }
      return xml;
    }
    if (format !== "json") throw new ConfigError("/format", `"json" or "xml", found ${JSON.stringify(format)}`, api.factory);
    return media.find((m) => m.kind === "json") ?? media[0];
  }

  /** The Accept header: the success answers' media of the kind asked for (XML with format xml, else JSON), else all of them. */
  function acceptOf(op: OperationDescriptor, xml: boolean): string {
    const types = new Set<string>();
    for (const [status, r] of Object.entries(op.responses)) if (status.startsWith("2") || status === "default") for (const m of r.media) types.add(m.type);
    const all = [...types];
    const preferred = all.filter((t) => kindOf(t) === (xml ? "xml" : "json"));
    const chosen = preferred.length > 0 ? preferred : all;
    return chosen.length > 0 ? chosen.join(", ") : xml ? "application/xml" : "application/json";
  }

  /** A checker for a body of `op`: the validator's issues, redacted, as a ValidationError (the caller's own body-field value hidden too). */
  function checker(op: OperationDescriptor, media: MediaDescriptor, validate: boolean, hidden: readonly string[]): BodyCheck {
    return (value, keep) => {
      if (!validate || !media.validate) return;
      const result = media.validate(value);
      if (result.ok) return;
      const issues = keep ? keep(result.errors) : result.errors;
      if (issues.length === 0) return;
      throw new ValidationError(
        op.name,
        issues.map((i) => ({ path: i.path, keyword: i.keyword, message: redact(i.message, hidden) })),
        { secrets: hidden },
      );
    };
  }

  async function call(op: OperationDescriptor, args: CallArgs = {}): Promise<unknown> {
    const { parameters, issues } = serializeParameters(op, args);
    if (issues.length > 0) throw new ValidationError(op.name, issues, { secrets: allSecrets, part: "parameters" });
    const chosen = chooseSecurity(api, op, credentials);
    const media = chooseMedia(op, args);
    if (args.body === undefined && op.body?.required) {
      throw new ValidationError(op.name, [{ path: "", keyword: "required", message: `a request body (${op.body.media.map((m) => m.type).join(" or ")}) is required` }], { secrets: allSecrets });
    }
    const kind = media?.kind ?? "json";
    const isObject = args.body !== null && typeof args.body === "object" && !Array.isArray(args.body);
    const applied = await applySecurity(api, chosen, credentials, isObject && (kind === "json" || kind === "xml"));
    const secrets = applied.secrets.length > 0 ? [...allSecrets, ...applied.secrets] : allSecrets;
    let encoded: EncodedBody | undefined;
    if (args.body !== undefined) {
      const field = applied.body;
      const body = field && !(field.field in (args.body as object)) ? { [field.field]: field.value, ...(args.body as object) } : args.body;
      const own = field && isObject ? (args.body as Record<string, unknown>)[field.field] : undefined;
      const hidden = typeof own === "string" ? [...secrets, own] : secrets;
      const m: MediaDescriptor = media ?? { type: "application/json", kind: "json" };
      if (m.kind === "xml" && !m.xml) throw new ConfigError("/format", `"json": ${op.name} has no XML shape in its description`, api.factory);
      try {
        const result = encodeBody(m, body, checker(op, m, args.validate ?? options.validate ?? true, hidden));
        if (Array.isArray(result)) throw new ValidationError(op.name, result, { secrets: hidden });
        encoded = result;
      } catch (e) {
        // The XML encoder knows nothing of the client's secrets: its errors are redacted here.
        if (e instanceof ProfilekitError) throw redactError(e, hidden);
        throw e;
      }
    }
    return send(op, args, parameters, applied, encoded, secrets, media ? media.kind === "xml" : (args.format ?? options.format) === "xml");
  }

  async function send(
    op: OperationDescriptor,
    args: CallArgs,
    parameters: ReturnType<typeof serializeParameters>["parameters"],
    applied: AppliedSecurity,
    body: EncodedBody | undefined,
    secrets: readonly string[],
    xml: boolean,
  ): Promise<unknown> {
    const base = op.servers && options.baseUrl === undefined ? baseUrlFor(op.servers) : defaultBase;
    if (base === undefined) throw new ConfigError("/baseUrl", `your API root URL (the spec names no server for ${op.name})`, api.factory, { secrets });
    const query = [...parameters.query, ...applied.query].join("&");
    const url = base + parameters.path + (query ? `?${query}` : "");
    const headers = new Headers();
    const set = (name: string, value: string, where: string, isCredential = false) => {
      try {
        headers.set(name, value);
      } catch {
        // Headers refuses line breaks and characters beyond Latin-1, and its message would show the value.
        const what = "a value that can be sent in an HTTP header (no line breaks, Latin-1 characters only)";
        if (isCredential) throw new ConfigError(where, what, api.factory, { secrets });
        throw new ValidationError(op.name, [{ path: where, keyword: "type", message: `expected ${what}` }], { secrets, part: "parameters" });
      }
    };
    set("Accept", acceptOf(op, xml), "/headers/Accept");
    if (body?.contentType) set("Content-Type", body.contentType, "/headers/Content-Type");
    if (body?.length !== undefined) set("Content-Length", String(body.length), "/headers/Content-Length");
    for (const [k, v] of Object.entries(options.headers ?? {})) set(k, v, `/headers/${k}`);
    for (const [k, v] of parameters.headers) set(k, v, `/header/${k}`);
    for (const [k, v] of Object.entries(args.headers ?? {})) set(k, v, `/headers/${k}`);
    const cookies = [...parameters.cookies, ...applied.cookies];
    if (cookies.length > 0) set("Cookie", [headers.get("cookie"), ...cookies].filter(Boolean).join("; "), "/cookie");
    for (const [k, v, option] of applied.headers) set(k, v, `/${option}`, true);

    let captured: { response: Response; bytes: Uint8Array<ArrayBuffer> | null } | undefined;
    try {
      await client.request(op.method, parameters.path, {
        baseUrl: base,
        headers,
        ...(body !== undefined ? { body: body.payload, bodySerializer: (b: unknown) => b } : {}),
        ...(body?.payload instanceof ReadableStream ? { duplex: "half" } : {}),
        querySerializer: () => query,
        parseAs: "stream",
        ...(args.signal ? { signal: args.signal } : {}),
        fetch: async (request: Request) => {
          const response = await fetchImpl(request);
          const bytes = await readAnswerBytes(request, response, secrets);
          captured = { response, bytes };
          // openapi-fetch gets the status and headers; the runtime reads the counted bytes itself.
          return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
        },
      });
      return answer(op, captured!, url, secrets);
    } catch (e) {
      // Errors built where the secrets are unknown (the XML decoder) are redacted here.
      if (e instanceof ProfilekitError) throw redactError(e, secrets);
      if (e instanceof Error && e.name === "AbortError") throw e;
      throw new NetworkError(op.method, redact(url, secrets), e, redact(causeText(e), secrets), { secrets });
    }
  }

  function answer(op: OperationDescriptor, captured: { response: Response; bytes: Uint8Array<ArrayBuffer> | null }, url: string, secrets: readonly string[]): unknown {
    const { response, bytes } = captured;
    const status = response.status;
    const declared = responseFor(op.responses, status);
    const contentType = response.headers.get("content-type");
    const answerUrl = redact(response.url || url, secrets);
    if (!response.ok) {
      const media = mediaFor(declared?.media, contentType);
      const { value, parsed } = errorBody(bytes, contentType, media);
      let bodyIssues: ValidationIssue[] | undefined;
      if (parsed && media?.validate) {
        const result = media.validate(value);
        if (!result.ok) bodyIssues = result.errors.slice(0, 100);
      }
      const retryAfter = response.headers.get("retry-after") ?? undefined;
      throw new HttpError(op.method, answerUrl, status, value, redact(describeValue(value), secrets), retryAfter, { secrets, operation: op.name, ...(bodyIssues ? { bodyIssues } : {}) });
    }
    if (status === 204 || status === 205 || op.method === "HEAD" || bytes === null || bytes.byteLength === 0 || declared?.media.length === 0) {
      // An API that reports failures inside 2xx answers says success in the body: an empty answer the spec does not declare says nothing.
      if (api.vendorError && declared?.media.length !== 0 && op.method !== "HEAD")
        throw new VendorError(op.method, answerUrl, undefined, "the answer has no body, so it does not say the request succeeded", undefined, { secrets });
      return undefined;
    }
    const media = mediaFor(declared?.media, contentType);
    const kind = contentType ? kindOf(contentType) : (media?.kind ?? "json");
    let data: unknown;
    if (kind === "json") data = JSON.parse(textOf(bytes, contentType));
    else if (kind === "xml" && media?.xml) {
      data = decodeXml(bytes, media.xml);
      const result = media.validate?.(data);
      if (result && !result.ok) {
        // One issue per item of a long list could make a message as large as the answer: the first ten.
        const shown = result.errors.slice(0, 10).map((i) => `${i.path || "(the answer)"}: ${redact(i.message, secrets)}`);
        const issues = shown.join("; ") + (result.errors.length > 10 ? `; and ${result.errors.length - 10} more` : "");
        throw new XmlDecodeError(`the answer does not match the spec: ${issues}`, undefined, undefined, undefined, { secrets });
      }
    } else if (kind === "text" || kind === "xml") return textOf(bytes, contentType);
    else return new Blob([bytes], { type: contentType ?? media?.type ?? "application/octet-stream" });
    const ve = api.vendorError;
    if (ve && data !== null && typeof data === "object") {
      const code = at(data, ve.code);
      if (code !== ve.success) throw new VendorError(op.method, answerUrl, code, redact(describeValue(at(data, ve.message)), secrets), data, { secrets });
    }
    return data;
  }

  /** A batch operation's spec and transport: the envelope (params without the items, credential filled in) and a send per chunk. */
  function transport(op: OperationDescriptor, params: object, options2: BatchCallOptions): { spec: BatchSpec; transport: BatchTransport } {
    const batch = op.batch;
    if (!batch) throw new ConfigError("", `an operation with x-batch for .all() / .stream(); ${op.name} has none`, api.factory);
    const path = itemsPath(batch.items);
    const chosen = chooseSecurity(api, op, credentials);
    const field = bodyField(chosen);
    let envelope = setAt(params, path, undefined);
    if (field && !(field.field in envelope)) envelope = { [field.field]: field.value, ...envelope };
    const mediaOf = (format: "json" | "xml") =>
      chooseMedia(op, { format, ...(options2.contentType !== undefined ? { contentType: options2.contentType } : {}) }) ?? { type: "application/json", kind: "json" as const };
    const framing = (format: "json" | "xml"): BatchFraming => {
      const media = mediaOf(format);
      if (media.kind === "json") return jsonFraming(envelope, path);
      const list = media.xml?.shape.kind === "object" && path.length === 1 ? media.xml.shape.properties[path[0]!] : undefined;
      if (media.kind !== "xml" || !media.xml || !list || list.shape.kind !== "array") {
        throw new ConfigError("/format", `"json": ${op.name} has no XML body with a top-level list ${path.join("/")} in the spec`, api.factory);
      }
      const body = media.xml;
      const closing = `</${body.root}>`;
      const text = encodeXml(envelope, body);
      const marker = list.shape.marker;
      return {
        prefix: text.slice(0, -closing.length),
        separator: "",
        suffix: closing,
        ...(marker ? { firstItemMark: { at: list.element.length + 1, text: ` ${marker.attribute}='${marker.value}'` } } : {}),
        serialize: xmlItemEncoder(body, path[0]!),
      };
    };
    const ve = api.vendorError;
    const spec: BatchSpec = { ...batch, ...(ve && batch.results ? { code: ve.code, success: ve.success, message: ve.message } : {}) };
    const validator = (op.body?.media ?? []).find((m) => m.validate && (m.kind === "json" || m.kind === "xml"))?.validate;
    const callArgs: CallArgs = {};
    for (const k of ["path", "query", "header", "cookie", "headers"] as const) if (options2[k] !== undefined) (callArgs as Record<string, unknown>)[k] = options2[k];
    return {
      spec,
      transport: {
        ...(options.format ? { format: options.format } : {}),
        framing,
        validate: validator ? itemValidator(validator, op.name, envelope, path, allSecrets) : () => undefined,
        secrets: allSecrets,
        send: async (bytes, format, signal) => {
          const { parameters, issues } = serializeParameters(op, callArgs);
          if (issues.length > 0) throw new ValidationError(op.name, issues, { secrets: allSecrets, part: "parameters" });
          const applied = await applySecurity(api, chosen, credentials, field !== undefined);
          const secrets = applied.secrets.length > 0 ? [...allSecrets, ...applied.secrets] : allSecrets;
          const media = mediaOf(format);
          const contentType = media.type.includes("*") ? (format === "xml" ? "application/xml" : "application/json") : media.type;
          const answer = await send(op, { ...callArgs, format, ...(signal ? { signal } : {}) }, parameters, applied, bytesPayload(bytes, contentType), secrets, format === "xml");
          // The engine redacts outcomes with the client's static secrets; a token fetched for this request is hidden here.
          return applied.secrets.length > 0 ? redactor(secrets).value(answer) : answer;
        },
      },
    };
  }

  /** The body-field credential of a chosen alternative, when it goes in the body (static strings only: a batch envelope is written once). */
  function bodyField(chosen: ChosenSecurity): { field: string; value: string } | undefined {
    for (const { scheme, credential } of chosen) {
      if (scheme.type === "http" && scheme.bodyField !== undefined && typeof credential === "string" && credentials.inBody.get(scheme.option) !== false) {
        return { field: scheme.bodyField, value: credential };
      }
    }
    return undefined;
  }

  const batchOptions = (o: BatchCallOptions) => (o.validate === undefined && options.validate !== undefined ? { ...o, validate: options.validate } : o);
  return {
    call,
    async batch(op, params, items, o = {}) {
      const { spec, transport: t } = transport(op, params, o);
      return runBatch(items, spec, t, batchOptions(o));
    },
    async *stream(op, params, items, o = {}) {
      // Inside the generator: a configuration error surfaces where the stream is read, as every other one.
      const { spec, transport: t } = transport(op, params, o);
      yield* streamBatch(items, spec, t, batchOptions(o));
    },
    batchEngine: (op, params, o = {}) => transport(op, params, o),
  };
}

/** The error body parsed by its Content-Type: JSON (tried whatever the type, as openapi-fetch does), XML by its shape, else text. */
function errorBody(bytes: Uint8Array<ArrayBuffer> | null, contentType: string | null, media: MediaDescriptor | undefined): { value: unknown; parsed: boolean } {
  if (bytes === null || bytes.byteLength === 0) return { value: undefined, parsed: false };
  const text = textOf(bytes, contentType);
  const kind = contentType ? kindOf(contentType) : undefined;
  if (kind === "xml" && media?.xml) {
    try {
      return { value: decodeXml(bytes, media.xml), parsed: true };
    } catch {
      return { value: text, parsed: false };
    }
  }
  if (kind === "text" && media?.kind === "text") return { value: text, parsed: true };
  try {
    return { value: JSON.parse(text), parsed: kind === "json" || kind === undefined };
  } catch {
    return { value: text, parsed: false };
  }
}

/** The base URL: `baseUrl` when given (checked), else the first server with its variables filled in. */
function resolveServer(factory: string, servers: readonly ServerDescriptor[], options: ClientOptions, secrets: readonly string[]): string {
  const given = options.baseUrl;
  const server = servers[0];
  if (given === undefined) {
    if (!server) throw new ConfigError("/baseUrl", "your API root URL (the spec names no server)", factory, { secrets });
    const needsYours = () => new ConfigError("/baseUrl", `your API root URL (the spec's server is ${server.url})`, factory, { secrets });
    const url = server.url.replace(/\{([^{}]+)\}/g, (_, name: string) => {
      const variable = server.variables?.[name];
      const value = options.serverVariables?.[name] ?? variable?.default;
      if (value === undefined) throw needsYours();
      if (variable?.enum && !variable.enum.includes(value)) {
        throw new ConfigError(`/serverVariables/${name}`, `one of ${variable.enum.map((v) => JSON.stringify(v)).join(", ")} (the server URL's ${name}), found ${JSON.stringify(value)}`, factory, {
          secrets,
        });
      }
      return value;
    });
    if (!/^https?:\/\//i.test(url)) throw needsYours();
    return url.replace(/\/+$/, "");
  }
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new ConfigError("/baseUrl", `an absolute http(s) URL such as ${server?.url ?? "https://api.example.com"}, found ${JSON.stringify(given)}`, factory, { secrets });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError("/baseUrl", `an http(s) URL, found the protocol ${url.protocol}`, factory, { secrets });
  }
  return given.replace(/\/+$/, "");
}
