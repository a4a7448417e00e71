/**
 * The code builder of the validator compiler, after ajv's `lib/compile/codegen/code.ts`: generated
 * code is only ever made by the `code` tag, which writes every inserted value as an escaped
 * literal unless it is already `Code`, and by `name`, which refuses anything but an identifier.
 * Spec text therefore cannot reach generated code except as a literal.
 */
import { literal, RESERVED } from "../code.js";

export class Code {
  constructor(
    readonly text: string,
    /** Indentation levels of a line: applied once, when the module is written (see `render`). */
    readonly depth = 0,
  ) {}
  toString(): string {
    return this.text;
  }
}

/** Lines as text: each indented once here, rather than its string rebuilt at every level it is nested in. */
export function render(lines: readonly Code[]): string {
  const pads: string[] = [];
  return lines.map((l) => (l.depth === 0 ? l.text : (pads[l.depth] ??= "  ".repeat(l.depth)) + l.text)).join("\n");
}

/** A tagged template: `${Code}` goes in as is, any other value as a JSON literal. */
export function code(strings: TemplateStringsArray, ...values: unknown[]): Code {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out += (v instanceof Code ? v.text : literal(v)) + strings[i + 1]!;
  }
  return new Code(out);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A generated identifier: checked, never spec text. */
export function name(text: string): Code {
  if (!IDENTIFIER.test(text)) throw new Error(`internal: "${text}" is not an identifier`);
  return new Code(text);
}

/** Codes joined by a separator (itself code: " || ", ", "). */
export function join(parts: readonly Code[], separator: string): Code {
  return new Code(parts.map((p) => p.text).join(separator));
}

/** Lines of a block, indented one level (or `depth`). */
export function indent(lines: readonly Code[], depth = 1): Code[] {
  return lines.map((l) => new Code(l.text, l.depth + depth));
}

/**
 * Names unique in one generated module (functions, constants), after ajv's `scope.ts`: a prefix
 * made of identifier characters and a counter on clash.
 */
export class Scope {
  private readonly used = new Set<string>();
  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }
  unique(prefix: string): Code {
    let base = prefix.replace(/[^A-Za-z0-9_$]/g, "_").replace(/^(?=[0-9])/, "_") || "_";
    if (RESERVED.has(base) || base === "undefined") base += "_";
    let candidate = base;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${base}_${n}`;
    this.used.add(candidate);
    return name(candidate);
  }
}

/** Local variables of one generated function: x1, x2, … */
export class Locals {
  private n = 0;
  variable(): Code {
    return name(`x${++this.n}`);
  }
}

/** A comparison operator: one of a fixed few, never spec text. */
export function operator(op: "<" | ">" | "<=" | ">="): Code {
  if (!["<", ">", "<=", ">="].includes(op)) throw new Error(`internal: operator ${op}`);
  return new Code(op);
}
