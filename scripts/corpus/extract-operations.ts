/**
 * A part of a JSON OpenAPI document: the paths that start with one of the given prefixes (every
 * operation of each, with the path item's own keys), and exactly the components they reach (local
 * `$ref`s followed transitively, whatever the component type). Everything else at the top level
 * (`openapi`, `info`, `servers`, `security`, extensions) is kept as it is, `components.securitySchemes`
 * whole, and `tags` only those the kept operations name. Nothing inside a kept node is changed: keys
 * keep their order, and the output is written as `JSON.stringify(…, null, 2)` (with a final newline
 * only when the input had one), which is how the published Klaviyo document is written.
 *
 *   npx tsx scripts/corpus/extract-operations.ts <input.json> <output.json> <path prefix>...
 *
 * e.g. the fixture test/fixtures/real-specs/klaviyo-profiles.json (see SOURCES.md beside it).
 */
import { readFileSync, writeFileSync } from "node:fs";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** `~1` and `~0` decoded, as JSON Pointer writes `/` and `~`. */
const unescapeToken = (token: string) => token.replace(/~1/g, "/").replace(/~0/g, "~");

/** Every local `$ref` under `node`, as [component type, name] of the component it lands in. */
function* componentRefs(node: Json): Generator<[string, string]> {
  if (Array.isArray(node)) {
    for (const item of node) yield* componentRefs(item);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string") {
      if (!value.startsWith("#/")) throw new Error(`only local $refs are supported, found ${value}`);
      const tokens = value.slice(2).split("/").map(unescapeToken);
      if (tokens[0] !== "components" || tokens.length < 3) throw new Error(`a $ref outside #/components/<type>/<name>: ${value}`);
      yield [tokens[1]!, tokens[2]!];
    } else {
      yield* componentRefs(value);
    }
  }
}

export interface Extracted {
  document: JsonObject;
  paths: number;
  operations: number;
  components: number;
}

export function extractOperations(source: JsonObject, prefixes: readonly string[]): Extracted {
  const paths = isObject(source.paths) ? source.paths : {};
  const kept: JsonObject = {};
  for (const [p, item] of Object.entries(paths)) if (prefixes.some((prefix) => p.startsWith(prefix))) kept[p] = item;

  // The components reached from the kept paths, transitively.
  const components = isObject(source.components) ? source.components : {};
  const reached = new Map<string, Set<string>>();
  const queue: Json[] = [kept];
  while (queue.length > 0) {
    for (const [type, name] of componentRefs(queue.pop()!)) {
      const names = reached.get(type) ?? reached.set(type, new Set()).get(type)!;
      if (names.has(name)) continue;
      const byType = components[type];
      if (!isObject(byType) || !(name in byType)) throw new Error(`a $ref to a missing component: #/components/${type}/${name}`);
      names.add(name);
      queue.push(byType[name]!);
    }
  }

  // Components in the source's order, types and names alike; securitySchemes whole.
  const outComponents: JsonObject = {};
  let componentCount = 0;
  for (const [type, byType] of Object.entries(components)) {
    if (type === "securitySchemes") {
      outComponents[type] = byType;
      continue;
    }
    const names = reached.get(type);
    if (!names || !isObject(byType)) continue;
    const picked: JsonObject = {};
    for (const [name, value] of Object.entries(byType)) if (names.has(name)) picked[name] = value;
    outComponents[type] = picked;
    componentCount += names.size;
  }

  const usedTags = new Set<string>();
  let operations = 0;
  for (const item of Object.values(kept)) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !isObject(op)) continue;
      operations++;
      if (Array.isArray(op.tags)) for (const t of op.tags) if (typeof t === "string") usedTags.add(t);
    }
  }

  const document: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "paths") document[key] = kept;
    else if (key === "components") document[key] = outComponents;
    else if (key === "tags" && Array.isArray(value)) document[key] = value.filter((t) => isObject(t) && typeof t.name === "string" && usedTags.has(t.name));
    else if (key === "webhooks") continue;
    else document[key] = value;
  }
  return { document, paths: Object.keys(kept).length, operations, components: componentCount };
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const [input, output, ...prefixes] = process.argv.slice(2);
  if (!input || !output || prefixes.length === 0) {
    console.error("usage: tsx scripts/corpus/extract-operations.ts <input.json> <output.json> <path prefix>...");
    process.exit(2);
  }
  const text = readFileSync(input, "utf8");
  const { document, paths, operations, components } = extractOperations(JSON.parse(text) as JsonObject, prefixes);
  writeFileSync(output, JSON.stringify(document, null, 2) + (text.endsWith("\n") ? "\n" : ""));
  console.log(`${output}: ${paths} paths, ${operations} operations, ${components} components`);
}
