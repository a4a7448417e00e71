import { existsSync, linkSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import { PREFIXES, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ndjson, PARAMS, profilesData, runAgainst, TOKEN, writeIn } from "./run-import.js";

// --failed or --journal naming the input (or each other) would truncate it before a line is read:
// refused before any file is opened for writing, whatever the spelling (../, a symlink, a hard link).

let sandbox: Sandbox;
let dir = "";
let file: (name: string, text: string) => string;
beforeAll(async () => {
  sandbox = await startSandbox({ data: profilesData(10) });
  dir = mkdtempSync(path.join(tmpdir(), "profilekit-same-file-"));
  file = writeIn(dir);
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const TEXT = ndjson(Array.from({ length: 10 }, (_, i) => ({ Custom_ID: `c${i}`, _fname: `new-${i}` })));

test("--failed naming the input (as given, through ../, a symlink or a hard link) is refused; the input is intact", async () => {
  const input = file("in.ndjson", TEXT);
  symlinkSync(input, path.join(dir, "link.ndjson"));
  linkSync(input, path.join(dir, "hard.ndjson"));
  for (const failed of [input, path.join(dir, "sub", "..", "in.ndjson"), path.join(dir, "link.ndjson"), path.join(dir, "hard.ndjson")]) {
    await expect(runAgainst(sandbox, { input, failed })).rejects.toThrow(/--failed and --input are the same file/);
    expect(readFileSync(input, "utf8")).toBe(TEXT);
  }
  expect(sandbox.store.altcraftDatabase(1)!.profiles[0]!.fields._fname).toBe("old"); // nothing sent
});

test("--journal naming the input, or --failed naming the journal, is refused before either is written", async () => {
  const input = file("in2.ndjson", TEXT);
  await expect(runAgainst(sandbox, { input, journal: input })).rejects.toThrow(/--journal and --input are the same file/);
  expect(readFileSync(input, "utf8")).toBe(TEXT);
  const journal = path.join(dir, "new.journal"); // does not exist yet: compared by path
  await expect(runAgainst(sandbox, { input, journal, failed: journal })).rejects.toThrow(/--failed and --journal are the same file/);
  expect(existsSync(journal)).toBe(false);
});

test("through the CLI: the message names both options, exit code 1 as for other usage errors", async () => {
  const input = file("in3.ndjson", TEXT);
  const err: string[] = [];
  const saved = process.env.PROFILEKIT_ALTCRAFT_TOKEN;
  process.env.PROFILEKIT_ALTCRAFT_TOKEN = TOKEN;
  try {
    const code = await main(
      ["import", "altcraft.updateProfilesBatch", "--input", input, "--params", PARAMS, "--base-url", sandbox.url + PREFIXES.altcraft, "--failed", input],
      () => {},
      (s) => err.push(s),
    );
    expect(code).toBe(1);
  } finally {
    if (saved === undefined) delete process.env.PROFILEKIT_ALTCRAFT_TOKEN;
    else process.env.PROFILEKIT_ALTCRAFT_TOKEN = saved;
  }
  expect(err.join("\n")).toMatch(/^profilekit import: --failed and --input are the same file \(.*in3\.ndjson\)/);
  expect(readFileSync(input, "utf8")).toBe(TEXT);
});

test("an input that cannot be read leaves an existing --failed file as it was", async () => {
  const failed = file("kept.failed.ndjson", '{"index":1}\n');
  await expect(runAgainst(sandbox, { input: path.join(dir, "missing.ndjson"), failed })).rejects.toThrow(/cannot read --input/);
  expect(readFileSync(failed, "utf8")).toBe('{"index":1}\n');
});
