import { HTTP_METHODS } from "./check.js";
import type { LoadedSpec } from "./load.js";
import { resolvePointer } from "./pointer.js";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** How the client sends its credential. */
export interface AuthPlan {
  /** The client option that holds the secret: `token` for http schemes, `apiKey` for apiKey headers. */
  option: "token" | "apiKey";
  /** The header it goes in, and the header value with `{credential}` for the secret. */
  header: string;
  template: string;
  /** A request-body field that may carry the credential instead (Altcraft `token`); the default when present. */
  bodyField?: string;
  description: string;
}

export interface OperationPlan {
  operationId: string;
  method: (typeof HTTP_METHODS)[number];
  path: string;
  summary: string;
  description: string;
  pathParams: { name: string; description: string }[];
  /** Schema names in components.schemas. */
  requestSchema: string;
  requestMediaTypes: string[];
  responseSchema?: string;
  responseMediaTypes: string[];
  successStatus: number;
  batch?: { items: string; maxItems: number; maxBytes: number; results: string; id?: string };
}

export interface ApiPlan {
  api: string;
  /** `Altcraft`: from the folder name, for `createAltcraftClient`. */
  typeName: string;
  title: string;
  sourceFile: string;
  serverUrl: string;
  /** A server URL with `{variables}` cannot be a default: the user's host goes in `baseUrl`. */
  baseUrlRequired: boolean;
  auth: AuthPlan;
  vendorError?: { code: string; message: string; success: unknown };
  operations: OperationPlan[];
}

const schemaName = (ref: unknown): string | undefined => str(ref)?.replace("#/components/schemas/", "");

/** Turns a checked spec into what the emitters need, sorted so output is deterministic. */
export function planApi(spec: LoadedSpec): ApiPlan {
  const doc = spec.document;
  const server = obj((doc["servers"] as unknown[])[0]);
  const serverUrl = String(server["url"]);
  const operations: OperationPlan[] = [];
  for (const [path, item] of Object.entries(obj(doc["paths"]))) {
    for (const method of HTTP_METHODS) {
      const op = obj(obj(item)[method]);
      if (!op["operationId"]) continue;
      const params = [...asArray(obj(item)["parameters"]), ...asArray(op["parameters"])].map(obj);
      const requestContent = obj(obj(op["requestBody"])["content"]);
      const [status, response] = Object.entries(obj(op["responses"])).find(([code]) => /^2\d\d$/.test(code))!;
      const responseContent = obj(obj(response)["content"]);
      const batch = op["x-batch"] as OperationPlan["batch"] | undefined;
      const responseSchema = schemaName(obj(obj(responseContent["application/json"])["schema"])["$ref"]);
      operations.push({
        operationId: String(op["operationId"]),
        method,
        path,
        summary: str(op["summary"]) ?? String(op["operationId"]),
        description: str(op["description"]) ?? "",
        pathParams: params.map((p) => ({ name: String(p["name"]), description: str(p["description"]) ?? "" })),
        requestSchema: schemaName(obj(obj(requestContent["application/json"])["schema"])["$ref"])!,
        requestMediaTypes: Object.keys(requestContent).sort(),
        ...(responseSchema ? { responseSchema } : {}),
        responseMediaTypes: Object.keys(responseContent).sort(),
        successStatus: Number(status),
        ...(batch ? { batch } : {}),
      });
    }
  }
  operations.sort((a, b) => (a.operationId < b.operationId ? -1 : 1));
  const vendorError = doc["x-vendor-error"] as ApiPlan["vendorError"] | undefined;
  return {
    api: spec.api,
    typeName: pascalCase(spec.api),
    title: str(obj(doc["info"])["title"]) ?? spec.api,
    sourceFile: spec.file,
    serverUrl,
    baseUrlRequired: /\{[^}]+\}/.test(serverUrl),
    auth: planAuth(doc),
    ...(vendorError ? { vendorError } : {}),
    operations,
  };
}

function planAuth(doc: Obj): AuthPlan {
  const name = (doc["security"] as unknown[]).flatMap((req) => Object.keys(obj(req)))[0]!;
  const scheme = obj(resolvePointer(doc, `/components/securitySchemes/${name}`));
  const description = str(scheme["description"]) ?? "";
  const bodyField = str(scheme["x-body-credential"]);
  const extra = bodyField ? { bodyField } : {};
  if (scheme["type"] === "apiKey") return { option: "apiKey", header: String(scheme["name"]), template: "{credential}", description, ...extra };
  const template = str(scheme["x-authorization-template"]) ?? "Bearer {credential}";
  return { option: "token", header: "Authorization", template, description, ...extra };
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}
