// `npm run bench [validators|xml|batch|queue|generate] [<folder of real specs>]`: every benchmark, each
// printing ratios against a peer (or a floor, or one sender against several) measured in the same run,
// beside its target. `queue` needs Debian's redis-server (it starts a throwaway one).
// The generation ratios need the real documents (the corpus of `npm run test:corpus`): given their
// folder, the default run includes them; without it, it prints how to run them.
import { existsSync, statSync } from "node:fs";
import { benchBatch } from "../bench/batch.js";
import { benchGenerate, benchGenerateWatch } from "../bench/generate.js";
import { benchQueue } from "../bench/queue.js";
import { benchValidators } from "../bench/validators.js";
import { benchXml } from "../bench/xml.js";

const parts = ["validators", "xml", "batch", "queue", "generate"];
const args = process.argv.slice(2);
const only = args.find((a) => parts.includes(a));
const dir = args.find((a) => !parts.includes(a) && existsSync(a) && statSync(a).isDirectory());
const unknown = args.filter((a) => a !== only && a !== dir);
if (unknown.length > 0) {
  console.error(`bench: ${unknown.join(", ")}: expected one of ${parts.join(", ")} and/or the folder of real specs`);
  process.exit(2);
}
if (!only || only === "validators") await benchValidators();
if (!only || only === "xml") await benchXml();
if (!only || only === "batch") await benchBatch();
if (!only || only === "queue") await benchQueue();
if (!only || only === "generate") {
  await benchGenerate(dir);
  await benchGenerateWatch();
}
