import { parseArgs } from "node:util";
import { buildSite } from "../docs/site.js";

/** `profilekit docs [--out site] [--specs specs] [--generated generated]`: builds the static documentation site. */
export async function docsCommand(args: string[], log: (s: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      out: { type: "string", default: "site" },
      specs: { type: "string", default: "specs" },
      generated: { type: "string", default: "generated" },
    },
  });
  const site = await buildSite({ specsDir: values.specs, generatedDir: values.generated, outDir: values.out, log });
  log(`profilekit docs: ${site.pages.length} reference page(s) and ${site.index} in ${values.out}`);
  return 0;
}
