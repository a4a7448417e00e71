/** JSON Pointer (RFC 6901) helpers: every message about a spec names the place with one. */

export function escapeToken(token: string | number): string {
  const text = String(token);
  return text.includes("~") || text.includes("/") ? text.replaceAll("~", "~0").replaceAll("/", "~1") : text;
}

export function unescapeToken(token: string): string {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((t) => "/" + escapeToken(t)).join("");
}

export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`"${pointer}" is not a JSON Pointer: it must be empty or start with "/"`);
  return pointer.slice(1).split("/").map(unescapeToken);
}

/** The value at `pointer` inside `root`, or undefined when any step is missing. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const token of parsePointer(pointer)) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/**
 * Where a chain of local `$ref`s (`#/…`) ends: the node and its pointer. At most 64 hops, so a loop
 * stops; a `$ref` that names nothing ends at undefined. The validator compiler and the checker say
 * what is wrong with such chains; this only follows them.
 */
export function followRefs(doc: unknown, node: unknown, pointer = ""): { node: unknown; pointer: string } {
  for (let hops = 0; hops < 64 && node !== null && typeof node === "object" && typeof (node as Record<string, unknown>)["$ref"] === "string"; hops++) {
    const ref = (node as Record<string, string>)["$ref"]!;
    if (!ref.startsWith("#")) break;
    pointer = decodeURIComponent(ref.slice(1));
    try {
      node = resolvePointer(doc, pointer);
    } catch {
      return { node: undefined, pointer };
    }
  }
  return { node, pointer };
}
