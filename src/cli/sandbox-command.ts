import { readFile } from "node:fs/promises";
import { parseFaults } from "../sandbox/faults.js";
import { ADMIN_TOKEN_HEADER, PREFIXES, startSandbox, type Sandbox } from "../sandbox/server.js";
import { parseSandboxData, type StoreLimits } from "../sandbox/store.js";
import { untilStopped } from "./until-stopped.js";

export interface SandboxCommandOptions {
  port: string | undefined;
  host: string | undefined;
  data: string | undefined;
  faults: string | undefined;
  seed: string | undefined;
  /** The admin routes' token; default: a random one, printed. */
  adminToken?: string | undefined;
  /** Host names the Host header may name besides the loopback names and --host, comma-separated. */
  allowHost?: string | undefined;
  maxStoreRecords?: string | undefined;
  maxStoreBytes?: string | undefined;
  log: (line: string) => void;
  /** Stops the sandbox when it resolves. Default: the first SIGINT or SIGTERM. */
  until?: Promise<unknown>;
  /** Called once the sandbox listens (tests). */
  onListening?: (sandbox: Sandbox) => void;
}

/** A flag value that is not what it should be: the message names the flag. */
export class SandboxCommandError extends Error {
  override name = "SandboxCommandError";
}

function wholeNumber(text: string | undefined, flag: string, fallback: number, max: number, min = 0): number {
  if (text === undefined) return fallback;
  if (!/^[0-9]+$/.test(text) || Number(text) > max || Number(text) < min) throw new SandboxCommandError(`${flag} expects a whole number from ${min} to ${max}, found ${JSON.stringify(text)}`);
  return Number(text);
}

/**
 * `profilekit sandbox`: starts the sandbox, prints where each API lives and how to call the admin
 * routes with their token (never an API credential), logs one line per request, and runs until
 * SIGINT / SIGTERM (or `until`). Returns the exit code.
 */
export async function runSandbox(o: SandboxCommandOptions): Promise<number> {
  const port = wholeNumber(o.port, "--port", 4010, 65535);
  const seed = wholeNumber(o.seed, "--seed", 1, 0xffffffff);
  const limits: Partial<StoreLimits> = {};
  if (o.maxStoreRecords !== undefined) limits.maxRecords = wholeNumber(o.maxStoreRecords, "--max-store-records", 0, Number.MAX_SAFE_INTEGER, 1);
  if (o.maxStoreBytes !== undefined) limits.maxBytes = wholeNumber(o.maxStoreBytes, "--max-store-bytes", 0, Number.MAX_SAFE_INTEGER, 1);
  if (o.adminToken !== undefined && !/^[\x21-\x7e]+$/.test(o.adminToken)) throw new SandboxCommandError("--admin-token expects visible ASCII characters without spaces (it is sent as a header)");
  const allowedHosts =
    o.allowHost === undefined
      ? []
      : o.allowHost
          .split(",")
          .map((h) => h.trim())
          .filter((h) => h !== "");
  const faults = o.faults !== undefined ? parseFaults(o.faults) : [];
  let data: unknown;
  if (o.data !== undefined) {
    let text: string;
    try {
      text = await readFile(o.data, "utf8");
    } catch (e) {
      throw new SandboxCommandError(`cannot read --data ${o.data}: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      data = JSON.parse(text) as unknown;
    } catch (e) {
      throw new SandboxCommandError(`--data ${o.data} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    parseSandboxData(data, o.data, limits);
  }
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      port,
      host: o.host ?? "127.0.0.1",
      ...(data !== undefined ? { data } : {}),
      faults,
      seed,
      log: o.log,
      ...(o.adminToken !== undefined ? { adminToken: o.adminToken } : {}),
      allowedHosts,
      ...(limits.maxRecords !== undefined ? { maxStoreRecords: limits.maxRecords } : {}),
      ...(limits.maxBytes !== undefined ? { maxStoreBytes: limits.maxBytes } : {}),
    });
  } catch (e) {
    if (e instanceof RangeError && e.message.startsWith("allowedHosts")) throw new SandboxCommandError(`--allow-host${e.message.slice("allowedHosts".length)}`);
    throw e;
  }
  o.log(`profilekit sandbox listening on ${sandbox.url}`);
  o.log(`  Altcraft  ${sandbox.url}${PREFIXES.altcraft}   (POST /v1.1/profiles/update, /v1.1/profiles/update_batch)`);
  o.log(`  edna      ${sandbox.url}${PREFIXES.edna}       (POST, PATCH /subscribers/update)`);
  o.log(`  Pushtech  ${sandbox.url}${PREFIXES.pushtech}   (PUT /v2/account/{account_id}/contact/{contact_id})`);
  o.log(`  data: ${o.data ?? "the embedded sample (src/sandbox/sample-data.ts)"}; credentials: ${o.data ? "the data file's, else " : ""}the defaults (DEFAULT_CREDENTIALS in src/sandbox/store.ts)`);
  if (faults.length > 0) o.log(`  faults: ${o.faults} (seed ${seed})`);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(o.host ?? "127.0.0.1") || allowedHosts.length > 0) {
    o.log(`  Host header: only requests addressed to ${sandbox.allowedHosts.join(", ")} are answered (any port; --allow-host adds names)`);
  }
  o.log(`  admin: curl -H "${ADMIN_TOKEN_HEADER}: ${sandbox.adminToken}" ${sandbox.url}/__admin/store   (the state; -X POST …/__admin/reset resets it). Ctrl-C stops.`);
  o.onListening?.(sandbox);
  await (o.until ?? untilStopped());
  await sandbox.close();
  o.log("profilekit sandbox stopped.");
  return 0;
}
