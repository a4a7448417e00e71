import { parseArgs } from "node:util";
import { buildSite } from "../docs/site.js";
import { COMMANDS } from "./usage.js";

/** `profilekit docs [--out site] [--specs specs | --config file] [--generated generated]`: builds the static documentation site. */
export async function docsCommand(args: string[], log: (s: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: COMMANDS.docs.options,
  });
  const site = await buildSite({ specsDir: values.specs, configFile: values.config, generatedDir: values.generated, outDir: values.out, log });
  log(`profilekit docs: ${site.pages.length} reference page(s) and ${site.index} in ${values.out}`);
  return 0;
}
