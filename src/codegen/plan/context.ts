import type { LoadedSpec } from "../load.js";
import { joinPointer, parsePointer, resolvePointer } from "../pointer.js";
import { type SpecProblem } from "../spec-error.js";

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** A node of the document and where it is. */
export interface Located {
  node: unknown;
  pointer: string;
}

/**
 * What every part of the planner shares: the document, the problems that stop generation
 * (refusals: the code could not be correct) and the warnings (a defect with a deterministic outcome).
 */
export class PlanContext {
  readonly doc: Obj;
  readonly problems: SpecProblem[] = [];
  private readonly seen = new Set<string>();

  constructor(
    readonly spec: LoadedSpec,
    private readonly onWarning: (problem: SpecProblem) => void,
  ) {
    this.doc = spec.document;
  }

  refuse(pointer: string, message: string): void {
    if (this.once(`refuse ${pointer}\n${message}`)) this.problems.push({ pointer, message, ...this.spec.locate(pointer) });
  }

  warn(pointer: string, message: string): void {
    if (this.once(`warn ${pointer}\n${message}`)) this.onWarning({ pointer, message, ...this.spec.locate(pointer) });
  }

  private once(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  /**
   * Follows a chain of local `$ref`s (a parameter, body, response or path item kept in components)
   * to the object it names; refuses a `$ref` that names nothing or loops. Sibling keys beside a
   * `$ref` are ignored, with a warning, as OpenAPI 3.0 says (3.1 keeps only summary/description).
   */
  deref(at: Located): Located | undefined {
    let current = at;
    const chain = new Set<string>();
    while (isObj(current.node) && typeof current.node["$ref"] === "string") {
      const ref = current.node["$ref"];
      const siblings = Object.keys(current.node).filter((k) => k !== "$ref" && k !== "summary" && k !== "description" && !k.startsWith("x-"));
      if (siblings.length > 0) this.warn(current.pointer, `keys beside $ref are ignored: ${siblings.join(", ")}`);
      if (!ref.startsWith("#")) {
        this.refuse(joinPointer(current.pointer, "$ref"), `expected a $ref inside the document (the input is bundled first), found ${JSON.stringify(ref)}`);
        return undefined;
      }
      const pointer = decodeURIComponent(ref.slice(1));
      if (chain.has(pointer)) {
        this.refuse(joinPointer(current.pointer, "$ref"), `the $ref chain loops back to ${ref}`);
        return undefined;
      }
      chain.add(pointer);
      let node: unknown;
      try {
        parsePointer(pointer);
        node = resolvePointer(this.doc, pointer);
      } catch {
        node = undefined;
      }
      if (node === undefined) {
        this.refuse(joinPointer(current.pointer, "$ref"), `${JSON.stringify(ref)} names nothing in the document`);
        return undefined;
      }
      current = { node, pointer };
    }
    return current;
  }

  child(at: Located, ...tokens: (string | number)[]): Located {
    let node = at.node;
    for (const t of tokens) node = isObj(node) || Array.isArray(node) ? (node as Record<string, unknown>)[String(t)] : undefined;
    return { node, pointer: joinPointer(at.pointer, ...tokens) };
  }
}
