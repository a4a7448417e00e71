/**
 * The typed plan of one API: what the checker makes of a document (parse, don't validate) and the
 * one thing every emitter, the docs builder, the import CLI and the sandbox read. Pointers are JSON
 * Pointers into the (bundled, converted, overlaid) document; names are already identifiers.
 */
import type { BodyKind } from "../../runtime/index.js";

export const HTTP_METHODS = ["get", "put", "post", "patch", "delete", "head", "options", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ApiPlan {
  /** The API's name: its folder or config key (`altcraft`). */
  api: string;
  /** `Altcraft`: names the factory (`createAltcraftClient`), the client type and the options type. */
  typeName: string;
  title: string;
  version: string;
  sourceFile: string;
  /** The schema dialect the validators follow, from `openapi:`. */
  dialect: "openapi-3.0" | "openapi-3.1";
  servers: ServerPlan[];
  /** True when the user's own host must be given (`baseUrl`): a server variable without an enum, a relative URL, or no server. */
  baseUrlRequired: boolean;
  securitySchemes: SecuritySchemePlan[];
  /** The API's default requirement: alternatives, each the scheme names sent together; `[]` allows no credential. */
  security: string[][];
  vendorError?: { code: string; message: string; success: unknown };
  /** The document-wide XML array marker (`x-xml-array-marker` at the root). */
  xmlArrayMarker?: { attribute: string; value: string };
  /** Sorted by method name. */
  operations: OperationPlan[];
  /** 3.1 `webhooks` and 3.0 `callbacks`: payloads a vendor sends to the user. Sorted by name. */
  webhooks: WebhookPlan[];
  /** Whether any schema says readOnly/writeOnly: then request and answer types differ. */
  readWrite: boolean;
}

export interface ServerPlan {
  url: string;
  description: string;
  variables: Record<string, { default: string; enum?: string[]; description: string }>;
}

export interface SecuritySchemePlan {
  /** The key in components.securitySchemes. */
  name: string;
  /** The client option holding its credential (`token`, `apiKey`, or the scheme's name in camelCase). */
  option: string;
  /** Whether every operation needs it: then the option is required. */
  required: boolean;
  type: "apiKey" | "http" | "oauth2" | "openIdConnect";
  /** apiKey: where and under which name. */
  in?: "header" | "query" | "cookie";
  paramName?: string;
  /** http: the scheme, lower case. */
  scheme?: string;
  /** http: the Authorization value with `{credential}` (basic: the base64 of `user:password`). */
  template?: string;
  bodyField?: string;
  description: string;
}

export interface ParameterPlan {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  style: "simple" | "label" | "matrix" | "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";
  explode: boolean;
  allowReserved: boolean;
  /** Declared with `content: application/json` instead of a schema. */
  json: boolean;
  description: string;
  deprecated: boolean;
  /** Where its schema is, when it has one. */
  schemaPointer?: string;
}

export interface MediaPlan {
  /** As declared: `application/vnd.api+json`. */
  type: string;
  kind: BodyKind;
  /** Where its schema is, when it has one. */
  schemaPointer?: string;
  /** The component schema it is a `$ref` to, when it is one (names the type). */
  schemaName?: string;
  /** Form and multipart: the spec's `encoding`. */
  encoding?: Record<string, { contentType?: string; style?: "form" | "spaceDelimited" | "pipeDelimited" | "deepObject"; explode?: boolean; allowReserved?: boolean }>;
}

export interface BodyPlan {
  required: boolean;
  description: string;
  /** The top-level property names of the first media type's schema (through $ref, allOf, oneOf, anyOf): what the docs list. */
  fields: string[];
  /** JSON-like first, then in the spec's order. */
  media: MediaPlan[];
}

export interface ResponsePlan {
  /** As the spec writes it: `200`, `2XX`, `default`. */
  status: string;
  description: string;
  media: MediaPlan[];
}

export interface BatchPlan {
  /** JSON Pointers: the items array in the request body, per-item results and their id in the answer, a per-chunk id (job). */
  items: string;
  maxItems: number;
  maxBytes: number;
  results?: string;
  id?: string;
  chunkId?: string;
}

export interface OperationPlan {
  /** The client method's name: an identifier, unique in the API. */
  methodName: string;
  /** As the spec writes it, when it has one. */
  operationId?: string;
  method: HttpMethod;
  path: string;
  /** `/paths/~1pets/get`. */
  pointer: string;
  summary: string;
  description: string;
  deprecated: boolean;
  /** Path-item parameters merged with the operation's, in declaration order. */
  parameters: ParameterPlan[];
  requestBody?: BodyPlan;
  /** Sorted by status. */
  responses: ResponsePlan[];
  /** The effective requirement (the operation's own, else the API's). */
  security: string[][];
  /** Whether the operation declares its own security (the descriptor then carries it). */
  ownSecurity: boolean;
  servers?: ServerPlan[];
  batch?: BatchPlan;
}

export interface WebhookPlan {
  /** A unique identifier for its exports (`validate<Name>Payload`). */
  typeName: string;
  /** The webhook's key (3.1) or `<operation>.<callback>` (3.0). */
  name: string;
  method: HttpMethod;
  /** `/webhooks/newPet/post` or `/paths/~1x/post/callbacks/onEvent/{$request.body#~1url}/post`. */
  pointer: string;
  /** 3.1 webhooks are typed by openapi-typescript (`webhooks[name][method]`); callbacks are not. */
  kind: "webhook" | "callback";
  body?: BodyPlan;
}
