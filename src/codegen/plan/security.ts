import { joinPointer } from "../pointer.js";
import { camelCase, NameSet } from "./names.js";
import type { SecuritySchemePlan } from "./types.js";
import { asArray, isObj, str, type Located, type PlanContext } from "./context.js";

/** Options every client has already: a scheme cannot take their names. */
const CLIENT_OPTIONS = ["baseUrl", "serverVariables", "fetch", "headers", "validate", "format"];

/**
 * The security schemes, each with the client option that holds its credential: with one scheme,
 * `token` (http, oauth2, openIdConnect), `apiKey` (apiKey) or `credentials` (http basic, a user
 * and password); with several, each scheme's name in camel case. `required` is filled in later.
 */
export function planSchemes(ctx: PlanContext): SecuritySchemePlan[] {
  const at = ctx.child({ node: ctx.doc, pointer: "" }, "components", "securitySchemes");
  if (!isObj(at.node)) return [];
  const entries = Object.keys(at.node).sort();
  const names = new NameSet(CLIENT_OPTIONS);
  const schemes: SecuritySchemePlan[] = [];
  for (const name of entries) {
    const found = ctx.deref(ctx.child(at, name));
    if (!found || !isObj(found.node)) continue;
    const s = found.node;
    const type = s["type"];
    const description = (str(s["description"]) ?? "").trim();
    const single = entries.length === 1;
    let plan: SecuritySchemePlan | undefined;
    if (type === "apiKey") {
      const where = s["in"];
      if (where !== "header" && where !== "query" && where !== "cookie") {
        ctx.warn(joinPointer(found.pointer, "in"), `expected header, query or cookie, found ${JSON.stringify(where)}: the scheme is left out`);
        continue;
      }
      if (typeof s["name"] !== "string" || s["name"] === "") {
        ctx.warn(joinPointer(found.pointer, "name"), "expected the header, query parameter or cookie name: the scheme is left out");
        continue;
      }
      plan = { name, option: single ? "apiKey" : "", required: false, type, in: where, paramName: s["name"], description };
    } else if (type === "http") {
      const scheme = (str(s["scheme"]) ?? "").toLowerCase();
      const given = str(s["x-authorization-template"]);
      let template = given ?? (scheme === "bearer" ? "Bearer {credential}" : scheme === "basic" ? "Basic {credential}" : `${str(s["scheme"]) ?? "Bearer"} {credential}`);
      if (!template.includes("{credential}")) {
        ctx.warn(joinPointer(found.pointer, "x-authorization-template"), `expected "{credential}" in the template: "${template} {credential}" is used`);
        template = `${template} {credential}`;
      }
      if (given === undefined && scheme !== "bearer" && scheme !== "basic")
        ctx.warn(joinPointer(found.pointer, "scheme"), `http scheme ${JSON.stringify(s["scheme"])} has no x-authorization-template: "${template}" is sent`);
      const bodyField = str(s["x-body-credential"]);
      if (s["x-body-credential"] !== undefined && !(bodyField && /^[A-Za-z_][A-Za-z0-9_]*$/.test(bodyField))) {
        ctx.refuse(joinPointer(found.pointer, "x-body-credential"), "expected the name of a request body field");
      }
      plan = { name, option: single ? (scheme === "basic" ? "credentials" : "token") : "", required: false, type, scheme, template, description, ...(bodyField ? { bodyField } : {}) };
    } else if (type === "oauth2" || type === "openIdConnect") {
      plan = { name, option: single ? "token" : "", required: false, type, description };
    } else if (type === "mutualTLS") {
      ctx.warn(found.pointer, "mutualTLS is set up in the fetch you give the client (its TLS options), not by the client: the scheme is left out");
      continue;
    } else {
      ctx.warn(joinPointer(found.pointer, "type"), `unknown security scheme type ${JSON.stringify(type)}: the scheme is left out`);
      continue;
    }
    plan.option = names.take(plan.option || camelCase(name) || "credential");
    schemes.push(plan);
  }
  return schemes;
}

/**
 * A list of Security Requirement Objects as alternatives of scheme names. An alternative naming a
 * scheme that is not defined (or is left out) cannot be met: it is dropped, with a warning.
 */
export function planRequirements(ctx: PlanContext, at: Located, schemes: SecuritySchemePlan[]): string[][] {
  const known = new Set(schemes.map((s) => s.name));
  const out: string[][] = [];
  asArray(at.node).forEach((req, i) => {
    if (!isObj(req)) return ctx.warn(joinPointer(at.pointer, i), "expected a Security Requirement Object; ignored");
    const names = Object.keys(req).sort();
    const missing = names.filter((n) => !known.has(n));
    if (missing.length > 0)
      return ctx.warn(
        joinPointer(at.pointer, i),
        `security scheme ${missing.map((m) => JSON.stringify(m)).join(", ")} is not usable (not defined in components.securitySchemes, or left out): this alternative is dropped`,
      );
    if (!out.some((o) => o.join("\n") === names.join("\n"))) out.push(names);
  });
  return out;
}

/**
 * A scheme's option is required when every operation needs it: it is in every alternative. An empty
 * alternative beside a scheme that can ride in the body (Altcraft's `{}`) counts as that scheme.
 */
export function markRequired(schemes: SecuritySchemePlan[], requirements: string[][][]): void {
  const bodySchemes = schemes.filter((s) => s.bodyField).map((s) => s.name);
  for (const scheme of schemes) {
    scheme.required =
      requirements.length > 0 && requirements.every((alts) => alts.length > 0 && alts.every((names) => (names.length === 0 ? bodySchemes.includes(scheme.name) : names.includes(scheme.name))));
  }
}
