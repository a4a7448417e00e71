import { operationTypeNames } from "./emit-client.js";
import type { LoadedSpec } from "./load.js";
import type { ApiPlan } from "./plan.js";
import type { SpecProblem } from "./spec-error.js";
import { literal } from "./code.js";
import { openApiCompiler } from "./validator/compile.js";
import { helpersFor } from "./validator/module.js";
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
    exports.push(
      `/** Checks ${what} against ${schema}: every issue, each with a JSON Pointer into the value (at most 100). */`,
      `export function ${fnName}(value: unknown): ValidationResult<${typeName}> {`,
      `  if (${check}(value, "", null)) return { ok: true, value: value as ${typeName} };`,
      "  const errors: ValidationIssue[] = [];",
      `  ${check}(value, "", errors);`,
      "  return { ok: false, errors };",
      "}",
      "",
    );
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
