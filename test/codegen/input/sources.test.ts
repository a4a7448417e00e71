import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { findSources, isTranslationOverlay } from "../../../src/codegen/input/sources.js";
import { SpecError } from "../../../src/codegen/spec-error.js";

const FIXTURES = path.resolve("test/fixtures/input");

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "profilekit-sources-"));
  await mkdir(path.join(dir, "specs"), { recursive: true });
  await writeFile(path.join(dir, "specs", "brevo.yaml"), "swagger: '2.0'\n");
  await writeFile(path.join(dir, "specs", "fix.yaml"), "overlay: 1.0.0\n");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The problems findSources reports for a config file with this text, as pointer, message (and line for YAML). */
async function problemsOf(name: string, text: string) {
  await writeFile(path.join(dir, name), text);
  try {
    await findSources({ cwd: dir });
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    expect(e.file).toBe(name);
    return e.problems.map((p) => ({ pointer: p.pointer, message: p.message }));
  }
}

describe("the folder convention", () => {
  test("each <api>/openapi.{yaml,yml,json} is an API, sorted; a folder without one is not", async () => {
    const found = await findSources({ specsDir: "specs", cwd: FIXTURES });
    expect(found.sources.map((s) => [s.api, path.relative(FIXTURES, s.input)])).toEqual([
      ["legacy", path.join("specs", "legacy", "openapi.yml")],
      ["multi", path.join("specs", "multi", "openapi.yaml")],
      ["tiny", path.join("specs", "tiny", "openapi.json")],
    ]);
    expect(found.outDir).toBeUndefined();
    expect(found.configFile).toBeUndefined();
  });

  test("overlays/ are applied in name order, translations (ru.yaml, pt-BR.json) are left to the docs", async () => {
    const found = await findSources({ cwd: FIXTURES }); // no config there: specs/
    const tiny = found.sources.find((s) => s.api === "tiny")!;
    expect(tiny.overlays.map((f) => path.relative(FIXTURES, f))).toEqual([path.join("specs", "tiny", "overlays", "10-batch.yaml")]);
    expect(tiny.output).toBeUndefined();
  });

  test.each([
    ["ru.yaml", true],
    ["pt-BR.yaml", true],
    ["zh-Hant.json", true],
    ["deu.yml", true],
    ["10-batch.yaml", false],
    ["batch.yaml", false],
    ["ru.md", false],
    ["RU.yaml", false],
  ])("%s is a translation: %s", (name, yes) => {
    expect(isTranslationOverlay(name)).toBe(yes);
  });

  test("two entry files in one folder, or a folder name that cannot name an API, is an error", async () => {
    await mkdir(path.join(dir, "specs", "two"));
    await writeFile(path.join(dir, "specs", "two", "openapi.yaml"), "openapi: 3.1.0\n");
    await writeFile(path.join(dir, "specs", "two", "openapi.json"), "{}");
    await expect(findSources({ specsDir: "specs", cwd: dir })).rejects.toThrow(/^specs\/two \(document\): more than one entry file: openapi\.yaml, openapi\.json/);
    await rm(path.join(dir, "specs", "two"), { recursive: true });
    await mkdir(path.join(dir, "specs", "My API"));
    await writeFile(path.join(dir, "specs", "My API", "openapi.yaml"), "openapi: 3.1.0\n");
    await expect(findSources({ specsDir: "specs", cwd: dir })).rejects.toThrow(/"My API" cannot name an API/);
  });
});

