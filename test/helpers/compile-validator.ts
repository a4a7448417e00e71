import { compileValidators, type CompileOptions } from "../../src/codegen/index.js";

export interface Issue {
  path: string;
  keyword: string;
  message: string;
}
export type Validate = (value: unknown) => { ok: true; value: unknown } | { ok: false; errors: Issue[] };

/** Loads the module compileValidators gives: validators are tested by running the emitted code. */
export async function compileModule(schemas: Record<string, unknown>, options: CompileOptions): Promise<Record<string, Validate>> {
  const js = compileValidators(schemas, options);
  const mod = (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as { validators: Record<string, Validate> };
  return mod.validators;
}

/** Compiles `schemas.Root` the way the generator does (an OpenAPI 3.1 document's schemas, formats checked), then runs it. */
export async function compileValidator(schemas: Record<string, unknown>, options: CompileOptions = {}): Promise<Validate> {
  return (await compileModule(schemas, { dialect: "openapi-3.1", formats: "assert", ...options }))["Root"]!;
}
