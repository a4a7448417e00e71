import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";

// The README's TypeScript examples are compiled against the generated clients, so the docs cannot drift.
test("every TypeScript example in the README compiles", async () => {
  const readme = await readFile("README.md", "utf8");
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  const dir = path.resolve("test/artifacts/readme");
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const files = await Promise.all(
    blocks.map(async (code, i) => {
      const file = path.join(dir, `example-${i + 1}.ts`);
      // Examples import from "./generated/…" as a user at the repository root would; top-level await needs a module.
      // …and the package's own subpaths as a consumer would: profilekit/codegen is the checkout's src/codegen.
      await writeFile(file, code.replaceAll('"./generated/', '"../../../generated/').replaceAll('"profilekit/codegen"', '"../../../src/codegen/index.js"') + "\nexport {};\n");
      return file;
    }),
  );
  const config = ts.getParsedCommandLineOfConfigFile(path.resolve("tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
  expect(problems).toEqual([]);
});
