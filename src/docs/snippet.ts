/**
 * The "use it from TypeScript" snippet of the docs index, built from the API's plan with the same
 * functions the client emitter uses (src/codegen/emit-client.ts): the factory's signature, its
 * options interface, and the JSDoc and signature of one method. It says what the generated client
 * says without reading the generated file.
 */
import { clientFactoryName, docBlock, methodDoc, optionsInterface, optionsTypeName } from "../codegen/emit-client.js";
import { printed } from "../codegen/generate.js";
import type { ApiPlan } from "../codegen/plan.js";

export interface ClientSnippet {
  factory: string;
  /** The TypeScript text shown on the index page. */
  code: string;
}

export class SnippetError extends Error {
  override name = "SnippetError";
}

/** The snippet for `plan`'s client, showing `operationId` (default: the first operation). `file` names the generated client in a comment. */
export function clientSnippet(plan: ApiPlan, file: string, importPath: string, operationId?: string): ClientSnippet {
  const factory = clientFactoryName(plan);
  const op = operationId === undefined ? plan.operations[0] : plan.operations.find((o) => o.operationId === operationId);
  if (op === undefined) throw new SnippetError(`${plan.sourceFile}: no operation ${operationId ?? ""} to show in the docs snippet`);
  const { doc, signature } = methodDoc(plan, op);
  const code = [
    `import { ${factory} } from "${importPath}";`,
    "",
    `const client = ${factory}({ baseUrl: "${plan.serverUrl}", ${plan.auth.option}: process.env.API_CREDENTIAL! });`,
    `await client.${op.operationId}(/* … */);`,
    "",
    `// ${file}`,
    `export function ${factory}(options: ${optionsTypeName(plan)})`,
    "",
    printed((f) => void f.addInterface(optionsInterface(plan))),
    "",
    ...docBlock(doc),
    `${op.operationId}${signature}`,
  ].join("\n");
  return { factory, code };
}
