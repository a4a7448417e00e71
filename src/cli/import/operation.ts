/**
 * `<api>.<operation>` → a batch operation of a generated client (listed in its exported description),
 * with its credential from the environment: `PROFILEKIT_<API>_<CREDENTIAL>`, the credential being
 * the client's own option name in SCREAMING_SNAKE_CASE (Altcraft `token` → PROFILEKIT_ALTCRAFT_TOKEN,
 * edna `apiKey` → PROFILEKIT_EDNA_API_KEY), and the base URL from `--base-url` or
 * `PROFILEKIT_<API>_BASE_URL` (else the spec's server, where it needs no host of yours).
 * Never from argv: the command line shows in `ps`.
 */
import { readdirSync } from "node:fs";
import type { BatchCallOptions, BatchOptions, BatchSpec, BatchTransport, ChunkReport } from "../../runtime/batch.js";
import type { ApiDescription } from "../../runtime/operation.js";
import { ConfigError } from "../../runtime/errors/config-error.js";
import { createClientRuntime } from "../../runtime/http.js";

export type StreamFn = (params: object, items: AsyncIterable<unknown>, options: BatchOptions) => AsyncGenerator<ChunkReport, void>;

export interface BatchOperation {
  name: string;
  stream: StreamFn;
  /** The batch engine's spec and transport for this envelope (what `stream` runs on): a queue packs and sends chunks with it. */
  engine(params: object, options: BatchCallOptions): { spec: BatchSpec; transport: BatchTransport };
  /** Values to keep out of every message. */
  secrets: string[];
}

/** A target, a credential or a base URL that will not do: the message says what to set. */
export class OperationError extends Error {
  override name = "OperationError";
}

type Factory = (options: Record<string, unknown>) => Record<string, unknown>;

const GENERATED = new URL("../../../generated/", import.meta.url);

/** The APIs with a generated client. */
export function generatedApis(): string[] {
  try {
    return readdirSync(GENERATED, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/** Loads every generated client now, so that a first request is not held up by it (a queue worker's pace is set at job start). */
export async function preloadGeneratedClients(): Promise<void> {
  for (const api of generatedApis()) await clientModule(api);
}

const clientModule = async (api: string) => (await import(/* @vite-ignore */ `../../../generated/${api}/index.js`)) as Record<string, unknown>;

const envName = (api: string) => api.toUpperCase().replace(/[^A-Z0-9]/g, "_");
const snake = (option: string) => option.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

/** The environment variables an API's import reads (for messages and --help). */
export function envVariables(api: string, credentialOption: string): { credential: string; baseUrl: string } {
  return { credential: `PROFILEKIT_${envName(api)}_${snake(credentialOption)}`, baseUrl: `PROFILEKIT_${envName(api)}_BASE_URL` };
}

export async function loadBatchOperation(target: string, env: Readonly<Record<string, string | undefined>>, baseUrlFlag: string | undefined): Promise<BatchOperation> {
  const m = /^([a-z][a-z0-9-]*)\.([A-Za-z_$][\w$]*)$/.exec(target);
  const apis = generatedApis();
  if (!m) throw new OperationError(`expected <api>.<operation> (for example altcraft.updateProfilesBatch), found ${JSON.stringify(target)}`);
  const [, api, operation] = m as unknown as [string, string, string];
  if (!apis.includes(api)) throw new OperationError(`no generated client for API "${api}" (known: ${apis.join(", ") || "none"})`);
  const module = await clientModule(api);
  const factory = Object.entries(module).find(([name, v]) => /^create\w*Client$/.test(name) && typeof v === "function")?.[1] as Factory | undefined;
  if (!factory) throw new OperationError(`generated/${api} exports no create…Client factory`);

  // The credential's option and the batch operations, from the API description the generated client exports.
  const description = Object.entries(module).find(([name, v]) => /^\w+Api$/.test(name) && typeof (v as { operations?: unknown } | null)?.operations === "object")?.[1] as ApiDescription | undefined;
  if (description?.securitySchemes === undefined) throw new OperationError(`generated/${api} exports no API description: regenerate it with this version of profilekit`);
  const credentialOption = credentialOptionOf(description);
  const batchOperations = Object.values(description.operations)
    .filter((op) => op.batch)
    .map((op) => op.name);
  const vars = envVariables(api, credentialOption);

  if (!batchOperations.includes(operation)) {
    const known = batchOperations.map((op) => `${api}.${op}`).join(", ") || "none";
    throw new OperationError(`${target} is not a batch operation of the ${api} client (batch operations: ${known})`);
  }

  const credential = env[vars.credential];
  if (credential === undefined || credential.trim() === "")
    throw new OperationError(`set the ${vars.credential} environment variable to the ${api} credential (it is never read from the command line)`);
  const baseUrl = baseUrlFlag ?? (env[vars.baseUrl] || undefined);
  let client: Record<string, unknown>;
  try {
    client = factory({ [credentialOption]: credential, ...(baseUrl !== undefined ? { baseUrl } : {}) });
  } catch (e) {
    if (e instanceof ConfigError && e.field === "/baseUrl") {
      throw new OperationError(
        baseUrl === undefined
          ? `the ${api} API needs a base URL: pass --base-url or set ${vars.baseUrl}`
          : `the base URL (${baseUrlFlag !== undefined ? "--base-url" : vars.baseUrl}) will not do: ${e.message}`,
      );
    }
    throw e;
  }
  const method = client[operation] as { stream: StreamFn };
  const runtime = createClientRuntime(description, { [credentialOption]: credential, ...(baseUrl !== undefined ? { baseUrl } : {}) });
  const descriptor = Object.values(description.operations).find((op) => op.name === operation)!;
  return {
    name: target,
    stream: (params, items, options) => method.stream(params, items, options),
    engine: (params, options) => runtime.batchEngine(descriptor, params, options),
    secrets: [credential],
  };
}

/** The option the import's credential goes in: the one every operation needs, else the first scheme's. */
function credentialOptionOf(api: ApiDescription): string {
  const options = Object.values(api.securitySchemes).map((s) => s.option);
  return options.find((o) => api.requiredOptions?.includes(o)) ?? options[0] ?? "token";
}
