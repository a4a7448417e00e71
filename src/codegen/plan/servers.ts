import { joinPointer } from "../pointer.js";
import type { ServerPlan } from "./types.js";
import { asArray, isObj, str, type Located, type PlanContext } from "./context.js";

/** A `servers` list; a server without a url is left out with a warning. */
export function planServers(ctx: PlanContext, at: Located): ServerPlan[] {
  const out: ServerPlan[] = [];
  asArray(at.node).forEach((raw, i) => {
    const p = joinPointer(at.pointer, i);
    if (!isObj(raw) || typeof raw["url"] !== "string") return ctx.warn(p, "expected a Server Object with a url; left out");
    const variables: ServerPlan["variables"] = {};
    for (const [name, v] of Object.entries(isObj(raw["variables"]) ? raw["variables"] : {})) {
      if (!isObj(v) || v["default"] === undefined) {
        ctx.warn(joinPointer(p, "variables", name), "expected a Server Variable Object with a default; an empty default is used");
      }
      const e = isObj(v) && Array.isArray(v["enum"]) ? v["enum"].map(String) : undefined;
      variables[name] = { default: isObj(v) && v["default"] !== undefined ? String(v["default"]) : "", ...(e ? { enum: e } : {}), description: (isObj(v) && str(v["description"])) || "" };
    }
    for (const m of raw["url"].matchAll(/\{([^}]*)\}/g)) {
      if (!(m[1]! in variables)) {
        ctx.warn(joinPointer(p, "url"), `server variable {${m[1]}} is not declared in variables: the client's baseUrl is required`);
        variables[m[1]!] = { default: "", description: "" };
      }
    }
    out.push({ url: raw["url"], description: str(raw["description"]) ?? "", variables });
  });
  return out;
}

/**
 * The user's own host is needed when the default server cannot be used as it is: none is given,
 * it is relative (served from where the document is), or a variable takes free text (a host).
 */
export function needsBaseUrl(servers: ServerPlan[]): boolean {
  const first = servers[0];
  if (!first) return true;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(first.url.replace(/\{[^}]*\}/g, "x"))) return true;
  return Object.values(first.variables).some((v) => !v.enum || v.default === "");
}
