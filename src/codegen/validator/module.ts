/**
 * A standalone module from compiled validators: the helpers they use (from prelude.ts and
 * formats.ts, only those referenced, so the output imports nothing and carries nothing unused),
 * then the compiled code. JavaScript is the TypeScript with its types removed by the compiler.
 */
import { readFileSync } from "node:fs";
import ts from "typescript";

interface Declaration {
  name: string;
  text: string;
}

const DECLARATION = /^(?:export )?(?:function|const|type|interface|class) ([A-Za-z_$][A-Za-z0-9_$]*)/;

/** The top-level declarations of a helper file after its `// prelude` line, each with the comment above it. */
function declarations(file: string): Declaration[] {
  const text = readFileSync(new URL(file, import.meta.url), "utf8");
  const lines = text.slice(text.indexOf("// prelude\n") + "// prelude\n".length).split("\n");
  const out: Declaration[] = [];
  let pending: string[] = [];
  for (const line of lines) {
    const m = DECLARATION.exec(line);
    if (m) {
      // The comment lines just above belong to this declaration, not the previous one.
      const previous = out.at(-1);
      let split = pending.length;
      while (split > 0 && /^(\/\*\*|\s\*|\/\/)/.test(pending[split - 1]!)) split--;
      if (previous) previous.text += pending.slice(0, split).join("\n");
      out.push({ name: m[1]!, text: [...pending.slice(split), line.replace(/^export /, "")].join("\n") + "\n" });
      pending = [];
    } else pending.push(line);
  }
  if (out.length > 0) out.at(-1)!.text += pending.join("\n");
  return out;
}

let helpers: Declaration[] | undefined;

/** The helpers `code` refers to, with the helpers those refer to, in their files' order. */
export function helpersFor(code: string): string {
  helpers ??= [...declarations("./prelude.ts"), ...declarations("./formats.ts")];
  const byName = new Map(helpers.map((d) => [d.name, d]));
  // Only the helpers' own names are looked for: a 5 MB module has a million words, a few hundred references.
  const names = new RegExp(`(?<![A-Za-z0-9_$])(?:${[...byName.keys()].join("|")})(?![A-Za-z0-9_$])`, "g");
  const needed = new Set<string>();
  const visit = (text: string) => {
    // Words in comments are not references. A line comment is found from its line break (`^\s*` with
    // the m flag would be tried at every character of a 5 MB module).
    const code = ("\n" + text).replace(/\/\*[\s\S]*?\*\//g, "").replace(/\n[ \t]*\/\/[^\n]*/g, "");
    for (const [word] of code.matchAll(names)) {
      if (needed.has(word)) continue;
      needed.add(word);
      visit(byName.get(word)!.text);
    }
  };
  visit(code);
  return helpers
    .filter((d) => needed.has(d.name))
    .map((d) => d.text.trimEnd())
    .join("\n\n");
}

/**
 * `export function <name>(value)`: `check`'s verdict alone first (the fast path for valid data),
 * then, only for an invalid value, a second run that collects the issues. `doc` starts its JSDoc.
 */
export function validatorFunction(name: string, check: string, doc: string, type = "unknown"): string[] {
  return [
    `/** ${doc}: every issue, each with a JSON Pointer into the value (at most 100). */`,
    `export function ${name}(value: unknown): ValidationResult<${type}> {`,
    `  if (${check}(value, "", null)) return { ok: true, ${type === "unknown" ? "value" : `value: value as ${type}`} };`,
    "  const errors: ValidationIssue[] = [];",
    `  ${check}(value, "", errors);`,
    "  return { ok: false, errors };",
    "}",
    "",
  ];
}

/** TypeScript source to JavaScript (an ES module), types removed. */
export function toJavaScript(source: string): string {
  return ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false } }).outputText;
}
