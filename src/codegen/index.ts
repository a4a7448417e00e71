/**
 * profilekit/codegen: the compilers the generator is made of, for use on their own.
 *
 * `compileValidators(schemas, options)` turns named JSON Schemas into the source of a standalone
 * ES module: for each schema `validate<Name>(value)` giving `{ ok: true, value }` or
 * `{ ok: false, errors }` (each error `{ path, keyword, message }`, path a JSON Pointer into the
 * value), and `validators`, the same functions by the schemas' own names. It imports nothing.
 */
import { Scope } from "./validator/code.js";
import { Compiler } from "./validator/compile.js";
import { META_SCHEMAS } from "./validator/meta-schemas.js";
import { joinPointer } from "./pointer.js";
import { DOCUMENT_URI, SCHEMAS_BASE } from "./validator/resources.js";
import { helpersFor, toJavaScript, validatorFunction } from "./validator/module.js";
import type { Dialect, Direction } from "./validator/types.js";
import type { SpecProblem } from "./spec-error.js";

import { SpecError } from "./spec-error.js";

export { SpecError, type SpecProblem } from "./spec-error.js";

export interface CompileOptions {
  /**
   * "2020-12" (default): each named schema is a JSON Schema document of its own (its root is `#`).
   * "openapi-3.1" / "openapi-3.0": the schemas are a document's `components/schemas`, reached by
   * `$ref: "#/components/schemas/<Name>"`; 3.0 reads `nullable`, boolean exclusive bounds and
   * `$ref` replacing its siblings as OpenAPI 3.0.3 says.
   */
  dialect?: Dialect;
  /** "request": `readOnly` properties are ignored; "response": `writeOnly` ones. Default: neither. */
  direction?: Direction;
  /** Other documents `$ref` may name, by absolute URI. Nothing is ever fetched. */
  remotes?: Record<string, unknown>;
  /** "annotate" (default): `format` checks nothing, as JSON Schema 2020-12 says; "assert": known formats are checked. */
  formats?: "annotate" | "assert";
  /** TypeScript source instead of JavaScript. */
  typescript?: boolean;
  /** Told each problem that does not stop compilation (an unknown format, an ignored keyword), with its JSON Pointer. */
  onWarning?: (warning: SpecProblem) => void;
}

/**
 * The identifier a schema's validator is named by: `validate` + the name's letters and digits,
 * each run after a separator capitalized (`pet-store` → `validatePetStore`, `v1.User` →
 * `validateV1User`); `_2`, `_3`… when two names give the same identifier.
 */
export function validatorName(name: string, scope: Scope): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const pascal = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return scope.unique(`validate${pascal || "Schema"}`).text;
}

export function compileValidators(schemas: Record<string, unknown>, options: CompileOptions = {}): string {
  const dialect = options.dialect ?? "2020-12";
  const wrong = (pointer: string, message: string) => new SpecError("schemas", [{ pointer, message }]);
  if (schemas === null || typeof schemas !== "object" || Array.isArray(schemas)) throw wrong("", "expected an object of named schemas ({ Name: schema })");
  if (!["2020-12", "openapi-3.1", "openapi-3.0"].includes(dialect)) throw new TypeError(`options.dialect: expected "2020-12", "openapi-3.1" or "openapi-3.0", found ${JSON.stringify(dialect)}`);
  const compiler = new Compiler({ file: "schemas", dialect, formats: options.formats ?? "annotate", ...(options.onWarning ? { onWarning: options.onWarning } : {}) });
  compiler.direction = options.direction;
  for (const [uri, schema] of Object.entries(options.remotes ?? {})) compiler.index.addDocument(uri, schema, uri);
  // The 2020-12 meta-schemas are known (a remote under the same URI wins), read only when referred to.
  for (const [uri, schema] of Object.entries(META_SCHEMAS)) compiler.index.addLazy(uri, schema);
  const names = Object.keys(schemas);
  const roots = new Map<string, ReturnType<typeof compiler.index.addDocument>>();
  if (dialect === "2020-12") {
    for (const n of names) roots.set(n, compiler.index.addDocument(SCHEMAS_BASE + encodeURIComponent(n), schemas[n], joinPointer("", n)));
  } else {
    const doc = compiler.index.addDocument(
      DOCUMENT_URI,
      { components: { schemas } },
      "",
      names.map((n) => joinPointer("/components/schemas", n)),
    );
    for (const n of names) roots.set(n, compiler.index.child(doc, "components", "schemas", n));
  }
  const scope = new Scope();
  const exported: string[] = [];
  const table: string[] = [];
  for (const n of names) {
    const loc = roots.get(n)!;
    compiler.nameSchema(loc, n);
    const fn = compiler.functionFor(loc).text;
    const id = validatorName(n, scope);
    exported.push(...validatorFunction(id, fn, `Checks a value against ${JSON.stringify(n).replaceAll("*/", "*\u2215")}`));
    table.push(`  ${JSON.stringify(n)}: ${id},`);
  }
  const body = [compiler.output(), ...exported, "/** Every validator, by the schema's name. */", "export const validators = {", ...table, "};", ""].join("\n");
  const source = [
    "// Generated by profilekit's compileValidators: do not edit.",
    "",
    helpersFor(body).replace(/^(interface|type) (ValidationIssue|ValidationResult)\b/gm, "export $1 $2"),
    "",
    body,
  ].join("\n");
  return options.typescript ? source : toJavaScript(source);
}
