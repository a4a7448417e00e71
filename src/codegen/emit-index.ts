import type { SourceFile } from "ts-morph";

/** `index.ts`: what a user imports from `generated/<api>`. */
export function emitIndex(file: SourceFile): void {
  file.addExportDeclaration({ moduleSpecifier: "./client.js" });
  file.addExportDeclaration({ isTypeOnly: true, namedExports: ["components", "paths"], moduleSpecifier: "./schema.js" });
}
