import type { LoadedSpec } from "./load.js";
import { SpecError, type SpecProblem } from "./spec-error.js";
import { PlanContext, isObj, str } from "./plan/context.js";
import { planArrayMarkers, planVendorError } from "./plan/extensions.js";
import { pascalCase } from "./plan/names.js";
import { planOperations, planWebhooks } from "./plan/operations.js";
import { markRequired, planRequirements, planSchemes } from "./plan/security.js";
import { needsBaseUrl, planServers } from "./plan/servers.js";
import type { ApiPlan } from "./plan/types.js";

export interface CheckOptions {
  /** Told each defect that does not stop generation, with its pointer (and line, when known). */
  onWarning?: (problem: SpecProblem) => void;
  /** `Brevo` → createBrevoClient; default: the API's name in PascalCase. */
  typeName?: string;
}

/**
 * The checker: turns a (bundled, converted, overlaid) OpenAPI 3.0/3.1 document into the typed plan
 * every emitter reads. A defect with a deterministic outcome (a missing operationId, an unknown
 * style) is a warning; what cannot give correct code is collected, then thrown as one SpecError
 * listing every problem with its pointer and line, so nothing is half-written.
 */
export function checkSpec(spec: LoadedSpec, options: CheckOptions = {}): ApiPlan {
  const ctx = new PlanContext(spec, options.onWarning ?? (() => {}));
  const doc = ctx.doc;
  const version = str(doc["openapi"]);
  const dialect = version?.startsWith("3.0.") ? "openapi-3.0" : version?.startsWith("3.1.") ? "openapi-3.1" : undefined;
  if (!dialect) ctx.refuse("/openapi", `expected an OpenAPI 3.0.x or 3.1.x document (Swagger 2.0 is converted first), found ${JSON.stringify(doc["openapi"] ?? doc["swagger"])}`);
  if (doc["paths"] === undefined && doc["webhooks"] === undefined && !isObj(doc["components"])) {
    ctx.refuse("", "expected paths, webhooks or components: the document describes nothing to generate");
  }

  const servers = planServers(ctx, { node: doc["servers"], pointer: "/servers" });
  const schemes = planSchemes(ctx);
  const security = planRequirements(ctx, { node: doc["security"], pointer: "/security" }, schemes);
  const operations = planOperations(ctx, schemes, security);
  markRequired(
    schemes,
    operations.map((op) => op.security),
  );
  const typeName = options.typeName ?? pascalCase(spec.api);
  if (!typeName) ctx.refuse("", `the API name ${JSON.stringify(spec.api)} gives no type name: name it with letters`);
  const info = isObj(doc["info"]) ? doc["info"] : {};
  const vendorError = planVendorError(ctx);
  const xmlArrayMarker = planArrayMarkers(ctx);
  const plan: ApiPlan = {
    api: spec.api,
    typeName,
    title: str(info["title"]) ?? spec.api,
    version: str(info["version"]) ?? "",
    sourceFile: spec.file,
    dialect: dialect ?? "openapi-3.1",
    servers,
    baseUrlRequired: needsBaseUrl(servers),
    securitySchemes: schemes,
    security,
    ...(vendorError ? { vendorError } : {}),
    ...(xmlArrayMarker ? { xmlArrayMarker } : {}),
    operations,
    webhooks: planWebhooks(ctx, operations),
    readWrite: usesReadWrite(doc),
  };
  if (ctx.problems.length > 0) throw new SpecError(spec.file, ctx.problems);
  return plan;
}

/** Whether any schema marks a property readOnly or writeOnly (examples and enums are data, not schemas). */
function usesReadWrite(doc: Record<string, unknown>): boolean {
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (isObj(node)) {
      if (node["readOnly"] === true || node["writeOnly"] === true) return true;
      for (const [k, v] of Object.entries(node)) if (k !== "example" && k !== "examples" && k !== "enum" && k !== "const" && k !== "default") stack.push(v);
    }
  }
  return false;
}
