import ts from "typescript";
import { prelude } from "../../src/codegen/emit-validators.js";
import { ValidatorCompiler } from "../../src/codegen/validator/compile.js";

export interface Issue {
  path: string;
  keyword: string;
  message: string;
}
export type Validate = (value: unknown) => { ok: true; value: unknown } | { ok: false; errors: Issue[] };

/** Compiles `schemas.Root` the way the generator does, then runs the emitted code: validators are tested by running them. */
export async function compileValidator(schemas: Record<string, unknown>): Promise<Validate> {
  const doc = { openapi: "3.1.0", components: { schemas } };
  const compiler = new ValidatorCompiler(doc, "test.yaml");
  const fn = compiler.schemaFunction("Root");
  const source = [
    prelude(),
    compiler.output(),
    `export function validate(value: unknown): ValidationResult<unknown> {`,
    `  if (${fn}(value, "", null)) return { ok: true, value };`,
    "  const errors: ValidationIssue[] = [];",
    `  ${fn}(value, "", errors);`,
    "  return { ok: false, errors };",
    "}",
  ].join("\n");
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const mod = (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as { validate: Validate };
  return mod.validate;
}
