import { existsSync } from "node:fs";
import path from "node:path";
import { generateApi, type GeneratedFile, type GenerateOptions } from "../codegen/generate.js";
import { loadApi } from "../codegen/input/load-api.js";
import { findSources, type ApiSource } from "../codegen/input/sources.js";
import { staleFiles, writeFiles } from "../codegen/write.js";
import { packageRoot } from "./package-root.js";

export interface GenerateCommandOptions {
  /** `--specs`: the folder convention `<dir>/<api>/openapi.{yaml,yml,json}`. */
  specsDir?: string;
  /** `--config`: a profilekit.config.* file; wins over `specsDir`. Neither: a config in the working directory, else `specs/`. */
  configFile?: string;
  /** `--out`: the output root; default: the config's `output`, else `generated`. An API whose config entry names `output` goes there. */
  outDir?: string;
  check: boolean;
  runtimeImport?: string;
  log: (line: string) => void;
}

/** Where one API's files go: the folder its config entry names, else `<outDir>/<api>`. */
export function apiFolder(source: ApiSource, outDir: string): string {
  return source.output ?? path.join(outDir, source.api);
}

/** `generateApi`'s files (paths `<api>/<name>`) as paths inside the API's own folder. */
export function inApiFolder(source: ApiSource, files: readonly GeneratedFile[]): GeneratedFile[] {
  return files.map((f) => ({ ...f, path: f.path.startsWith(`${source.api}/`) ? f.path.slice(source.api.length + 1) : f.path }));
}

/** The options `generateApi` gets for one API: where its code imports the runtime from, and the client's name. */
export function generateOptions(source: ApiSource, outDir: string, runtimeImport: string | undefined, log: (line: string) => void): GenerateOptions {
  return {
    runtimeImport: runtimeImport ?? defaultRuntimeImport(path.dirname(apiFolder(source, outDir))),
    onWarning: (message) => log(`warning: ${message}`),
    ...(source.clientName !== undefined ? { typeName: source.clientName } : {}),
  };
}

/**
 * Generates every API in memory first: a broken spec stops the run before anything is written.
 * With `check`, writes nothing and returns 1 when a file is stale.
 */
export async function runGenerate(o: GenerateCommandOptions): Promise<number> {
  const cwd = process.cwd();
  const found = await findSources({ cwd, ...(o.specsDir !== undefined ? { specsDir: o.specsDir } : {}), ...(o.configFile !== undefined ? { configFile: o.configFile } : {}) });
  if (found.sources.length === 0) {
    o.log(`profilekit generate: no <api>/openapi.{yaml,yml,json} under ${o.specsDir ?? "specs"} (and no profilekit.config.* here)`);
    return 1;
  }
  const outDir = o.outDir ?? found.outDir ?? "generated";
  const apis: { folder: string; files: GeneratedFile[] }[] = [];
  for (const source of found.sources) {
    const spec = await loadApi(source, cwd);
    for (const note of spec.notes) o.log(`note: ${spec.file}: ${note}`);
    const files = await generateApi(spec, generateOptions(source, outDir, o.runtimeImport, o.log));
    apis.push({ folder: apiFolder(source, outDir), files: inApiFolder(source, files) });
  }
  const rel = (folder: string, f = "") =>
    path
      .join(path.relative(cwd, folder) || ".", f)
      .split(path.sep)
      .join("/");
  const total = apis.reduce((n, a) => n + a.files.length, 0);
  if (o.check) {
    let stale = 0;
    for (const { folder, files } of apis) {
      for (const f of await staleFiles(folder, files)) {
        o.log(`stale: ${rel(folder, f)}`);
        stale++;
      }
    }
    if (stale > 0) {
      o.log(`${stale} generated file(s) differ from the specs: run \`npx profilekit generate\` and commit ${[...new Set(apis.map((a) => rel(path.dirname(a.folder))))].join(", ")}.`);
      return 1;
    }
    o.log(`${total} generated files are up to date.`);
    return 0;
  }
  let written = 0;
  for (const { folder, files } of apis) {
    for (const f of await writeFiles(folder, files)) {
      o.log(`wrote ${rel(folder, f)}`);
      written++;
    }
  }
  o.log(`${written} of ${total} files written (the rest were up to date).`);
  return 0;
}

/**
 * Where generated code imports the runtime from when `--runtime-import` is not given: this repository's own
 * `generated/` (any out dir inside a checkout with `src/runtime/`) imports the source by relative path
 * (`../../src/runtime`); every other out dir — a user's project — imports the installed package, `profilekit/runtime`.
 * `outDir` is the folder that holds the API's folder.
 */
export function defaultRuntimeImport(outDir: string): string {
  const root = packageRoot();
  if (root !== undefined && existsSync(path.join(root, "src", "runtime", "http.ts"))) {
    const inside = path.relative(root, path.resolve(outDir));
    if (!inside.startsWith("..") && !path.isAbsolute(inside)) {
      return path
        .relative(path.join(path.resolve(outDir), "api"), path.join(root, "src", "runtime"))
        .split(path.sep)
        .join("/");
    }
  }
  return "profilekit/runtime";
}
