/**
 * The names and type expressions of what a generated API exports per operation, in one place: the
 * client, the validators, the operations table and the docs all ask here.
 */
import { identifier, literal } from "./code.js";
import type { ApiPlan, MediaPlan, OperationPlan, ResponsePlan, WebhookPlan } from "./plan/types.js";

export function operationTypeNames(op: OperationPlan) {
  const base = op.methodName[0]!.toUpperCase() + op.methodName.slice(1);
  return {
    request: identifier(`${base}Request`),
    response: identifier(`${base}Response`),
    error: identifier(`${base}Error`),
    pathParams: identifier(`${base}PathParams`),
    options: identifier(`${base}Options`),
    validateRequest: identifier(`validate${base}Request`),
    isRequest: identifier(`is${base}Request`),
    /** The validator of one answer: `validateGetPetResponse` for the first 2xx, `validateGetPetResponse404` for the others. */
    validateResponse: (status?: string) => identifier(`validate${base}Response${status === undefined ? "" : status[0]!.toUpperCase() + status.slice(1)}`),
    batchParams: identifier(`${base}Params`),
    batchItem: identifier(`${base}Item`),
  };
}

export const webhookTypeNames = (w: WebhookPlan) => ({ payload: identifier(`${w.typeName}Payload`), validate: identifier(`validate${w.typeName}Payload`) });

export const clientFactoryName = (plan: ApiPlan): string => identifier(`create${plan.typeName}Client`);
export const optionsTypeName = (plan: ApiPlan): string => identifier(`${plan.typeName}ClientOptions`);
export const apiConstName = (plan: ApiPlan): string => identifier(`${plan.typeName[0]!.toLowerCase()}${plan.typeName.slice(1)}Api`);

/** Whether a body of this kind is a value validated by the spec's schema before sending or after reading. */
export const isValidated = (m: MediaPlan): boolean => m.schemaPointer !== undefined && (m.kind === "json" || m.kind === "xml" || m.kind === "form" || m.kind === "multipart");

const opType = (op: OperationPlan) => `paths[${literal(op.path)}][${literal(op.method)}]`;

/** The TypeScript type of one media type's value, as openapi-typescript typed it. */
function mediaType(plan: ApiPlan, container: string, m: MediaPlan, wrap: "Writable" | "Readable"): string {
  if (m.kind === "binary") return container.includes("requestBody") ? "Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>" : "Blob";
  if (m.kind === "text") return "string";
  const t = m.schemaName !== undefined ? `components["schemas"][${literal(m.schemaName)}]` : `${container}["content"][${literal(m.type)}]`;
  return plan.readWrite ? `${wrap}<${t}>` : t;
}

/** A union of distinct types, `never` for none. */
const union = (types: string[]): string => [...new Set(types)].join(" | ") || "never";

/** The body a method takes: one type per media type (XML and JSON of one schema are one type). */
export function requestType(plan: ApiPlan, op: OperationPlan): string {
  const container = `NonNullable<${opType(op)}["requestBody"]>`;
  return union(op.requestBody!.media.map((m) => mediaType(plan, container, m, "Writable")));
}

/** What an answer's body is: its JSON (or decoded XML) value, text, a Blob, or undefined without a body. */
export function responseType(plan: ApiPlan, op: OperationPlan, r: ResponsePlan): string {
  if (r.media.length === 0) return "undefined";
  const container = `${opType(op)}["responses"][${literal(r.status)}]`;
  const json = r.media.filter((m) => m.kind === "json" || m.kind === "xml");
  // JSON and XML of one answer decode to the same value: JSON's type says it.
  return union((json.length > 0 ? [json[0]!] : r.media).map((m) => mediaType(plan, container, m, "Readable")));
}

export const successResponses = (op: OperationPlan): ResponsePlan[] => op.responses.filter((r) => /^2/.test(r.status));
const errorResponses = (op: OperationPlan): ResponsePlan[] => op.responses.filter((r) => !/^2/.test(r.status));

/** The success value of a method: a union of its 2xx answers; `void` when none has a body. */
export function successType(plan: ApiPlan, op: OperationPlan): string {
  const types = successResponses(op).map((r) => responseType(plan, op, r));
  if (types.length === 0 || types.every((t) => t === "undefined")) return "void";
  return union(types);
}

/** The body of an HttpError from this operation: a union of its declared error answers' values, unknown when none declares one. */
export function errorType(plan: ApiPlan, op: OperationPlan): string | undefined {
  const types = errorResponses(op)
    .filter((r) => r.media.length > 0)
    .map((r) => responseType(plan, op, r));
  return types.length === 0 ? undefined : union(types);
}

/** The path parameters' type: openapi-typescript's, or our own when the spec forgot to declare one. */
export function pathParamsType(op: OperationPlan): string {
  const params = op.parameters.filter((p) => p.in === "path");
  if (params.every((p) => p.schemaPointer !== undefined)) return `${opType(op)}["parameters"]["path"]`;
  return `{ ${params.map((p) => `${literal(p.name)}: string | number`).join("; ")} }`;
}

/** The query, header and cookie parameters' type, as openapi-fetch's `params` has them. */
export const otherParamsType = (op: OperationPlan): string => `Omit<${opType(op)}["parameters"], "path">`;

/** The type of a webhook's or callback's payload. */
export function payloadType(plan: ApiPlan, w: WebhookPlan, m: MediaPlan): string {
  if (w.kind === "webhook") return mediaType(plan, `NonNullable<webhooks[${literal(w.name)}][${literal(w.method)}]["requestBody"]>`, m, "Readable");
  if (m.schemaName !== undefined) return mediaType(plan, "", m, "Readable");
  return m.kind === "text" ? "string" : m.kind === "binary" ? "Blob" : "unknown";
}
