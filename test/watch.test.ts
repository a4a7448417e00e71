import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { watchGenerate, type Watcher } from "../src/cli/watch.js";
import { miniSpec, toYaml } from "./helpers/mini-spec.js";

let dir = "";
let watcher: Watcher | undefined;
const lines: string[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "profilekit-watch-"));
  lines.length = 0;
  for (const api of ["mini", "other"]) {
    await mkdir(path.join(dir, "specs", api), { recursive: true });
    await writeFile(path.join(dir, "specs", api, "openapi.yaml"), toYaml(miniSpec()));
  }
});
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  await rm(dir, { recursive: true, force: true });
});

const specFile = (api = "mini") => path.join(dir, "specs", api, "openapi.yaml");

/** Polls the log until a line after `from` matches; fails after 10 s with everything logged. */
async function waitFor(pattern: RegExp, from: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const fresh = lines.slice(from);
    if (fresh.some((l) => pattern.test(l))) return fresh;
    if (Date.now() > deadline) throw new Error(`nothing matching ${pattern} within 10 s; log:\n${lines.join("\n")}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("profilekit generate --watch", () => {
  test("regenerates the changed API, survives broken specs and recovers", async () => {
    watcher = watchGenerate({ specsDir: path.join(dir, "specs"), outDir: path.join(dir, "out"), log: (l) => lines.push(l) });
    await watcher.ready;
    expect(lines.join("\n")).toMatch(/wrote .*mini\/client\.ts/);
    expect(lines.join("\n")).toMatch(/wrote .*other\/client\.ts/);
    expect(lines.at(-1)).toMatch(/^watching /);

    // a change: only mini's files are written, one line each
    let mark = lines.length;
    const doc = miniSpec();
    doc.components.schemas.UpdateThingRequest.properties.colour = { type: "string", description: "The colour of the thing." };
    await writeFile(specFile(), toYaml(doc));
    let fresh = await waitFor(/wrote .*mini\/validators\.ts/, mark);
    await waitFor(/wrote .*mini\/schema\.d\.ts/, mark);
    expect(fresh.every((l) => !l.includes("other/"))).toBe(true);
    expect(await readFile(path.join(dir, "out", "mini", "schema.d.ts"), "utf8")).toContain("colour");
    expect(await readFile(path.join(dir, "out", "other", "schema.d.ts"), "utf8")).not.toContain("colour");

    // half-typed YAML: the error names file:line:col, and the watch goes on
    mark = lines.length;
    const good = toYaml(doc);
    await writeFile(specFile(), good.replace("additionalProperties: false", "additionalProperties: [false\n  oops: {"));
    fresh = await waitFor(/openapi\.yaml:\d+:\d+/, mark);
    expect(fresh.join("\n")).toMatch(/specs\/mini\/openapi\.yaml:\d+:\d+ /);

    // a schema that cannot give correct code: file:line:col and the JSON Pointer of the keyword
    mark = lines.length;
    doc.components.schemas.UpdateThingRequest.properties.name.minLength = "2";
    await writeFile(specFile(), toYaml(doc));
    fresh = await waitFor(/expected a non-negative integer, found "2"/, mark);
    expect(fresh.join("\n")).toMatch(/specs\/mini\/openapi\.yaml:\d+:\d+ \/components\/schemas\/UpdateThingRequest\/properties\/name\/minLength: expected a non-negative integer, found "2"/);

    // the next good save recovers
    mark = lines.length;
    delete doc.components.schemas.UpdateThingRequest.properties.name.minLength;
    doc.components.schemas.UpdateThingRequest.properties.colour.description = "Its colour, now described differently.";
    await writeFile(specFile(), toYaml(doc));
    await waitFor(/wrote .*mini\/schema\.d\.ts/, mark);
    expect(await readFile(path.join(dir, "out", "mini", "schema.d.ts"), "utf8")).toContain("now described differently");
  });

  test("a broken spec at start is reported and the others are generated", async () => {
    const doc = miniSpec();
    doc.components.schemas.UpdateThingRequest.minLength = "2";
    await writeFile(specFile(), toYaml(doc));
    watcher = watchGenerate({ specsDir: path.join(dir, "specs"), outDir: path.join(dir, "out"), log: (l) => lines.push(l) });
    await watcher.ready;
    const log = lines.join("\n");
    expect(log).toMatch(/\/components\/schemas\/UpdateThingRequest\/minLength: expected a non-negative integer, found "2"/);
    expect(log).toMatch(/wrote .*other\/client\.ts/);
    expect(log).not.toMatch(/wrote .*mini\//);
    const mark = lines.length;
    await writeFile(specFile(), toYaml(miniSpec()));
    await waitFor(/wrote .*mini\/client\.ts/, mark);
  });
});
