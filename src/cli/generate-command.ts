import path from "node:path";
import { findSpecs, generateApi, loadSpecFile, type GeneratedFile } from "../codegen/generate.js";
import { staleFiles, writeFiles } from "../codegen/write.js";

export interface GenerateCommandOptions {
  specsDir: string;
  outDir: string;
  check: boolean;
  runtimeImport?: string;
  log: (line: string) => void;
}

/**
 * Generates every API in memory first: a broken spec stops the run before anything is written.
 * With `check`, writes nothing and returns 1 when a file is stale.
 */
export async function runGenerate(o: GenerateCommandOptions): Promise<number> {
  const specs = await findSpecs(o.specsDir);
  if (specs.length === 0) {
    o.log(`profilekit generate: no <api>/openapi.yaml under ${o.specsDir}`);
    return 1;
  }
  const files: GeneratedFile[] = [];
  for (const spec of specs) {
    files.push(...(await generateApi(await loadSpecFile(spec), o.runtimeImport ? { runtimeImport: o.runtimeImport } : {})));
  }
  const rel = (f: string) => path.join(path.relative(process.cwd(), o.outDir) || ".", f).split(path.sep).join("/");
  if (o.check) {
    const stale = await staleFiles(o.outDir, files);
    for (const f of stale) o.log(`stale: ${rel(f)}`);
    if (stale.length > 0) {
      o.log(`${stale.length} generated file(s) differ from the specs: run \`npx profilekit generate\` and commit ${rel("")}.`);
      return 1;
    }
    o.log(`${files.length} generated files are up to date.`);
    return 0;
  }
  const written = await writeFiles(o.outDir, files);
  for (const f of written) o.log(`wrote ${rel(f)}`);
  o.log(`${written.length} of ${files.length} files written (the rest were up to date).`);
  return 0;
}
