// `profilekit generate` over the input side: a config file, Swagger 2.0 notes, overlays, per-API output folders, and --watch.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { stringify } from "yaml";
import { watchGenerate, type Watcher } from "../../../src/cli/watch.js";
import { runCli as run } from "../../helpers/run-cli.js";

let dir = "";
let watcher: Watcher | undefined;
const lines: string[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "profilekit-input-cli-"));
  await cp(path.resolve("test/fixtures/input/specs"), path.join(dir, "api-specs"), { recursive: true });
  lines.length = 0;
});
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  await rm(dir, { recursive: true, force: true });
});

const config = (apis: Record<string, unknown>, extra: Record<string, unknown> = {}) => writeFile(path.join(dir, "profilekit.config.yaml"), stringify({ ...extra, apis }));

describe("profilekit generate --config", () => {
  test("generates each API the config names, into its own folder, printing the conversion note", async () => {
    await config(
      {
        legacy: { input: "api-specs/legacy/openapi.yml" },
        tiny: { input: "api-specs/tiny/openapi.json", overlays: ["api-specs/tiny/overlays/10-batch.yaml"], output: "src/tiny-client", clientName: "TinyThings" },
      },
      { output: "out" },
    );
    const result = await run("generate", "--config", path.join(dir, "profilekit.config.yaml"));
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^note: \S*api-specs\/legacy\/openapi\.yml: converted from Swagger 2\.0 by swagger2openapi \d/m);
    expect(result.out).toMatch(/wrote \S*out\/legacy\/client\.ts/);
    expect(result.out).toMatch(/wrote \S*src\/tiny-client\/client\.ts/);
    expect(await readdir(path.join(dir, "out"))).toEqual(["legacy"]);
    expect(await readdir(path.join(dir, "src", "tiny-client"))).toContain("client.ts");
    expect(await readFile(path.join(dir, "src", "tiny-client", "client.ts"), "utf8")).toContain("export function createTinyThingsClient(");
    const check = await run("generate", "--config", path.join(dir, "profilekit.config.yaml"), "--check");
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/generated files are up to date/);
  });

  test("--specs and --config together are a usage error", async () => {
    const result = await run("generate", "--specs", "specs", "--config", "profilekit.config.yaml");
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/--specs and --config cannot be combined[\s\S]*Usage: profilekit generate/);
  });

  test("a broken config stops with the file and the pointer, nothing written", async () => {
    await config({ tiny: { input: 5 } });
    const result = await run("generate", "--config", path.join(dir, "profilekit.config.yaml"), "--out", path.join(dir, "out"));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/profilekit\.config\.yaml:\d+:\d+ \/apis\/tiny\/input: expected a path to an OpenAPI or Swagger file, found 5/);
    await expect(readdir(path.join(dir, "out"))).rejects.toThrow();
  });
});

/** Polls the log until a line after `from` matches; fails after 20 s with everything logged. */
async function waitFor(pattern: RegExp, from: number): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const fresh = lines.slice(from);
    if (fresh.some((l) => pattern.test(l))) return fresh;
    if (Date.now() > deadline) throw new Error(`nothing matching ${pattern} within 20 s; log:\n${lines.join("\n")}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("profilekit generate --watch with a config", () => {
  test("regenerates when an overlay or the input changes", async () => {
    const overlay = path.join(dir, "api-specs", "tiny", "overlays", "10-batch.yaml");
    await config({ tiny: { input: "api-specs/tiny/openapi.json", overlays: ["api-specs/tiny/overlays/10-batch.yaml"] } }, { output: "out" });
    watcher = watchGenerate({ configFile: path.join(dir, "profilekit.config.yaml"), log: (l) => lines.push(l) });
    await watcher.ready;
    expect(lines.join("\n")).toMatch(/wrote \S*out\/tiny\/client\.ts/);
    expect(lines.at(-1)).toMatch(/^watching \S*profilekit\.config\.yaml and the files it names/);

    // the overlay changes: the summary it sets reaches the generated code
    let mark = lines.length;
    const text = await readFile(overlay, "utf8");
    await writeFile(overlay, text.replace("maxBytes: 1000000", "maxBytes: 1000000\n      summary: Update things in batches"));
    await waitFor(/wrote \S*out\/tiny\//, mark);
    expect(await readFile(path.join(dir, "out", "tiny", "client.ts"), "utf8")).toContain("Update things in batches");

    // the input changes
    mark = lines.length;
    const input = path.join(dir, "api-specs", "tiny", "openapi.json");
    await writeFile(input, (await readFile(input, "utf8")).replace('"description": "Updated."', '"description": "Updated, all of them."'));
    await waitFor(/wrote \S*out\/tiny\/|tiny: \d+ files up to date/, mark);

    // a broken overlay is reported with its pointer, and the watch goes on
    mark = lines.length;
    await writeFile(overlay, text.replace("$.paths['/things/batch'].post", "$.paths['/gone'].post"));
    const fresh = await waitFor(/\/actions\/0\/target: .*matches nothing/, mark);
    expect(fresh.join("\n")).toMatch(/10-batch\.yaml:\d+:\d+ \/actions\/0\/target/);
  });
});
