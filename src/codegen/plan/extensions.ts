import { followRefs, joinPointer, parsePointer, resolvePointer } from "../pointer.js";
import type { BatchPlan, MediaPlan, OperationPlan } from "./types.js";
import { asArray, isObj, type Obj, type PlanContext } from "./context.js";

const isPointer = (v: unknown): v is string => typeof v === "string" && (v === "" || v.startsWith("/"));
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const BATCH_KEYS = new Set(["items", "maxItems", "maxBytes", "results", "id", "chunkId"]);

/**
 * `x-batch` resolved against the operation's schemas: `items` must reach an array of the JSON
 * request body, `results` (when given) an array of the success answer. Absent `results`: the API
 * answers per chunk, and `chunkId` (when given) names the chunk's id (a job) in that answer.
 */
export function planBatch(ctx: PlanContext, op: OperationPlan, at: string, batch: unknown): BatchPlan | undefined {
  const shape =
    "expected { items: <JSON Pointer to an array of the request body>, maxItems: <integer > 0>, maxBytes: <integer > 0>, results?: <JSON Pointer to an array of the answer>, id?: <JSON Pointer in a result>, chunkId?: <JSON Pointer in the answer> }";
  if (!isObj(batch)) return void ctx.refuse(at, shape);
  let ok = typeof batch["items"] === "string" && batch["items"].startsWith("/") && isPositiveInt(batch["maxItems"]) && isPositiveInt(batch["maxBytes"]);
  for (const key of ["results", "id", "chunkId"]) if (batch[key] !== undefined && !isPointer(batch[key])) ok = false;
  for (const key of Object.keys(batch)) if (!BATCH_KEYS.has(key) && !key.startsWith("x-")) ok = false;
  if (!ok) return void ctx.refuse(at, shape);
  const plan: BatchPlan = { items: batch["items"] as string, maxItems: batch["maxItems"] as number, maxBytes: batch["maxBytes"] as number };
  for (const key of ["results", "id", "chunkId"] as const) if (typeof batch[key] === "string") plan[key] = batch[key] as string;

  const json = (media: MediaPlan[] | undefined) => media?.find((m) => m.kind === "json" && m.schemaPointer);
  const request = json(op.requestBody?.media);
  if (!request) return void ctx.refuse(at, "x-batch needs a JSON request body with a schema: the items are chunked from it");
  arrayAt(ctx, request.schemaPointer!, plan.items, joinPointer(at, "items"), "request body");
  const success = op.responses.find((r) => /^2/.test(r.status) && json(r.media));
  if (plan.results !== undefined) {
    if (!success) ctx.refuse(joinPointer(at, "results"), "x-batch results need a JSON success answer with a schema");
    else arrayAt(ctx, json(success.media)!.schemaPointer!, plan.results, joinPointer(at, "results"), "answer");
  }
  return plan;
}

function arrayAt(ctx: PlanContext, schemaPointer: string, pointer: string, at: string, what: string): void {
  const found = schemaAt(ctx.doc, resolvePointer(ctx.doc, schemaPointer), pointer);
  if ("problem" in found) ctx.refuse(at, `${JSON.stringify(pointer)} points to nothing in the ${what}: ${found.problem}`);
  else if (!isArraySchema(ctx.doc, found.schema, new Set())) {
    ctx.refuse(at, `${JSON.stringify(pointer)} must be an array of the ${what}, found ${JSON.stringify(found.schema["type"] ?? "a schema without type")}`);
  }
}

/** Whether a schema (through $ref, allOf, anyOf, oneOf) is an array. */
function isArraySchema(doc: Obj, schema: unknown, seen: Set<unknown>): boolean {
  const s = deref(doc, schema);
  if (!isObj(s) || seen.has(s)) return false;
  seen.add(s);
  const type = s["type"];
  if (type === "array" || (Array.isArray(type) && type.includes("array")) || s["items"] !== undefined || s["prefixItems"] !== undefined) return true;
  return ["allOf", "anyOf", "oneOf"].some((k) => asArray(s[k]).some((part) => isArraySchema(doc, part, seen)));
}

/** The schema a JSON Pointer into a value reaches, through $ref, properties and the parts of allOf/anyOf/oneOf. */
function schemaAt(doc: Obj, schema: unknown, pointer: string): { schema: Obj } | { problem: string } {
  let s = deref(doc, schema);
  let walked = "";
  for (const token of parsePointer(pointer)) {
    const found = propertyOf(doc, s, token, new Set());
    if (found === undefined) return { problem: `the ${walked ? `property ${walked}` : "body"} has no property "${token}"` };
    walked = joinPointer(walked, token);
    s = deref(doc, found);
  }
  return isObj(s) ? { schema: s } : { problem: `${walked} is not a schema object` };
}

function propertyOf(doc: Obj, schema: unknown, name: string, seen: Set<unknown>): unknown {
  const s = deref(doc, schema);
  if (!isObj(s) || seen.has(s)) return undefined;
  seen.add(s);
  if (isObj(s["properties"]) && Object.hasOwn(s["properties"], name)) return s["properties"][name];
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    for (const part of asArray(s[key])) {
      const found = propertyOf(doc, part, name, seen);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

const deref = (doc: Obj, s: unknown): unknown => followRefs(doc, s).node;

/** `x-vendor-error` at the root: where a 2xx answer says it failed. */
export function planVendorError(ctx: PlanContext): { code: string; message: string; success: unknown } | undefined {
  const v = ctx.doc["x-vendor-error"];
  if (v === undefined) return undefined;
  if (!isObj(v) || !isPointer(v["code"]) || !isPointer(v["message"]) || !("success" in v)) {
    return void ctx.refuse("/x-vendor-error", "expected { code: <JSON Pointer>, message: <JSON Pointer>, success: <value> }");
  }
  return { code: v["code"], message: v["message"], success: v["success"] };
}

/** `x-xml-array-marker`: { attribute: an XML name, value: a string }, at the root or on array schemas. */
export function planArrayMarkers(ctx: PlanContext): { attribute: string; value: string } | undefined {
  const check = (marker: unknown, at: string): marker is { attribute: string; value: string } => {
    const ok = isObj(marker) && typeof marker["attribute"] === "string" && XML_NAME.test(marker["attribute"]) && typeof marker["value"] === "string";
    if (!ok) ctx.refuse(at, `expected { attribute: <an XML attribute name>, value: <a string> }, found ${JSON.stringify(marker)}`);
    return ok;
  };
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) node.forEach((x, i) => visit(x, joinPointer(at, i)));
    else if (isObj(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k === "x-xml-array-marker") check(v, joinPointer(at, k));
        else if (k !== "example" && k !== "examples" && k !== "enum" && k !== "const" && k !== "default") visit(v, joinPointer(at, k));
      }
    }
  };
  visit(isObj(ctx.doc["components"]) ? ctx.doc["components"]["schemas"] : undefined, "/components/schemas");
  const root = ctx.doc["x-xml-array-marker"];
  return root !== undefined && check(root, "/x-xml-array-marker") ? { attribute: root.attribute, value: root.value } : undefined;
}
