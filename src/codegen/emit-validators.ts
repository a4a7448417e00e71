import { readFileSync } from "node:fs";
import { literal } from "./code.js";
import { operationTypeNames } from "./emit-client.js";
import type { LoadedSpec } from "./load.js";
import type { ApiPlan } from "./plan.js";
import { ValidatorCompiler } from "./validator/compile.js";

/** The prelude's source, from the `// prelude` line on, with `export` dropped: the output depends on nothing. */
export function prelude(): string {
  const text = readFileSync(new URL("./validator/prelude.ts", import.meta.url), "utf8");
  return text.slice(text.indexOf("// prelude\n") + "// prelude\n".length).replace(/^export /gm, "").trim();
}

/**
 * `validators.ts`: per operation `validate<Op>Request` / `validate<Op>Response` / `is<Op>Request`,
 * compiled to plain code from the spec's schemas, plus `requestValidators` / `responseValidators`.
 */
export function emitValidators(spec: LoadedSpec, plan: ApiPlan): string {
  const compiler = new ValidatorCompiler(spec.document, spec.file);
  const exports: string[] = [];
  const requests: string[] = [];
  const responses: string[] = [];
  const wrap = (fnName: string, schema: string, typeName: string, what: string) => {
    const check = compiler.schemaFunction(schema);
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
    const check = wrap(names.validateRequest, op.requestSchema, request, `a ${op.operationId} request body`);
    exports.push(
      `/** True when \`value\` is a valid ${op.operationId} request body. */`,
      `export function ${names.isRequest}(value: unknown): value is ${request} {`,
      `  return ${check}(value, "", null);`,
      "}",
      "",
    );
    requests.push(`  ${op.operationId}: ${names.validateRequest},`);
    if (op.responseSchema) {
      wrap(names.validateResponse, op.responseSchema, `components["schemas"][${literal(op.responseSchema)}]`, `a ${op.operationId} answer`);
      responses.push(`  ${op.operationId}: ${names.validateResponse},`);
    }
  }
  return [
    'import type { components } from "./schema.js";',
    "",
    prelude(),
    "",
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
}
