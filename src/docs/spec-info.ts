/** What the docs index (and the browser test) read from a spec: its operations, their request parameters and auth. */

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface OperationInfo {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  /** Names of the parameters (path, query, header, cookie) and of the top-level request body properties. */
  parameters: string[];
  /** Names of the security schemes the operation accepts. */
  security: string[];
}

export interface AuthInfo {
  name: string;
  /** e.g. "HTTP bearer", "API key in header x-api-key". */
  kind: string;
  description: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Follows a local `$ref` ("#/components/…"); other values come back unchanged. */
export function resolveRef(spec: Obj, value: unknown, seen = new Set<string>()): unknown {
  if (!isObj(value) || typeof value.$ref !== "string") return value;
  const ref = value.$ref;
  if (!ref.startsWith("#/") || seen.has(ref)) return value;
  seen.add(ref);
  let node: unknown = spec;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObj(node) ? node[key] : undefined;
  }
  return resolveRef(spec, node, seen);
}

/** Property names of a schema at its top level, through `$ref`, `allOf`, `oneOf` and `anyOf`. */
export function topLevelProperties(spec: Obj, schema: unknown, seen = new Set<unknown>()): string[] {
  const s = resolveRef(spec, schema);
  if (!isObj(s) || seen.has(s)) return [];
  seen.add(s);
  const names = new Set<string>(isObj(s.properties) ? Object.keys(s.properties) : []);
  for (const key of ["allOf", "oneOf", "anyOf"] as const) {
    const list = s[key];
    if (Array.isArray(list)) for (const sub of list) for (const n of topLevelProperties(spec, sub, seen)) names.add(n);
  }
  return [...names];
}

export function operationsOf(spec: Obj): OperationInfo[] {
  const out: OperationInfo[] = [];
  const globalSecurity = Array.isArray(spec.security) ? spec.security : [];
  const paths = isObj(spec.paths) ? spec.paths : {};
  for (const [p, rawItem] of Object.entries(paths)) {
    const item = resolveRef(spec, rawItem);
    if (!isObj(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const parameters = new Set<string>();
      for (const list of [item.parameters, op.parameters]) {
        if (!Array.isArray(list)) continue;
        for (const raw of list) {
          const param = resolveRef(spec, raw);
          if (isObj(param) && typeof param.name === "string") parameters.add(param.name);
        }
      }
      const body = resolveRef(spec, op.requestBody);
      if (isObj(body) && isObj(body.content)) {
        for (const media of Object.values(body.content)) {
          if (isObj(media)) for (const n of topLevelProperties(spec, media.schema)) parameters.add(n);
        }
      }
      const security = Array.isArray(op.security) ? op.security : globalSecurity;
      out.push({
        operationId: typeof op.operationId === "string" ? op.operationId : `${method} ${p}`,
        method: method.toUpperCase(),
        path: p,
        summary: typeof op.summary === "string" ? op.summary : "",
        parameters: [...parameters],
        security: [...new Set(security.flatMap((req: unknown) => (isObj(req) ? Object.keys(req) : [])))],
      });
    }
  }
  return out;
}

export function authOf(spec: Obj): AuthInfo[] {
  const components = isObj(spec.components) ? spec.components : {};
  const schemes = isObj(components.securitySchemes) ? components.securitySchemes : {};
  return Object.entries(schemes).map(([name, raw]) => {
    const s = resolveRef(spec, raw);
    const o = isObj(s) ? s : {};
    const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : "");
    let kind = str("type");
    if (kind === "http") kind = `HTTP ${str("scheme")}`;
    else if (kind === "apiKey") kind = `API key in ${str("in")} ${str("name")}`;
    return { name, kind, description: str("description").trim() };
  });
}
