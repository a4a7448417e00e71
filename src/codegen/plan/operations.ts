import { joinPointer } from "../pointer.js";
import { planBatch } from "./extensions.js";
import { planBody, planContent } from "./media.js";
import { breaksClient, camelCase, derivedName, IDENTIFIER, NameSet, pascalCase } from "./names.js";
import { planParameters } from "./parameters.js";
import { planRequirements } from "./security.js";
import { planServers } from "./servers.js";
import { HTTP_METHODS, type HttpMethod, type OperationPlan, type ResponsePlan, type SecuritySchemePlan, type WebhookPlan } from "./types.js";
import { isObj, str, type Located, type PlanContext } from "./context.js";

const PATH_ITEM_KEYS = new Set(["$ref", "summary", "description", "servers", "parameters", ...HTTP_METHODS]);

/** An operation found in `paths`, before its method name is chosen. */
interface Found {
  method: HttpMethod;
  path: string;
  item: Located;
  op: Located;
}

/** Every operation of `paths`, planned, with unique method names (sorted by them). */
export function planOperations(ctx: PlanContext, schemes: SecuritySchemePlan[], apiSecurity: string[][]): OperationPlan[] {
  const paths: Located = { node: ctx.doc["paths"], pointer: "/paths" };
  if (paths.node === undefined) return [];
  if (!isObj(paths.node)) {
    ctx.refuse("/paths", "expected a map of paths to Path Item Objects");
    return [];
  }
  const found: Found[] = [];
  for (const path of Object.keys(paths.node)) {
    const itemAt = ctx.child(paths, path);
    if (!path.startsWith("/")) ctx.warn(itemAt.pointer, `a path should start with "/": generated as written`);
    const item = ctx.deref(itemAt);
    if (!item || !isObj(item.node)) continue;
    for (const key of Object.keys(item.node)) {
      if (!PATH_ITEM_KEYS.has(key) && !key.startsWith("x-")) ctx.warn(joinPointer(item.pointer, key), `unknown path item field "${key}": ignored`);
    }
    for (const method of HTTP_METHODS) {
      const op = ctx.child(item, method);
      if (op.node === undefined) continue;
      if (!isObj(op.node)) {
        ctx.refuse(op.pointer, "expected an Operation Object");
        continue;
      }
      found.push({ method, path, item, op });
    }
  }
  const names = chooseNames(ctx, found);
  const operations = found.map((f, i) => planOperation(ctx, f, names[i]!, schemes, apiSecurity));
  return operations.sort((a, b) => (a.methodName < b.methodName ? -1 : a.methodName > b.methodName ? 1 : 0));
}

/**
 * Method names, deterministic: `x-profilekit-name`, else the operationId in camel case, else one
 * derived from method and path. Names that would break the client get `Operation` appended;
 * a name already taken (in document order) gets 2, 3… Every change is a warning.
 */
function chooseNames(ctx: PlanContext, found: Found[]): string[] {
  const taken = new NameSet();
  return found.map(({ method, path, op }) => {
    const o = op.node as Record<string, unknown>;
    const given = o["x-profilekit-name"];
    const id = o["operationId"];
    let name: string;
    if (given !== undefined) {
      if (typeof given === "string" && IDENTIFIER.test(given) && !given.includes("$") && !breaksClient(given)) {
        name = given;
      } else {
        name = typeof id === "string" && camelCase(id) ? camelCase(id) : derivedName(method, path);
        ctx.warn(joinPointer(op.pointer, "x-profilekit-name"), `expected a method name (letters and digits, not a reserved word), found ${JSON.stringify(given)}: "${name}" is used`);
      }
    } else if (typeof id === "string" && camelCase(id)) {
      name = camelCase(id);
      if (name !== id)
        ctx.warn(joinPointer(op.pointer, "operationId"), `operationId ${JSON.stringify(id)} is not a camelCase identifier: the method is named "${name}" (x-profilekit-name changes it)`);
    } else {
      name = derivedName(method, path);
      ctx.warn(op.pointer, `${id === undefined ? "no operationId" : `operationId ${JSON.stringify(id)} has no letters or digits`}: the method is named "${name}" (x-profilekit-name changes it)`);
    }
    const why = breaksClient(name);
    if (why) {
      const renamed = `${name}Operation`;
      ctx.warn(joinPointer(op.pointer, given !== undefined ? "x-profilekit-name" : "operationId"), `"${name}" cannot name a client method (${why}): the method is named "${renamed}"`);
      name = renamed;
    }
    const unique = taken.take(name);
    if (unique !== name) ctx.warn(joinPointer(op.pointer, "operationId"), `method name "${name}" is already taken by another operation: this one is named "${unique}"`);
    return unique;
  });
}

