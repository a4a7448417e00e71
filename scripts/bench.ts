// `npm run bench`: every benchmark, each printing ratios against a peer measured in the same process.
import { benchValidators } from "../bench/validators.js";
import { benchGenerate } from "../bench/generate.js";
import { benchBatch } from "../bench/batch.js";
import { benchXml } from "../bench/xml.js";

const only = process.argv[2];
if (!only || only === "validators") await benchValidators();
if (!only || only === "xml") await benchXml();
if (!only || only === "batch") await benchBatch();
// Not in the default run: it takes minutes, and needs the real documents' folder (`npm run bench -- generate <dir>`).
if (only === "generate") await benchGenerate(process.argv[3]);