describe("which source wins", () => {
  test("--config, else --specs, else a config in the working directory, else specs/", async () => {
    await mkdir(path.join(dir, "specs", "folder"));
    await writeFile(path.join(dir, "specs", "folder", "openapi.yaml"), "openapi: 3.1.0\n");
    await writeFile(path.join(dir, "other.json"), JSON.stringify({ apis: { other: { input: "specs/brevo.yaml" } } }));
    const apis = async (o: { specsDir?: string; configFile?: string }) => (await findSources({ cwd: dir, ...o })).sources.map((s) => s.api);
    expect(await apis({})).toEqual(["folder"]);
    await writeFile(path.join(dir, "profilekit.config.yaml"), "apis:\n  brevo:\n    input: specs/brevo.yaml\n");
    expect(await apis({})).toEqual(["brevo"]);
    expect(await apis({ specsDir: "specs" })).toEqual(["folder"]);
    expect(await apis({ configFile: "other.json", specsDir: "specs" })).toEqual(["other"]);
    await writeFile(path.join(dir, "profilekit.config.json"), "{}");
    await expect(findSources({ cwd: dir })).rejects.toThrow(/more than one config file: profilekit\.config\.json, profilekit\.config\.yaml/);
  });

  test("a config names inputs, overlays, folders and client names relative to itself", async () => {
    await mkdir(path.join(dir, "config"));
    await writeFile(
      path.join(dir, "config", "profilekit.config.yaml"),
      [
        "output: ../out",
        "apis:",
        "  brevo:",
        "    input: ../specs/brevo.yaml",
        "    overlays: [../specs/fix.yaml]",
        "    output: ../src/brevo",
        "    clientName: Brevo",
        "  altcraft:",
        "    input: ../specs/brevo.yaml",
        "",
      ].join("\n"),
    );
    const found = await findSources({ configFile: "config/profilekit.config.yaml", cwd: dir });
    expect(found).toEqual({
      outDir: path.join(dir, "out"),
      configFile: path.join(dir, "config", "profilekit.config.yaml"),
      sources: [
        { api: "altcraft", input: path.join(dir, "specs", "brevo.yaml"), overlays: [] },
        { api: "brevo", input: path.join(dir, "specs", "brevo.yaml"), overlays: [path.join(dir, "specs", "fix.yaml")], output: path.join(dir, "src", "brevo"), clientName: "Brevo" },
      ],
    });
  });

  test("a .mjs config exports the object by default; output defaults to generated/ beside it", async () => {
    await writeFile(path.join(dir, "profilekit.config.mjs"), `export default { apis: { brevo: { input: "specs/brevo.yaml" } } };\n`);
    const found = await findSources({ cwd: dir });
    expect(found.outDir).toBe(path.join(dir, "generated"));
    expect(found.sources).toEqual([{ api: "brevo", input: path.join(dir, "specs", "brevo.yaml"), overlays: [] }]);
    await writeFile(path.join(dir, "profilekit.config.mjs"), `export const apis = {};\n`);
    await expect(findSources({ cwd: dir })).rejects.toThrow(/profilekit\.config\.mjs \(document\): expected `export default \{ apis: \{ … \} \}`, found no default export/);
  });
});

