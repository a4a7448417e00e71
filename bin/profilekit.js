#!/usr/bin/env node
// The `profilekit` command: the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs as `prepare`).
import { main } from "../dist/src/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
