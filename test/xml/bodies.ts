import { xmlShapes } from "../../generated/altcraft/xml.js";
import * as altcraft from "../../generated/altcraft/validators.js";
import type { XmlBody } from "../../src/runtime/xml.js";

/** The generated validators' verdict, as the XML tests use it. */
export type Validate = (v: unknown) => { ok: true } | { ok: false; errors: { path: string; keyword: string; message: string }[] };

/** The generated XML shape of an operation's request or answer. */
export function xmlBody(operationId: string, direction: "request" | "response"): XmlBody {
  const b = (xmlShapes as Readonly<Record<string, { request?: XmlBody; response?: XmlBody }>>)[operationId]?.[direction];
  if (!b) throw new Error(`no XML ${direction} shape for ${operationId}`);
  return b;
}

export interface XmlCase {
  name: string;
  operationId: "updateProfile" | "updateProfilesBatch";
  direction: "request" | "response";
  /** The schema of #/components/schemas the body follows. */
  schema: string;
  body: XmlBody;
  validate: Validate;
}

/** Every Altcraft body that has an XML shape, with its schema and generated validator. */
export const xmlCases: XmlCase[] = [
  {
    name: "updateProfile request",
    operationId: "updateProfile",
    direction: "request",
    schema: "UpdateProfileRequest",
    body: xmlBody("updateProfile", "request"),
    validate: altcraft.validateUpdateProfileRequest,
  },
  {
    name: "updateProfilesBatch request",
    operationId: "updateProfilesBatch",
    direction: "request",
    schema: "UpdateProfilesBatchRequest",
    body: xmlBody("updateProfilesBatch", "request"),
    validate: altcraft.validateUpdateProfilesBatchRequest,
  },
  {
    name: "updateProfile response",
    operationId: "updateProfile",
    direction: "response",
    schema: "UpdateProfileResponse",
    body: xmlBody("updateProfile", "response"),
    validate: altcraft.validateUpdateProfileResponse,
  },
  {
    name: "updateProfilesBatch response",
    operationId: "updateProfilesBatch",
    direction: "response",
    schema: "UpdateProfilesBatchResponse",
    body: xmlBody("updateProfilesBatch", "response"),
    validate: altcraft.validateUpdateProfilesBatchResponse,
  },
];

/**
 * The field that `field_name` names (x-each-item-requires) was an empty array somewhere, so XML
 * lost it: `{"field_name": "tags", "data": [{"tags": []}]}` comes back without `tags`, and the
 * value is no longer valid. `dropped`: the keys xmlCanonical left out for an empty array.
 */
export function namedFieldLost(v: unknown, dropped: ReadonlySet<string>): boolean {
  const name = typeof v === "object" && v !== null ? (v as Record<string, unknown>)["field_name"] : undefined;
  return typeof name === "string" && dropped.has(name);
}
