/**
 * What a generated client tells the runtime about each operation: the `operations` table every
 * generated API exports, one entry per operation keyed by its method name. The generator writes
 * these from its plan; the runtime (`ClientRuntime.call`), `profilekit import` and the sandbox read
 * them. Plain data plus the generated validators and XML shapes: nothing here is parsed again.
 */
import type { ValidationIssue } from "./errors/validation-error.js";
import type { XmlBody } from "./xml.js";

/** A generated validator, as far as the runtime needs it. */
export type BodyValidator = (value: unknown) => { ok: true } | { ok: false; errors: ValidationIssue[] };

export type HttpMethodName = "GET" | "PUT" | "POST" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" | "TRACE";

/**
 * How a body is written or read, from its media type: `json` (application/json and every `+json`),
 * `xml` (the `xml` shapes), `form` (application/x-www-form-urlencoded), `multipart`
 * (multipart/form-data: files as Blob), `text` (text/*), `binary` (anything else: Blob, ArrayBuffer,
 * Uint8Array or a stream, sent as is; read as a Blob).
 */
export type BodyKind = "json" | "xml" | "form" | "multipart" | "text" | "binary";

export interface ParameterDescriptor {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  /** OpenAPI's style; default by location: path and header `simple`, query and cookie `form`. */
  readonly style?: "simple" | "label" | "matrix" | "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";
  /** Default: true for `form`, false otherwise. */
  readonly explode?: boolean;
  readonly allowReserved?: boolean;
  /** A parameter declared with `content: application/json`: its value is sent as JSON text. */
  readonly json?: boolean;
  readonly required?: boolean;
}

export interface EncodingDescriptor {
  /** The part's Content-Type (multipart), e.g. `image/png` or `application/json`. */
  readonly contentType?: string;
  readonly style?: "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";
  readonly explode?: boolean;
  readonly allowReserved?: boolean;
}

export interface MediaDescriptor {
  /** The media type as the spec declares it: `application/vnd.api+json`. */
  readonly type: string;
  readonly kind: BodyKind;
  /** The schema's validator, for JSON-like bodies and form fields that have a schema. */
  readonly validate?: BodyValidator;
  /** XML bodies: the shape the encoder and decoder follow. */
  readonly xml?: XmlBody;
  /** Form and multipart bodies: the spec's `encoding` object, by property. */
  readonly encoding?: Readonly<Record<string, EncodingDescriptor>>;
}

export interface BodyDescriptor {
  readonly required: boolean;
  /** In the spec's order of preference: the first JSON-like one is the default. */
  readonly media: readonly MediaDescriptor[];
}

export interface ResponseDescriptor {
  /** Media types of this answer; none for an answer without a body (204). */
  readonly media: readonly MediaDescriptor[];
}

export interface ServerDescriptor {
  /** May hold `{variables}`: filled from `serverVariables`, else their defaults. */
  readonly url: string;
  readonly variables?: Readonly<Record<string, { readonly default: string; readonly enum?: readonly string[] }>>;
}

/** Batch chunking, from the spec's `x-batch` (pointers as path tokens). */
export interface BatchDescriptor {
  /** Where the items are in the request body: `["data"]`, or Klaviyo's `["data", "attributes", "profiles", "data"]`. */
  readonly items: readonly string[];
  readonly maxItems: number;
  readonly maxBytes: number;
  /** The per-item results in the answer, one per item in order; absent when the API answers per chunk. */
  readonly results?: readonly string[];
  /** The item's id in its result (Altcraft: profile_id). */
  readonly id?: readonly string[];
  /** Where an answer that covers a whole chunk names it (a job id): reported with each item of the chunk. */
  readonly chunkId?: readonly string[];
}

export interface OperationDescriptor {
  /** The method name it is keyed by, for messages. */
  readonly name: string;
  readonly method: HttpMethodName;
  /** The path template: `/pets/{petId}`. */
  readonly path: string;
  readonly parameters?: readonly ParameterDescriptor[];
  readonly body?: BodyDescriptor;
  /** By status as the spec writes it: `"200"`, `"2XX"`, `"default"`. */
  readonly responses: Readonly<Record<string, ResponseDescriptor>>;
  /**
   * Alternatives, each the scheme names that must all be sent; `[]` in the list means the
   * operation may be called without credentials. Absent: the API's default.
   */
  readonly security?: readonly (readonly string[])[];
  /** Servers of this operation only (the spec's per-operation `servers`). */
  readonly servers?: readonly ServerDescriptor[];
  readonly batch?: BatchDescriptor;
}

/** How a credential is sent, from the spec's security scheme. */
export type SecuritySchemeDescriptor =
  | { readonly type: "apiKey"; readonly option: string; readonly in: "header" | "query" | "cookie"; readonly name: string }
  | {
      readonly type: "http";
      readonly option: string;
      /** Lower case: `bearer`, `basic`, or another scheme written with `template`. */
      readonly scheme: string;
      /** The Authorization header with `{credential}` for the secret: `Bearer {credential}`, `Token token={credential}`. */
      readonly template: string;
      /** A request-body field that may carry the credential instead (Altcraft `token`); the default when present. */
      readonly bodyField?: string;
    }
  | { readonly type: "oauth2" | "openIdConnect"; readonly option: string };

/** What a generated client knows about its API, from the spec: the exported `<api>Api` constant. */
export interface ApiDescription {
  /** `createAltcraftClient`: named in configuration errors. */
  readonly factory: string;
  /** The spec's servers; the first is the default base URL. */
  readonly servers: readonly ServerDescriptor[];
  /** By the scheme's name in the spec. */
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeDescriptor>>;
  /** The API's default requirement (alternatives, as in `OperationDescriptor.security`). */
  readonly security: readonly (readonly string[])[];
  /** Client options that must hold a credential: checked when the client is made. */
  readonly requiredOptions?: readonly string[];
  /** A 2xx answer whose value at `code` is not `success` is a vendor error (path tokens). */
  readonly vendorError?: { readonly code: readonly string[]; readonly message: readonly string[]; readonly success: unknown };
  readonly operations: Readonly<Record<string, OperationDescriptor>>;
}

/**
 * A batch operation's request body without its items: what `.all()` and `.stream()` take as
 * `params`. `P` is `BatchDescriptor.items`; for `["data"]` it is `Omit<T, "data">`. Distributive over
 * unions; the objects on the way keep their other properties (and their optionality).
 */
export type BatchParams<T, P extends readonly string[]> = T extends unknown ? WithoutAt<T, P> : never;

type WithoutAt<T, P extends readonly string[]> = T extends object
  ? P extends readonly [infer K extends string]
    ? Omit<T, K>
    : P extends readonly [infer K extends string, ...infer R extends readonly string[]]
      ? { [Q in keyof T]: Q extends K ? BatchParams<T[Q], R> : T[Q] }
      : T
  : T;

/** One item of a batch operation: the element type of the array at `P` in the request body `T` (distributive over unions). */
export type BatchItem<T, P extends readonly string[]> = T extends unknown
  ? P extends readonly [infer K extends string, ...infer R extends readonly string[]]
    ? T extends object
      ? K extends keyof T
        ? BatchItem<T[K], R>
        : never
      : never
    : T extends readonly (infer E)[]
      ? E
      : never
  : never;
