import { prettyLiteral } from "./code.js";
import type { LoadedSpec } from "./load.js";
import type { ApiPlan } from "./plan.js";
import { joinPointer, resolvePointer } from "./pointer.js";
import { SpecError } from "./spec-error.js";
import { XmlShapes } from "./xml-shape.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** True when some operation of the API sends or answers application/xml. */
export function hasXml(plan: ApiPlan): boolean {
  return plan.operations.some((op) => op.requestMediaTypes.includes("application/xml") || op.responseMediaTypes.includes("application/xml"));
}

/** `xml.ts`: per operation, the XML shapes of its request and answer (only where the spec offers XML). */
export function emitXml(spec: LoadedSpec, plan: ApiPlan, runtimeImport: string): string {
  const rootMarker = spec.document["x-xml-array-marker"];
  const marker = isObj(rootMarker) ? { attribute: String(rootMarker["attribute"]), value: String(rootMarker["value"]) } : undefined;
  const shapes = new XmlShapes(spec.document, spec.file, marker);
  const body = (schemaName: string) => {
    const pointer = joinPointer("/components/schemas", schemaName);
    const schema = resolvePointer(spec.document, pointer);
    const xml = isObj(schema) ? schema["xml"] : undefined;
    if (!isObj(xml) || typeof xml["name"] !== "string") {
      throw new SpecError(spec.file, [{ pointer: `${pointer}/xml`, message: "an XML body needs xml.name on its schema: the root element", ...spec.locate(pointer) }]);
    }
    return { root: xml["name"], shape: shapes.of(schema, pointer) };
  };
  const entries: Record<string, object> = {};
  for (const op of plan.operations) {
    const request = op.requestMediaTypes.includes("application/xml") ? { request: body(op.requestSchema) } : {};
    const response = op.responseSchema && op.responseMediaTypes.includes("application/xml") ? { response: body(op.responseSchema) } : {};
    if (Object.keys(request).length + Object.keys(response).length > 0) entries[op.operationId] = { ...request, ...response };
  }
  return [
    `import type { XmlBody } from "${runtimeImport}/xml.js";`,
    "",
    "/** The XML shape of each operation's request and answer, derived from the spec's schemas and xml objects. */",
    `export const xmlShapes: Readonly<Record<string, { request?: XmlBody; response?: XmlBody }>> = ${prettyLiteral(entries)};`,
  ].join("\n");
}
