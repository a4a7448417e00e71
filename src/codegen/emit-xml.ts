import { prettyLiteral } from "./code.js";
import type { LoadedSpec } from "./load.js";
import { successResponses } from "./operation-types.js";
import { followRefs, resolvePointer } from "./pointer.js";
import type { ApiPlan, MediaPlan } from "./plan/types.js";
import { SpecError, type SpecProblem } from "./spec-error.js";
import { XmlShapes } from "./xml-shape.js";
import { isObj } from "./plan/context.js";
import type { XmlBody } from "../runtime/index.js";

export interface EmittedXml {
  text: string;
  /** The shape of each XML media type of a request body or first success answer, keyed `<method>.request|response`. */
  refs: Map<MediaPlan, [string, "request" | "response"]>;
}

/**
 * `xml.ts`: per operation, the XML shapes of its request and success answer, derived from the
 * schemas and their xml objects. An XML body the shapes cannot describe (xml attributes,
 * namespaces, no root name) is a warning: that media type is left to the JSON one.
 */
export function emitXml(spec: LoadedSpec, plan: ApiPlan, runtimeImport: string, onWarning: (problem: SpecProblem) => void): EmittedXml | undefined {
  const shapes = new XmlShapes(spec.document, spec.file, plan.xmlArrayMarker);
  const body = (m: MediaPlan): XmlBody | undefined => {
    const { node: schema, pointer } = followRefs(spec.document, resolvePointer(spec.document, m.schemaPointer!), m.schemaPointer!);
    const xml = isObj(schema) ? schema["xml"] : undefined;
    const root = isObj(xml) && typeof xml["name"] === "string" ? xml["name"] : m.schemaName;
    if (root === undefined) {
      onWarning({ pointer: m.schemaPointer!, message: "an XML body needs a root element name (xml.name on its schema): only its other media types are generated" });
      return undefined;
    }
    try {
      return { root, shape: shapes.of(schema, pointer) };
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      for (const p of e.problems) onWarning({ pointer: p.pointer, message: `${p.message}; only the body's other media types are generated` });
      return undefined;
    }
  };
  const entries: Record<string, { request?: XmlBody; response?: XmlBody }> = {};
  const refs = new Map<MediaPlan, [string, "request" | "response"]>();
  const add = (name: string, side: "request" | "response", m: MediaPlan | undefined) => {
    if (!m?.schemaPointer) return;
    const shape = body(m);
    if (!shape) return;
    (entries[name] ??= {})[side] = shape;
    refs.set(m, [name, side]);
  };
  for (const op of plan.operations) {
    add(
      op.methodName,
      "request",
      op.requestBody?.media.find((m) => m.kind === "xml"),
    );
    add(
      op.methodName,
      "response",
      successResponses(op)[0]?.media.find((m) => m.kind === "xml"),
    );
  }
  if (refs.size === 0) return undefined;
  const text = [
    `import type { XmlBody } from "${runtimeImport}/xml.js";`,
    "",
    "/** The XML shape of each operation's request and answer, derived from the spec's schemas and xml objects. */",
    `export const xmlShapes = ${prettyLiteral(entries)} satisfies Readonly<Record<string, { request?: XmlBody; response?: XmlBody }>>;`,
  ].join("\n");
  return { text, refs };
}
