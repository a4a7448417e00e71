/**
 * The "use it from TypeScript" snippet of the docs index, built from the API's plan with the same
 * functions the client emitter uses (src/codegen/emit-client.ts): the factory's signature, its
 * options interface, and the JSDoc and signature of one method. It says what the generated client
 * says without reading the generated file.
 */
import { docBlock, methodDoc, optionsInterface } from "../codegen/emit-client.js";
import { clientFactoryName, optionsTypeName } from "../codegen/operation-types.js";
import type { ApiPlan } from "../codegen/plan/types.js";

export interface ClientSnippet {
  factory: string;
  /** The TypeScript text shown on the index page. */
  code: string;
}

export class SnippetError extends Error {
  override name = "SnippetError";
}

/** The snippet for `plan`'s client, showing `operationId` (default: the first operation). `file` names the generated client in a comment. */
export function clientSnippet(plan: ApiPlan, file: string, importPath: string, methodName?: string): ClientSnippet {
  const factory = clientFactoryName(plan);
  const op = methodName === undefined ? plan.operations[0] : plan.operations.find((o) => o.methodName === methodName);
  if (op === undefined) throw new SnippetError(`${plan.sourceFile}: no operation ${methodName ?? ""} to show in the docs snippet`);
  const { doc, signature } = methodDoc(plan, op);
  const code = [
    `import { ${factory} } from "${importPath}";`,
    "",
    `const client = ${factory}({ ${[
      ...(plan.baseUrlRequired ? [`baseUrl: ${JSON.stringify(plan.servers[0]?.url ?? "https://…")}`] : []),
      ...plan.securitySchemes.filter((s) => s.required).map((s) => `${s.option}: process.env.API_CREDENTIAL!`),
    ].join(", ")} });`,
    `await client.${op.methodName}(/* … */);`,
    "",
    `// ${file}`,
    `export function ${factory}(options: ${optionsTypeName(plan)})`,
    "",
    optionsInterface(plan).join("\n"),
    "",
    ...docBlock(doc),
    `${op.methodName}${signature}`,
  ].join("\n");
  return { factory, code };
}
