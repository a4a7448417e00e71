import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

// A user's clone has nothing beside it: no tracked file may lean on the folder the maintainers keep next to the
// repository (only CI's script, under .ci/, knows about it). The needle is built so this file does not contain it.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const beside = ["..", "shared"];
const needles = [beside.join("/"), beside.join("\\")];

/** The tracked files: mode (120000 for a symlink) and path, from `git ls-files --stage`. */
function trackedFiles(): { mode: string; file: string }[] {
  const out = execFileSync("git", ["ls-files", "--stage", "-z"], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
  return out
    .split("\0")
    .filter((entry) => entry !== "")
    .map((entry) => {
      const [meta, file] = entry.split("\t") as [string, string];
      return { mode: meta.split(" ")[0]!, file };
    });
}

test("git lists the tracked files", () => {
  const files = trackedFiles().map((t) => t.file);
  expect(files).toContain("package.json");
  expect(files).toContain("README.md");
});

test(`no tracked file outside .ci/ refers to ${beside.join("/")}`, () => {
  const offenders = trackedFiles()
    .filter(({ mode, file }) => mode !== "120000" && !file.startsWith(".ci/") && existsSync(path.join(root, file)))
    .filter(({ file }) => {
      const text = readFileSync(path.join(root, file), "utf8");
      return needles.some((n) => text.includes(n));
    })
    .map(({ file }) => file);
  expect(offenders).toEqual([]);
});

test("no tracked symlink points outside the repository", () => {
  const outside = trackedFiles()
    .filter(({ mode }) => mode === "120000")
    .map(({ file }) => {
      // The target as committed (the index), not as the working tree happens to resolve it.
      const target = execFileSync("git", ["cat-file", "blob", `:${file}`], { cwd: root, encoding: "utf8" });
      return { file, target, resolved: path.resolve(root, path.dirname(file), target) };
    })
    .filter(({ resolved }) => path.isAbsolute(path.relative(root, resolved)) || path.relative(root, resolved).split(path.sep)[0] === "..")
    .map(({ file, target }) => `${file} -> ${target}`);
  expect(outside).toEqual([]);
});
