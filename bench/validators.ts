import { readFileSync } from "node:fs";
import * as altcraft from "../generated/altcraft/validators.js";
import * as edna from "../generated/edna/validators.js";
import * as pushtech from "../generated/pushtech/validators.js";
import { ajvFor } from "../test/helpers/ajv-peer.js";
import { bodiesOf, loadDoc } from "../test/helpers/spec-bodies.js";
import { compare, fmt, printTable, ratio } from "./compare.js";

type Validate = (v: unknown) => { ok: boolean };
const modules: Record<string, { requestValidators: Record<string, Validate>; responseValidators: Record<string, Validate> }> = { altcraft, edna, pushtech };

/** The seed example body of an operation's request or answer, and the schema it is checked against. */
function seed(api: string, operationId: string, direction: "request" | "response") {
  const body = bodiesOf(api, loadDoc(api)).find((b) => b.operationId === operationId && b.direction === direction)!;
  return { schema: body.schema, examples: body.examples };
}

/** A 10,000-item batch: the seed batch's items, repeated with their own Custom_ID. */
function bigBatch(): unknown {
  const { examples } = seed("altcraft", "updateProfilesBatch", "request");
  const base = examples[0]![1] as { data: Record<string, unknown>[] };
  return { ...base, data: Array.from({ length: 10_000 }, (_, i) => ({ ...base.data[i % base.data.length]!, Custom_ID: i })) };
}

/**
 * Ours against ajv compiled from the same spec (the differential tests' peer). A valid body is
 * measured against ajv's fastest set-up (first error only); a body with a deep error against ajv
 * with allErrors, since ours reports every issue with a message.
 */
export async function benchValidators(): Promise<void> {
  const peers = Object.fromEntries(
    Object.keys(modules).map((api) => [api, { first: ajvFor(loadDoc(api), { allErrors: false, rfcFormats: false }), all: ajvFor(loadDoc(api), { allErrors: true, rfcFormats: false }) }]),
  );
  const profile = seed("altcraft", "updateProfile", "request").examples[0]![1] as { data: { subscriptions: Record<string, unknown>[] } };
  const deepError = { ...profile, data: { ...profile.data, subscriptions: [{ ...profile.data.subscriptions[0]!, cats: ["category_1", 2] }] } };
  const rows: [label: string, api: string, operationId: string, direction: "request" | "response", value: unknown, allErrors: boolean][] = [
    ["altcraft updateProfile seed", "altcraft", "updateProfile", "request", profile, false],
    ["altcraft updateProfile seed, one deep error", "altcraft", "updateProfile", "request", deepError, true],
    ["altcraft updateProfilesBatch seed", "altcraft", "updateProfilesBatch", "request", seed("altcraft", "updateProfilesBatch", "request").examples[0]![1], false],
    ["altcraft updateProfilesBatch 10,000 items", "altcraft", "updateProfilesBatch", "request", bigBatch(), false],
    ["edna replaceSubscriber seed", "edna", "replaceSubscriber", "request", seed("edna", "replaceSubscriber", "request").examples[0]![1], false],
    ["edna patchSubscriber example", "edna", "patchSubscriber", "request", seed("edna", "patchSubscriber", "request").examples[0]![1], false],
    ["pushtech updateContact seed", "pushtech", "updateContact", "request", seed("pushtech", "updateContact", "request").examples[0]![1], false],
    ["altcraft updateProfile answer (3 fields)", "altcraft", "updateProfile", "response", seed("altcraft", "updateProfile", "response").examples[0]![1], false],
    ["altcraft updateProfilesBatch answer", "altcraft", "updateProfilesBatch", "response", seed("altcraft", "updateProfilesBatch", "response").examples[0]![1], false],
    ["pushtech updateContact answer", "pushtech", "updateContact", "response", seed("pushtech", "updateContact", "response").examples[0]![1], false],
  ];
  const table: string[][] = [];
  const ratios: number[] = [];
  for (const [label, api, operationId, direction, value, allErrors] of rows) {
    const m = modules[api]!;
    const ours = (direction === "request" ? m.requestValidators : m.responseValidators)[operationId]!;
    const schema = seed(api, operationId, direction).schema;
    const peer = (allErrors ? peers[api]!.all : peers[api]!.first)(schema);
    if (ours(value).ok !== peer(value)) throw new Error(`verdicts differ on ${label}`);
    const r = await compare(
      () => ours(value),
      () => peer(value),
      operationId === "updateProfilesBatch" && label.includes("10,000") ? 1500 : 400,
    );
    table.push([label, ours(value).ok ? "valid" : "invalid", allErrors ? "ajv allErrors" : "ajv", fmt(r.ours), fmt(r.peer), ratio(r.ratio)]);
    ratios.push(r.ratio);
  }
  printTable(
    "Validators: profilekit vs ajv 8 + ajv-formats compiled from the same spec, same process (ops/s; ratio > 1: profilekit faster; each the median of 3 rounds)",
    ["body", "verdict", "peer", "profilekit", "peer ops/s", "ratio"],
    table,
  );
  const geomean = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length);
  console.log(`geometric mean ${ratio(geomean)} (target: every row ≥ 1.00×)`);
  for (const api of Object.keys(modules)) {
    const text = readFileSync(new URL(`../generated/${api}/validators.ts`, import.meta.url), "utf8");
    console.log(`generated/${api}/validators.ts: ${text.split("\n").length.toLocaleString("en-US")} lines, ${Math.round(text.length / 1024)} KiB`);
  }
}
