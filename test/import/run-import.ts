// Shared by the import tests that run `runImport` in-process against a sandbox: the profiles, the
// call with the test's credentials, and small file helpers.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
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
