import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GeneratedFile } from "./generate.js";

/** Files whose content on disk differs from `files` (missing ones included), as paths under `outDir`. */
export async function staleFiles(outDir: string, files: readonly GeneratedFile[]): Promise<string[]> {
  const stale: string[] = [];
  for (const f of files) {
    const onDisk = await readFile(path.join(outDir, f.path), "utf8").catch(() => undefined);
    if (onDisk !== f.content) stale.push(f.path);
  }
  return stale;
}

/** Writes only what changed, so watchers and timestamps see real changes only. Returns the written paths. */
export async function writeFiles(outDir: string, files: readonly GeneratedFile[]): Promise<string[]> {
  const stale = await staleFiles(outDir, files);
  for (const rel of stale) {
    const target = path.join(outDir, rel);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, files.find((f) => f.path === rel)!.content);
  }
  return stale;
}
