/** JSON Pointers in the runtime: every error names its place with one. */

/** The pointer for a path of keys and indexes: ["data", 3, "a/b"] → "/data/3/a~1b". */
export function pointerOf(path: readonly (string | number)[]): string {
  let out = "";
  for (const k of path) out += "/" + String(k).replace(/~/g, "~0").replace(/\//g, "~1");
  return out;
}

/** The value at a path of own properties, or undefined when a step is missing. */
export function valueAt(value: unknown, tokens: readonly string[]): unknown {
  let node = value;
  for (const t of tokens) {
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, t)) return undefined;
    node = (node as Record<string, unknown>)[t];
  }
  return node;
}
