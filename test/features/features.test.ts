import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { generateApi, type GeneratedFile } from "../../src/codegen/generate.js";
import { parseSpec } from "../../src/codegen/load.js";

// One small spec per feature (issue 13, point 4), each with its generated files committed as goldens under
// test/features/<feature>/expected/<feature>/ and its warnings under test/features/<feature>/warnings.txt.
// `npx vitest run test/features -u` rewrites them; review the diff.

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");

/** Every folder with an openapi.yaml: adding a folder adds a feature. */
const features = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && readdirSync(path.join(here, d.name)).includes("openapi.yaml"))
  .map((d) => d.name)
  .sort();

/** The goldens sit at test/features/<feature>/expected/<feature>/: the runtime is five folders up. */
const RUNTIME_IMPORT = "../../../../../src/runtime";

async function generate(feature: string): Promise<{ files: GeneratedFile[]; warnings: string[] }> {
  const file = path.posix.join("test/features", feature, "openapi.yaml");
  const spec = parseSpec(feature, file, readFileSync(path.join(repo, file), "utf8"));
  const warnings: string[] = [];
  const files = await generateApi(spec, { runtimeImport: RUNTIME_IMPORT, onWarning: (w) => warnings.push(w) });
  return { files, warnings };
}

/** Every file under a folder, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
      .sort();
  } catch {
    return [];
  }
}

test("every feature of issue 13's list has a folder", () => {
  expect(features).toEqual(
    [
      "batch",
      "callbacks",
      "duplicate-operation-id",
      "form-body",
      "header-cookie-params",
      "hostile-names",
      "json-bodies",
      "multipart",
      "openapi-30",
      "path-params",
      "query-params",
      "read-write-only",
      "responses",
      "security",
      "servers",
      "text-binary",
      "webhooks",
      "xml",
    ].sort(),
  );
});

describe.each(features)("%s", (feature) => {
  const expected = path.join(here, feature, "expected");

  test("the generated files match the goldens", async () => {
    const { files } = await generate(feature);
    for (const f of files) await expect(f.content, f.path).toMatchFileSnapshot(path.join(expected, f.path));
    // No golden left over from a file the generator no longer writes (a missing one is written by -u).
    const written = new Set(files.map((f) => f.path));
    expect(filesUnder(expected).filter((f) => !written.has(f))).toEqual([]);
  });

  test("the warnings match warnings.txt", async () => {
    const { warnings } = await generate(feature);
    await expect(warnings.map((w) => w + "\n").join("")).toMatchFileSnapshot(path.join(here, feature, "warnings.txt"));
  });

  test("generation is deterministic", async () => {
    const first = await generate(feature);
    const second = await generate(feature);
    expect(second).toEqual(first);
  });
});
