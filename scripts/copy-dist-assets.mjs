// Run by `npm run build` after tsc, with plain node (a consumer's install has no tsx): copies into dist/ what tsc
// does not emit but the package needs —
//   generated/<api>/schema.d.ts → dist/generated/<api>/schema.d.ts (client.d.ts and validators.d.ts import it), and
//   src/codegen/validator/{prelude,formats}.ts → dist/src/codegen/validator/ (helpers the generator copies into validators).
import { copyFile, mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const copies = ["prelude", "formats"].map((f) => [`src/codegen/validator/${f}.ts`, `dist/src/codegen/validator/${f}.ts`]);
for (const e of await readdir(path.join(root, "generated"), { withFileTypes: true })) {
  if (e.isDirectory()) copies.push([`generated/${e.name}/schema.d.ts`, `dist/generated/${e.name}/schema.d.ts`]);
}
for (const [from, to] of copies) {
  await mkdir(path.dirname(path.join(root, to)), { recursive: true });
  await copyFile(path.join(root, from), path.join(root, to));
}
console.log(`copy-dist-assets: ${copies.length} files copied into dist/`);
