// The runtime and generated clients run in browsers, Deno and Bun: fetch only, nothing from `node:`.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await tsFiles(p)));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

test("src/runtime and generated/ import nothing from node:", async () => {
  const offenders: string[] = [];
  for (const file of [...(await tsFiles(path.join(ROOT, "src/runtime"))), ...(await tsFiles(path.join(ROOT, "generated")))]) {
    const text = await readFile(file, "utf8");
    if (/(?:from\s+|import\s*\(\s*|require\s*\(\s*)["']node:/.test(text)) offenders.push(path.relative(ROOT, file));
  }
  expect(offenders).toEqual([]);
});
