// `npm run generate [-- --check]`: the same as `npx profilekit generate`, run from source.
import { main } from "../src/cli/main.js";

process.exitCode = await main(["generate", ...process.argv.slice(2)]);