function planOperation(ctx: PlanContext, f: Found, methodName: string, schemes: SecuritySchemePlan[], apiSecurity: string[][]): OperationPlan {
  const o = f.op.node as Record<string, unknown>;
  const plan: OperationPlan = {
    methodName,
    ...(typeof o["operationId"] === "string" ? { operationId: o["operationId"] } : {}),
    method: f.method,
    path: f.path,
    pointer: f.op.pointer,
    summary: (str(o["summary"]) ?? "").trim(),
    description: (str(o["description"]) ?? "").trim(),
    deprecated: o["deprecated"] === true,
    parameters: planParameters(ctx, f.path, [ctx.child(f.item, "parameters"), ctx.child(f.op, "parameters")]),
    responses: planResponses(ctx, ctx.child(f.op, "responses")),
    security: apiSecurity,
    ownSecurity: o["security"] !== undefined,
  };
  const body = o["requestBody"] !== undefined ? planBody(ctx, ctx.child(f.op, "requestBody")) : undefined;
  if (body) plan.requestBody = body;
  if (o["security"] !== undefined) plan.security = planRequirements(ctx, ctx.child(f.op, "security"), schemes);
  const servers = o["servers"] !== undefined ? ctx.child(f.op, "servers") : isObj(f.item.node) && f.item.node["servers"] !== undefined ? ctx.child(f.item, "servers") : undefined;
  if (servers) plan.servers = planServers(ctx, servers);
  if (o["x-batch"] !== undefined) {
    const batch = planBatch(ctx, plan, joinPointer(f.op.pointer, "x-batch"), o["x-batch"]);
    if (batch) plan.batch = batch;
  }
  return plan;
}

/** Responses by status; a status that is not a code, a range or `default` is left out with a warning. */
function planResponses(ctx: PlanContext, at: Located): ResponsePlan[] {
  if (!isObj(at.node)) {
    ctx.warn(at.pointer, "expected a Responses Object: the operation answers with no declared body");
    return [];
  }
  const out: ResponsePlan[] = [];
  for (const status of Object.keys(at.node)) {
    if (status.startsWith("x-")) continue;
    const p = ctx.child(at, status);
    if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) {
      ctx.warn(p.pointer, `expected a status code (200), a range (2XX) or default, found ${JSON.stringify(status)}: left out`);
      continue;
    }
    const r = ctx.deref(p);
    if (!r || !isObj(r.node)) continue;
    out.push({ status, description: str(r.node["description"]) ?? "", media: planContent(ctx, ctx.child(r, "content")) });
  }
  const rank = (s: string) => (s === "default" ? 1000 : /X/.test(s) ? Number(s[0]) * 100 + 99.5 : Number(s));
  return out.sort((a, b) => rank(a.status) - rank(b.status));
}

/** 3.1 `webhooks` and the 3.0 `callbacks` of operations: what a vendor posts to the user, by name. */
export function planWebhooks(ctx: PlanContext, operations: OperationPlan[]): WebhookPlan[] {
  const out: WebhookPlan[] = [];
  const root: Located = { node: ctx.doc["webhooks"], pointer: "/webhooks" };
  const add = (kind: WebhookPlan["kind"], name: string, item: Located) => {
    const found = ctx.deref(item);
    if (!found || !isObj(found.node)) return;
    for (const method of HTTP_METHODS) {
      const op = ctx.child(found, method);
      if (!isObj(op.node)) continue;
      const body = op.node["requestBody"] !== undefined ? planBody(ctx, ctx.child(op, "requestBody")) : undefined;
      out.push({ typeName: "", name, method, pointer: op.pointer, kind, ...(body ? { body } : {}) });
    }
  };
  if (isObj(root.node)) for (const name of Object.keys(root.node)) add("webhook", name, ctx.child(root, name));
  for (const op of operations) {
    const callbacks = ctx.child(
      { node: ctx.doc, pointer: "" },
      ...op.pointer
        .slice(1)
        .split("/")
        .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~")),
      "callbacks",
    );
    if (!isObj(callbacks.node)) continue;
    for (const cb of Object.keys(callbacks.node)) {
      const c = ctx.deref(ctx.child(callbacks, cb));
      if (!c || !isObj(c.node)) continue;
      for (const expression of Object.keys(c.node)) add("callback", `${op.methodName}.${cb}`, ctx.child(c, expression));
    }
  }
  const names = new NameSet();
  for (const w of out) w.typeName = names.take(pascalCase(`${w.name} ${out.filter((x) => x.name === w.name).length > 1 ? w.method : ""}`) || "Webhook");
  return out.sort((a, b) => (a.typeName < b.typeName ? -1 : 1));
}
