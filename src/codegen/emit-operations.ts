import { CodeRef, prettyLiteral } from "./code.js";
import type { EmittedValidators } from "./emit-validators.js";
import type { EmittedXml } from "./emit-xml.js";
import { parsePointer } from "./pointer.js";
import type { ApiPlan, MediaPlan, OperationPlan, ServerPlan } from "./plan/types.js";

/**
 * `operations.ts`: the `operations` table, one entry per operation keyed by its method name, with
 * what the runtime needs to call it (method, path, parameters and how they are serialized, bodies
 * by media type with their validators and XML shapes, answers by status, security, servers,
 * batch limits). Each client method hands its entry to the runtime, once.
 */
export function emitOperations(plan: ApiPlan, validators: EmittedValidators, xml: EmittedXml | undefined, runtimeImport: string): string {
  const refs = new Set<string>();
  const media = (m: MediaPlan) => {
    const validate = validators.names.get(m);
    if (validate) refs.add(validate);
    const shape = xml?.refs.get(m);
    return {
      type: m.type,
      kind: m.kind,
      ...(validate ? { validate: new CodeRef(validate) } : {}),
      ...(shape ? { xml: new CodeRef("xmlShapes", shape[0], shape[1]) } : {}),
      ...(m.encoding && Object.keys(m.encoding).length > 0 ? { encoding: m.encoding } : {}),
    };
  };
  const table: Record<string, unknown> = {};
  for (const op of plan.operations) table[op.methodName] = descriptor(op, media);
  return [
    `import type { OperationDescriptor } from "${runtimeImport}/operation.js";`,
    ...(refs.size > 0 ? [`import { ${[...refs].sort().join(", ")} } from "./validators.js";`] : []),
    ...(xml ? ['import { xmlShapes } from "./xml.js";'] : []),
    "",
    `/** Every operation of ${plan.sourceFile}, by method name: what the client hands the runtime for each call. */`,
    `export const operations = ${prettyLiteral(table)} satisfies Readonly<Record<string, OperationDescriptor>>;`,
  ].join("\n");
}

export const serverDescriptor = (s: ServerPlan) => ({
  url: s.url,
  ...(Object.keys(s.variables).length > 0 ? { variables: Object.fromEntries(Object.entries(s.variables).map(([k, v]) => [k, { default: v.default, ...(v.enum ? { enum: v.enum } : {}) }])) } : {}),
});

function descriptor(op: OperationPlan, media: (m: MediaPlan) => object): object {
  const parameters = op.parameters.map((p) => {
    const defaultStyle = p.in === "query" || p.in === "cookie" ? "form" : "simple";
    return {
      name: p.name,
      in: p.in,
      ...(p.style !== defaultStyle ? { style: p.style } : {}),
      ...(p.explode !== (p.style === "form") ? { explode: p.explode } : {}),
      ...(p.allowReserved ? { allowReserved: true } : {}),
      ...(p.json ? { json: true } : {}),
      ...(p.required ? { required: true } : {}),
    };
  });
  const b = op.batch;
  return {
    name: op.methodName,
    method: op.method.toUpperCase(),
    path: op.path,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.requestBody ? { body: { required: op.requestBody.required, media: op.requestBody.media.map(media) } } : {}),
    responses: Object.fromEntries(op.responses.map((r) => [r.status, { media: r.media.map(media) }])),
    ...(op.ownSecurity ? { security: op.security } : {}),
    ...(op.servers ? { servers: op.servers.map(serverDescriptor) } : {}),
    ...(b
      ? {
          batch: {
            items: parsePointer(b.items),
            maxItems: b.maxItems,
            maxBytes: b.maxBytes,
            ...(b.results !== undefined ? { results: parsePointer(b.results) } : {}),
            ...(b.id !== undefined ? { id: parsePointer(b.id) } : {}),
            ...(b.chunkId !== undefined ? { chunkId: parsePointer(b.chunkId) } : {}),
          },
        }
      : {}),
  };
}
