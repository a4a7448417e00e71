// `npm run docs [-- --out <dir>]`: the same as `npx profilekit docs`, run from source (no build needed).
import { main } from "../src/cli/main.js";

process.exitCode = await main(["docs", ...process.argv.slice(2)]);
