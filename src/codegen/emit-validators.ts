import { operationTypeNames } from "./emit-client.js";
import type { LoadedSpec } from "./load.js";
import type { ApiPlan } from "./plan.js";
import type { SpecProblem } from "./spec-error.js";
import { literal } from "./code.js";
import { openApiCompiler } from "./validator/compile.js";
import { helpersFor, validatorFunction } from "./validator/module.js";
import type { Direction } from "./validator/types.js";

/**
 * `validators.ts`: per operation `validate<Op>Request` / `validate<Op>Response` / `is<Op>Request`,
 * compiled to plain code from the spec's schemas (one function per named schema, per direction
 * where readOnly/writeOnly make them differ), plus `requestValidators` / `responseValidators`.
 */
export function emitValidators(spec: LoadedSpec, plan: ApiPlan, onWarning?: (problem: SpecProblem) => void): string {
  const { compiler, root } = openApiCompiler(spec.document, spec.file, onWarning);
  const functionOf = (name: string, direction: Direction) => {
    compiler.direction = direction;
    return compiler.functionFor(compiler.index.child(root, "components", "schemas", name)).text;
  };

  const exports: string[] = [];
  const requests: string[] = [];
  const responses: string[] = [];
  const wrap = (fnName: string, schema: string, direction: Direction, typeName: string, what: string) => {
    const check = functionOf(schema, direction);
    exports.push(...validatorFunction(fnName, check, `Checks ${what} against ${schema}`, typeName));
    return check;
  };
  for (const op of plan.operations) {
    const names = operationTypeNames(op);
    const request = `components["schemas"][${literal(op.requestSchema)}]`;
    const check = wrap(names.validateRequest, op.requestSchema, "request", request, `a ${op.operationId} request body`);
    exports.push(
      `/** True when \`value\` is a valid ${op.operationId} request body. */`,
      `export function ${names.isRequest}(value: unknown): value is ${request} {`,
      `  return ${check}(value, "", null);`,
      "}",
      "",
    );
    requests.push(`  ${op.operationId}: ${names.validateRequest},`);
    if (op.responseSchema) {
      wrap(names.validateResponse, op.responseSchema, "response", `components["schemas"][${literal(op.responseSchema)}]`, `a ${op.operationId} answer`);
      responses.push(`  ${op.operationId}: ${names.validateResponse},`);
    }
  }
  const body = [
    compiler.output(),
    ...exports,
    "/** The request-body validator of every operation, by operationId. */",
    `export const requestValidators = {`,
    ...requests,
    "} as const;",
    "",
    "/** The success-answer validator of every operation with a JSON answer, by operationId. */",
    `export const responseValidators = {`,
    ...responses,
    "} as const;",
  ].join("\n");
  return ['import type { components } from "./schema.js";', "", helpersFor(body), "", body].join("\n");
}
