// The import CLI compiled to plain JavaScript once per test file, for tests that start it many
// times as a child process: through tsx each start costs some 1.8 s here, compiled 0.5 s. The
// same source, transpiled file by file by TypeScript (types erased, nothing bundled or renamed):
// the entry and every file it imports, and the Altcraft client the import loads by name.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";

/** Compiles the import CLI under a temporary folder; returns its entry's path and a cleanup. */
export function compileImportCli(root: string): { entry: string; remove: () => void } {
  const out = mkdtempSync(path.join(tmpdir(), "profilekit-cli-"));
  const queue = ["test/import/import-cli.ts", "generated/altcraft/index.ts"];
  const done = new Set<string>();
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(path.join(root, file), "utf8");
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      if (!fileName.startsWith(".")) continue; // a package: node_modules is linked below
      const imported = path.join(path.dirname(file), fileName).replace(/\.js$/, ".ts");
      if (existsSync(path.join(root, imported))) queue.push(imported);
    }
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    const target = path.join(out, file.replace(/\.ts$/, ".js"));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  writeFileSync(path.join(out, "package.json"), '{ "type": "module" }\n');
  symlinkSync(path.join(root, "node_modules"), path.join(out, "node_modules"), "dir");
  return { entry: path.join(out, "test/import/import-cli.js"), remove: () => rmSync(out, { recursive: true, force: true }) };
}