const cases: [string, { text: string; want: { pointer: string; message: RegExp }[] }][] = [
  ["an input that is not a path", { text: "apis:\n  brevo:\n    input: 5\n", want: [{ pointer: "/apis/brevo/input", message: /^expected a path to an OpenAPI or Swagger file, found 5$/ }] }],
  ["no input", { text: "apis:\n  brevo:\n    clientName: Brevo\n", want: [{ pointer: "/apis/brevo", message: /"input" is missing/ }] }],
  ["an input that does not exist", { text: "apis:\n  brevo:\n    input: specs/nope.yaml\n", want: [{ pointer: "/apis/brevo/input", message: /no such file: "specs\/nope\.yaml"/ }] }],
  ["an input that is a folder", { text: "apis:\n  brevo:\n    input: specs\n", want: [{ pointer: "/apis/brevo/input", message: /expected a file, found a folder/ }] }],
  ["an input URL", { text: "apis:\n  brevo:\n    input: https://api.example/openapi.yaml\n", want: [{ pointer: "/apis/brevo/input", message: /found the URL .*never fetches/ }] }],
  ["an unknown top-level field", { text: "outptu: out\napis:\n  brevo:\n    input: specs/brevo.yaml\n", want: [{ pointer: "/outptu", message: /unknown field: expected "apis" or "output"/ }] }],
  [
    "an unknown field of an API",
    {
      text: "apis:\n  brevo:\n    input: specs/brevo.yaml\n    overlay: specs/fix.yaml\n",
      want: [{ pointer: "/apis/brevo/overlay", message: /unknown field: expected "input", "overlays", "output" or "clientName"/ }],
    },
  ],
  [
    "an API name that cannot name a folder",
    { text: "apis:\n  Brevo API:\n    input: specs/brevo.yaml\n", want: [{ pointer: "/apis/Brevo API", message: /"Brevo API" cannot name an API: expected lowercase letters, digits and "-"/ }] },
  ],
  [
    "overlays that are not a list",
    {
      text: "apis:\n  brevo:\n    input: specs/brevo.yaml\n    overlays: specs/fix.yaml\n",
      want: [{ pointer: "/apis/brevo/overlays", message: /expected a list of paths to OpenAPI Overlay 1\.0 files, found "specs\/fix\.yaml"/ }],
    },
  ],
  [
    "an overlay that does not exist",
    {
      text: "apis:\n  brevo:\n    input: specs/brevo.yaml\n    overlays: [specs/fix.yaml, specs/gone.yaml]\n",
      want: [{ pointer: "/apis/brevo/overlays/1", message: /no such file: "specs\/gone\.yaml"/ }],
    },
  ],
  [
    "a client name that is not PascalCase",
    {
      text: "apis:\n  brevo:\n    input: specs/brevo.yaml\n    clientName: brevo client\n",
      want: [{ pointer: "/apis/brevo/clientName", message: /expected a name in PascalCase.*found "brevo client"/ }],
    },
  ],
  [
    "an output that is not a path",
    { text: "output: [out]\napis:\n  brevo:\n    input: specs/brevo.yaml\n", want: [{ pointer: "/output", message: /expected the folder generated code goes to .*found a list/ }] },
  ],
  ["no APIs", { text: "apis: {}\n", want: [{ pointer: "/apis", message: /expected a mapping of API names to \{ input, overlays\?, output\?, clientName\? \}, found a mapping/ }] }],
  ["not a mapping", { text: "- brevo\n", want: [{ pointer: "", message: /expected a mapping with "apis" .*found a list/ }] }],
  [
    "two APIs writing into one folder",
    {
      text: "apis:\n  a:\n    input: specs/brevo.yaml\n    output: out\n  b:\n    input: specs/brevo.yaml\n    output: out\n",
      want: [{ pointer: "/apis/b/output", message: /writes into the same folder as \/apis\/a: out/ }],
    },
  ],
  [
    "every problem at once",
    {
      text: "apis:\n  brevo:\n    input: 5\n    clientName: 7\n",
      want: [
        { pointer: "/apis/brevo/input", message: /found 5/ },
        { pointer: "/apis/brevo/clientName", message: /found 7/ },
      ],
    },
  ],
  ["broken YAML", { text: "apis:\n  brevo: [\n", want: [{ pointer: "", message: /^YAML: / }] }],
];

describe("config validation", () => {
  test.each(cases)("%s", async (_name, { text, want }) => {
    const problems = await problemsOf("profilekit.config.yaml", text);
    expect(problems).toHaveLength(want.length);
    want.forEach((w, i) => {
      expect(problems[i]!.pointer).toBe(w.pointer);
      expect(problems[i]!.message).toMatch(w.message);
    });
  });

  test("the message names the file, the line and the pointer", async () => {
    await writeFile(path.join(dir, "profilekit.config.yaml"), "apis:\n  brevo:\n    input: 5\n");
    await expect(findSources({ cwd: dir })).rejects.toThrow("profilekit.config.yaml:3:12 /apis/brevo/input: expected a path to an OpenAPI or Swagger file, found 5");
  });

  test("JSON and .mjs configs are validated the same way", async () => {
    expect(await problemsOf("profilekit.config.json", JSON.stringify({ apis: { brevo: { input: 5 } } }))).toEqual([
      { pointer: "/apis/brevo/input", message: "expected a path to an OpenAPI or Swagger file, found 5" },
    ]);
    await rm(path.join(dir, "profilekit.config.json"));
    expect(await problemsOf("profilekit.config.mjs", "export default { apis: { brevo: { input: 5 } } };\n")).toEqual([
      { pointer: "/apis/brevo/input", message: "expected a path to an OpenAPI or Swagger file, found 5" },
    ]);
  });
});
