import * as altcraft from "../generated/altcraft/validators.js";
import * as edna from "../generated/edna/validators.js";
import * as pushtech from "../generated/pushtech/validators.js";
import { compare, fmt, printTable, ratio } from "./compare.js";
import { ajvFor, loadSpecDocument } from "./peers/ajv.js";

type Validate = (v: unknown) => { ok: boolean };

/** Every seed example body of a spec: [operationId, request or response, example name, value, schema name]. */
function seedBodies(api: string) {
  const doc = loadSpecDocument(api);
  const out: { label: string; schema: string; value: unknown; op: string; kind: "request" | "response" }[] = [];
  for (const item of Object.values<any>(doc["paths"])) {
    for (const op of Object.values<any>(item)) {
      const bodies: [("request" | "response"), any][] = [["request", op.requestBody], ["response", op.responses?.["200"]]];
      for (const [kind, body] of bodies) {
        const media = body?.content?.["application/json"];
        if (!media?.examples) continue;
        for (const [name, ex] of Object.entries<any>(media.examples)) {
          out.push({ label: `${api} ${op.operationId} ${kind} (${name})`, schema: media.schema.$ref.split("/").pop(), value: ex.value, op: op.operationId, kind });
        }
      }
    }
  }
  return { doc, bodies: out };
}

/**
 * Ours against ajv on each seed body. Valid bodies: against ajv's fastest set-up (first error only).
 * The same bodies with rules broken: against ajv with allErrors, since ours reports every issue.
 */
export async function benchValidators(): Promise<void> {
  const modules: Record<string, { requestValidators: Record<string, Validate>; responseValidators: Record<string, Validate> }> = { altcraft, edna, pushtech };
  const rows: string[][] = [];
  for (const api of Object.keys(modules)) {
    const { doc, bodies } = seedBodies(api);
    const first = ajvFor(doc);
    const all = ajvFor(doc, { allErrors: true });
    for (const body of bodies) {
      const ours = (body.kind === "request" ? modules[api]!.requestValidators : modules[api]!.responseValidators)[body.op]!;
      // Broken: whichever of these fields the body has gets the wrong type, and an unknown field is added.
      const broken = { ...(body.value as object), db_id: "one", gender: 1, addresses: "none", error: "x", data: 5 };
      const cases = [
        ["valid", body.value, first(body.schema), "ajv"],
        ["broken", broken, all(body.schema), "ajv allErrors"],
      ] as const;
      for (const [variant, value, peer, peerName] of cases) {
        if (ours(value).ok !== peer(value)) throw new Error(`verdicts differ on ${body.label} ${variant}`);
        const r = await compare(() => ours(value), () => peer(value));
        rows.push([`${body.label} ${variant}`, peerName, fmt(r.ours), fmt(r.peer), ratio(r.ratio)]);
      }
    }
  }
  printTable("Validators: profilekit vs ajv 8 + ajv-formats compiled from the same spec, same process (ops/s; ratio > 1: profilekit faster)", ["body", "peer", "profilekit", "peer ops/s", "ratio"], rows);
}
