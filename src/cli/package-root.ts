import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of this package (the one holding profilekit's package.json), found upwards from this module: the
 * checkout from source (src/cli/), the checkout's or an installed package's compiled dist/src/cli/.
 */
export function packageRoot(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (manifest(dir)?.name === "profilekit") return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The `version` of profilekit's package.json (`profilekit --version`). */
export function packageVersion(): string {
  const root = packageRoot();
  const version = root !== undefined ? manifest(root)?.version : undefined;
  if (typeof version !== "string") throw new Error(`no package.json of profilekit with a version above ${path.dirname(fileURLToPath(import.meta.url))}`);
  return version;
}

function manifest(dir: string): { name?: unknown; version?: unknown } | undefined {
  const file = path.join(dir, "package.json");
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
  } catch {
    return undefined; // not a manifest we can read: keep looking upwards
  }
}
