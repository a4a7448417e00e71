import * as altcraft from "../generated/altcraft/validators.js";
import * as edna from "../generated/edna/validators.js";
import * as pushtech from "../generated/pushtech/validators.js";
import { ajvFor } from "../test/helpers/ajv-peer.js";
import { bodiesOf, loadDoc } from "../test/helpers/spec-bodies.js";
import { compare, fmt, printTable, ratio } from "./compare.js";

type Validate = (v: unknown) => { ok: boolean };
const modules: Record<string, { requestValidators: Record<string, Validate>; responseValidators: Record<string, Validate> }> = { altcraft, edna, pushtech };

/**
 * Ours against ajv (the same peer as the differential tests) on every seed example body. Valid
 * bodies: against ajv's fastest set-up (first error only). The same bodies with rules broken:
 * against ajv with allErrors, since ours reports every issue.
 */
export async function benchValidators(): Promise<void> {
  const rows: string[][] = [];
  for (const api of Object.keys(modules)) {
    const doc = loadDoc(api);
    const first = ajvFor(doc, { allErrors: false });
    const all = ajvFor(doc, { allErrors: true });
    for (const body of bodiesOf(api, doc)) {
      const ours = (body.direction === "request" ? modules[api]!.requestValidators : modules[api]!.responseValidators)[body.operationId]!;
      for (const [name, value] of body.examples) {
        // Broken: whichever of these fields the body has gets the wrong type, and unknown fields are added.
        const broken = { ...(value as object), db_id: "one", gender: 1, addresses: "none", error: "x", data: 5 };
        const label = `${api} ${body.operationId} ${body.direction} (${name})`;
        const cases = [
          ["valid", value, first(body.schema), "ajv"],
          ["broken", broken, all(body.schema), "ajv allErrors"],
        ] as const;
        for (const [variant, v, peer, peerName] of cases) {
          if (ours(v).ok !== peer(v)) throw new Error(`verdicts differ on ${label} ${variant}`);
          const r = await compare(() => ours(v), () => peer(v));
          rows.push([`${label} ${variant}`, peerName, fmt(r.ours), fmt(r.peer), ratio(r.ratio)]);
        }
      }
    }
  }
  printTable("Validators: profilekit vs ajv 8 + ajv-formats compiled from the same spec, same process (ops/s; ratio > 1: profilekit faster)", ["body", "peer", "profilekit", "peer ops/s", "ratio"], rows);
}
