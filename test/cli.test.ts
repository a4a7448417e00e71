import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runCli as run } from "./helpers/run-cli.js";
import { miniSpec, toYaml } from "./helpers/mini-spec.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "profilekit-cli-"));
  await mkdir(path.join(dir, "specs", "mini"), { recursive: true });
  await writeFile(path.join(dir, "specs", "mini", "openapi.yaml"), toYaml(miniSpec()));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const gen = (...extra: string[]) => run("generate", "--specs", path.join(dir, "specs"), "--out", path.join(dir, "out"), ...extra);

describe("profilekit generate", () => {
  test("writes a client per spec folder, then finds nothing stale", async () => {
    const first = await gen();
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/wrote .*mini\/client\.ts/);
    expect((await readdir(path.join(dir, "out", "mini"))).sort()).toEqual(["client.ts", "index.ts", "operations.ts", "schema.d.ts", "validators.ts"]);
    expect(await readFile(path.join(dir, "out", "mini", "client.ts"), "utf8")).toContain("export function createMiniClient(");
    const check = await gen("--check");
    expect(check).toMatchObject({ code: 0 });
    expect(check.out).toMatch(/5 generated files are up to date/);
  });

  test("--check writes nothing and names every stale file", async () => {
    await gen();
    await writeFile(path.join(dir, "out", "mini", "index.ts"), "// edited by hand\n");
    await rm(path.join(dir, "out", "mini", "client.ts"));
    const check = await gen("--check");
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/stale: .*mini\/client\.ts/);
    expect(check.out).toMatch(/stale: .*mini\/index\.ts/);
    expect(check.out).not.toMatch(/schema\.d\.ts/);
    expect(await readFile(path.join(dir, "out", "mini", "index.ts"), "utf8")).toBe("// edited by hand\n");
  });

  test("what does not stop generation is a warning with file, line and pointer; the code is written and checks the rest", async () => {
    const doc = miniSpec();
    doc.components.schemas.UpdateThingRequest.properties.name.format = "thing-code";
    doc.components.schemas.UpdateThingRequest.properties.name.not = { const: "forbidden" };
    await writeFile(path.join(dir, "specs", "mini", "openapi.yaml"), toYaml(doc));
    const result = await gen();
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /warning: \S*specs\/mini\/openapi\.yaml:\d+:\d+ \/components\/schemas\/UpdateThingRequest\/properties\/name\/format: unknown format "thing-code" is not checked \(an annotation\)/,
    );
    expect(await readFile(path.join(dir, "out", "mini", "validators.ts"), "utf8")).toContain('"expected anything but \\"forbidden\\", found "');
  });

  test("a spec that cannot give correct code stops with file, line and pointer, and nothing is written", async () => {
    const doc = miniSpec();
    doc.components.schemas.UpdateThingRequest.properties.name.minLength = "2";
    await writeFile(path.join(dir, "specs", "mini", "openapi.yaml"), toYaml(doc));
    const result = await gen();
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/openapi\.yaml:\d+:\d+ \/components\/schemas\/UpdateThingRequest\/properties\/name\/minLength: expected a non-negative integer, found "2"/);
    await expect(readdir(path.join(dir, "out"))).rejects.toThrow();
  });

  test("an unknown flag or command is a usage error", async () => {
    expect((await gen("--wat")).err).toMatch(/Unknown option '--wat'[\s\S]*Usage: profilekit generate [\s\S]*See `profilekit generate --help`/);
    expect((await run("frobnicate")).err).toMatch(/unknown command "frobnicate"/);
  });
});
