// `npm run bench`: every benchmark, each printing ratios against a peer measured in the same process.
import { benchValidators } from "../bench/validators.js";

await benchValidators();
