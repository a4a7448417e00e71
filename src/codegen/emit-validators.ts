import { literal } from "./code.js";
import type { LoadedSpec } from "./load.js";
import { isValidated, operationTypeNames, payloadType, requestType, responseType, successResponses, webhookTypeNames } from "./operation-types.js";
import { joinPointer, parsePointer, resolvePointer } from "./pointer.js";
import type { ApiPlan, MediaPlan } from "./plan/types.js";
import { SpecError, type SpecProblem } from "./spec-error.js";
import { NameSet } from "./plan/names.js";
import { openApiCompiler } from "./validator/compile.js";
import { helpersFor, validatorFunction } from "./validator/module.js";
import type { Direction } from "./validator/types.js";

export interface EmittedValidators {
  text: string;
  /** The exported validator of each validated media type of the plan (request bodies, answers, payloads). */
  names: Map<MediaPlan, string>;
}

/**
 * `validators.ts`: per operation `validate<Op>Request` / `validate<Op>Response[<status>]` /
 * `is<Op>Request`, per webhook `validate<Name>Payload`, compiled to plain code from the spec's
 * schemas (one function per named schema, per direction where readOnly/writeOnly make them
 * differ), plus `requestValidators` / `responseValidators` by method name.
 */
export function emitValidators(spec: LoadedSpec, plan: ApiPlan, onWarning?: (problem: SpecProblem) => void): EmittedValidators {
  const { compiler, root } = openApiCompiler(spec.document, spec.file, onWarning);
  /** A `$ref` to a component is that component's function; an inline schema gets one named for its use (`s_GetPetResponse`). */
  // Every schema's problems are collected, then thrown together: one run names them all.
  const problems: SpecProblem[] = [];
  const functionOf = (m: MediaPlan, direction: Direction, hint: string) => {
    compiler.direction = direction;
    // A $ref to a component that does not exist is compiled where it is written: the compiler then names that $ref.
    const named = m.schemaName !== undefined && resolvePointer(spec.document, joinPointer("/components/schemas", m.schemaName)) !== undefined;
    const loc = compiler.index.child(root, ...(named ? ["components", "schemas", m.schemaName!] : parsePointer(m.schemaPointer!)));
    if (!named) compiler.nameSchema(loc, hint);
    try {
      const fn = compiler.functionFor(loc).text;
      compiler.drain(); // the schemas it reaches compiled now, so each schema's problem is found at its own use
      return fn;
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      for (const p of e.problems) if (!problems.some((q) => q.pointer === p.pointer && q.message === p.message)) problems.push(p);
      return "f_unused";
    }
  };
  const exports: string[] = [];
  const names = new Map<MediaPlan, string>();
  const taken = new NameSet();
  const requests: string[] = [];
  const responses: string[] = [];
  /** One export per distinct schema of a group of media types (JSON and XML of one schema share it). */
  const wrap = (media: MediaPlan[], direction: Direction, name: string, type: (m: MediaPlan) => string, what: string) => {
    const byKey = new Map<string, string>();
    let firstCheck: string | undefined;
    for (const m of media.filter(isValidated)) {
      const key = m.schemaName ?? m.schemaPointer!;
      let fn = byKey.get(key);
      if (fn === undefined) {
        fn = taken.take(name);
        const check = functionOf(m, direction, fn.replace(/^validate/, ""));
        firstCheck ??= check;
        exports.push(...validatorFunction(fn, check, `Checks ${what}${m.schemaName ? ` against ${m.schemaName}` : ""}`, type(m)));
        byKey.set(key, fn);
      }
      names.set(m, fn);
    }
    const first = [...byKey.values()][0];
    return first === undefined ? undefined : { fn: first, check: firstCheck! };
  };

  for (const op of plan.operations) {
    const n = operationTypeNames(op);
    if (op.requestBody) {
      const first = wrap(op.requestBody.media, "request", n.validateRequest, () => requestType(plan, op), `a ${op.methodName} request body`);
      if (first) {
        exports.push(
          `/** True when \`value\` is a valid ${op.methodName} request body. */`,
          `export function ${n.isRequest}(value: unknown): value is ${requestType(plan, op)} {`,
          `  return ${first.check}(value, "", null);`,
          "}",
          "",
        );
        requests.push(`  ${op.methodName}: ${first.fn},`);
      }
    }
    const firstSuccess = successResponses(op)[0];
    for (const r of op.responses) {
      const fn = wrap(r.media, "response", n.validateResponse(r === firstSuccess ? undefined : r.status), () => responseType(plan, op, r), `a ${op.methodName} ${r.status} answer`);
      if (fn && r === firstSuccess) responses.push(`  ${op.methodName}: ${fn.fn},`);
    }
  }
  for (const w of plan.webhooks) {
    if (w.body) wrap(w.body.media, "response", webhookTypeNames(w).validate, (m) => payloadType(plan, w, m), `a ${w.name} payload`);
  }
  let shared = "";
  try {
    shared = compiler.output();
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length > 0)
    throw new SpecError(
      spec.file,
      problems.map((p) => ({ ...p, ...(p.line === undefined ? spec.locate(p.pointer) : {}) })),
    );
  const body = [
    shared,
    ...exports,
    "/** The request-body validator of every operation that has one, by method name. */",
    `export const requestValidators = {`,
    ...requests,
    "} as const;",
    "",
    "/** The validator of every operation's first success answer, by method name. */",
    `export const responseValidators = {`,
    ...responses,
    "} as const;",
  ].join("\n");
  const types = ["components", "paths", ...(plan.webhooks.some((w) => w.kind === "webhook") ? ["webhooks"] : []), ...(plan.readWrite ? ["Readable", "Writable"] : [])];
  const exported = exports.join("\n");
  const used = types.filter((t) => new RegExp(`\\b${t}\\b`).test(exported));
  const imports = used.length > 0 ? [`import type { ${used.join(", ")} } from "./schema.js";`, ""] : [];
  return { text: [...imports, helpersFor(body), "", body].join("\n"), names };
}
