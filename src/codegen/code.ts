/**
 * The only way spec text reaches generated code: as an escaped literal, a checked identifier or a
 * JSDoc text that cannot close its comment. Never paste spec text into code directly.
 */

export const RESERVED: ReadonlySet<string> = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await"
  ).split(" "),
);

/** A JavaScript literal for a JSON value: strings escaped, keys quoted, stable key order as given. */
export function literal(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error(`cannot write ${String(value)} as a literal`);
  // U+2028/2029 are valid JSON but were line terminators in older JS; escape them to be safe anywhere.
  return text.replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029");
}

export function identifier(name: string): string {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) || RESERVED.has(name)) {
    throw new Error(`"${name}" cannot be a TypeScript identifier`);
  }
  return name;
}

/** A property key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : literal(name);
}

/** Text for a JSDoc comment: no comment terminator, no trailing blanks. */
export function docText(text: string): string {
  return text
    .replaceAll("*/", "*\u2215")
    .replace(/[ \t]+$/gm, "")
    .trim();
}

/** Code to place inside a prettyLiteral as it is: a reference to a generated function or constant (checked identifiers). */
export class CodeRef {
  readonly text: string;
  constructor(...path: string[]) {
    this.text = path.map((p, i) => (i === 0 ? identifier(p) : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p) ? `.${p}` : `[${literal(p)}]`)).join("");
  }
}

/** A multi-line object/array literal for a JSON value, keys bare where they can be; CodeRefs written as code. */
export function prettyLiteral(value: unknown, indent = ""): string {
  if (value instanceof CodeRef) return value.text;
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((v) => v === null || typeof v !== "object")) return `[${value.map((v) => literal(v)).join(", ")}]`;
    return `[\n${value.map((v) => inner + prettyLiteral(v, inner)).join(",\n")},\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    // A small object of plain values reads best on one line: { kind: "scalar", types: ["string"] }.
    // Only a flat object is tried inline: trying every object would print each subtree twice per level
    // above it (2^depth times; Klaviyo's operations table took 0.4 s).
    const flat = entries.every(([, v]) => v === null || typeof v !== "object" || v instanceof CodeRef || (Array.isArray(v) && v.every((x) => x === null || typeof x !== "object")));
    if (flat) {
      const inline = `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${prettyLiteral(v, inner)}`).join(", ")} }`;
      if (inline.length + indent.length <= 100) return inline;
    }
    return `{\n${entries.map(([k, v]) => `${inner}${propertyKey(k)}: ${prettyLiteral(v, inner)}`).join(",\n")},\n${indent}}`;
  }
  return literal(value);
}
