// Shared by the import tests that run `runImport` in-process against a sandbox: the profiles, the
// call with the test's credentials, and small file helpers.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runImport, type ImportOptions } from "../../src/cli/import-command.js";
import { PREFIXES, type Sandbox, type SandboxData } from "../../src/sandbox/index.js";

export const TOKEN = "import-test-token-3f7a21";
export const PARAMS = '{"db_id":1,"matching":"custom","field_name":"Custom_ID"}';

/** `n` Altcraft profiles, Custom_ID c0…c{n-1}, first name "old". */
export const profilesData = (n: number): SandboxData => ({
  credentials: { altcraft: TOKEN },
  altcraft: { databases: [{ db_id: 1, profiles: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, fields: { Custom_ID: `c${i}`, _fname: "old" } })) }] },
});

/** Runs an import against `baseUrl` (default: the sandbox); the summary lines in `out`. */
export async function runAgainst(sandbox: Sandbox, o: Partial<ImportOptions> & { input: string }): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await runImport({
    target: "altcraft.updateProfilesBatch",
    params: PARAMS,
    baseUrl: sandbox.url + PREFIXES.altcraft,
    env: { PROFILEKIT_ALTCRAFT_TOKEN: TOKEN },
    log: (l) => out.push(l),
    progress: { write: () => {}, isTTY: false },
    ...o,
  });
  return { code, out: out.join("\n") };
}

export const ndjson = (items: unknown[]) => items.map((i) => (typeof i === "string" ? i : JSON.stringify(i))).join("\n") + "\n";

export const writeIn = (dir: string) => (name: string, text: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

export const failedLines = (p: string) =>
  readFileSync(p, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Custom_ID → first name, from the sandbox's store. */
export const firstNames = (sandbox: Sandbox) => new Map(sandbox.store.altcraftDatabase(1)!.profiles.map((p) => [p.fields.Custom_ID as string, p.fields._fname]));

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** `node <args>` from the repository root with the Altcraft token in its environment, its output collected. */
export function spawnImport(args: string[], token: string) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, PROFILEKIT_ALTCRAFT_TOKEN: token }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, out })));
  return { child, exit };
}

/** A loopback HTTP server (a proxy in front of the sandbox, in these tests): its URL and how to close it. */
export async function loopbackServer(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
