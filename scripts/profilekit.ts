// The CLI from source (`npx tsx scripts/profilekit.ts <command>`), for development and tests; the
// installed `profilekit` command runs the compiled dist/ (bin/profilekit.js).
import { main } from "../src/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
