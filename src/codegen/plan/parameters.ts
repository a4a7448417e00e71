import { joinPointer } from "../pointer.js";
import type { ParameterPlan } from "./types.js";
import { asArray, isObj, str, type Located, type PlanContext } from "./context.js";

const LOCATIONS = ["path", "query", "header", "cookie"] as const;
const STYLES: Record<ParameterPlan["in"], ParameterPlan["style"][]> = {
  path: ["simple", "label", "matrix"],
  query: ["form", "spaceDelimited", "pipeDelimited", "deepObject"],
  header: ["simple"],
  cookie: ["form"],
};
/** Headers OpenAPI says a parameter cannot set: the client sets them from the body and the security. */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

/**
 * The parameters of an operation: the path item's, overridden by the operation's with the same
 * name and location, in declaration order. Every `{name}` of the path is a required path
 * parameter; one the spec forgot to declare is added as a string, with a warning.
 */
export function planParameters(ctx: PlanContext, path: string, lists: Located[]): ParameterPlan[] {
  const byKey = new Map<string, ParameterPlan>();
  for (const list of lists) {
    if (list.node !== undefined && !Array.isArray(list.node)) {
      ctx.warn(list.pointer, "expected a list of Parameter Objects; ignored");
      continue;
    }
    asArray(list.node).forEach((_, i) => {
      const p = planParameter(ctx, path, ctx.child(list, i));
      if (p) byKey.set(`${p.in}:${p.in === "header" ? p.name.toLowerCase() : p.name}`, p);
    });
  }
  const params = [...byKey.values()];
  const at = lists[lists.length - 1]!.pointer.replace(/\/parameters$/, "");
  for (const m of path.matchAll(/\{([^}]*)\}/g)) {
    const name = m[1]!;
    if (!params.some((p) => p.in === "path" && p.name === name)) {
      ctx.warn(at, `path parameter "{${name}}" is not declared in parameters: it is generated as a required string`);
      params.push({ name, in: "path", required: true, style: "simple", explode: false, allowReserved: false, json: false, description: "", deprecated: false });
    }
  }
  return params;
}

function planParameter(ctx: PlanContext, path: string, at: Located): ParameterPlan | undefined {
  const found = ctx.deref(at);
  if (!found) return undefined;
  const p = found.node;
  if (!isObj(p)) {
    ctx.refuse(at.pointer, "expected a Parameter Object");
    return undefined;
  }
  const name = p["name"];
  const where = p["in"];
  if (typeof name !== "string" || name === "") {
    ctx.refuse(joinPointer(found.pointer, "name"), `expected the parameter's name (a non-empty string), found ${JSON.stringify(name)}`);
    return undefined;
  }
  if (!(LOCATIONS as readonly unknown[]).includes(where)) {
    ctx.refuse(joinPointer(found.pointer, "in"), `expected one of ${LOCATIONS.join(", ")}, found ${JSON.stringify(where)}`);
    return undefined;
  }
  const location = where as ParameterPlan["in"];
  if (location === "header" && IGNORED_HEADERS.has(name.toLowerCase())) {
    ctx.warn(found.pointer, `a header parameter named ${name} is ignored, as OpenAPI says: the client sets it`);
    return undefined;
  }
  if (location === "path" && !path.includes(`{${name}}`)) {
    ctx.warn(found.pointer, `path parameter "${name}" does not appear in the path ${path}: it is left out`);
    return undefined;
  }
  if (location === "path" && p["required"] !== true) ctx.warn(joinPointer(found.pointer, "required"), "a path parameter is always required: it is generated as required");
  const defaultStyle = location === "query" || location === "cookie" ? "form" : "simple";
  let style = defaultStyle as ParameterPlan["style"];
  const given = str(p["style"]);
  if (given !== undefined) {
    if (STYLES[location].includes(given as ParameterPlan["style"])) style = given as ParameterPlan["style"];
    else ctx.warn(joinPointer(found.pointer, "style"), `style ${JSON.stringify(given)} is not defined for ${location} parameters (${STYLES[location].join(", ")}): ${defaultStyle} is used`);
  }
  const content = p["content"];
  const json = p["schema"] === undefined && isObj(content) && Object.keys(content).some((t) => /json/i.test(t));
  const plan: ParameterPlan = {
    name,
    in: location,
    required: location === "path" || p["required"] === true,
    style,
    explode: typeof p["explode"] === "boolean" ? p["explode"] : style === "form",
    allowReserved: p["allowReserved"] === true,
    json,
    description: str(p["description"]) ?? "",
    deprecated: p["deprecated"] === true,
  };
  if (p["schema"] !== undefined) plan.schemaPointer = joinPointer(found.pointer, "schema");
  else if (isObj(content) && Object.keys(content).length > 0) plan.schemaPointer = joinPointer(found.pointer, "content", Object.keys(content)[0]!, "schema");
  return plan;
}
