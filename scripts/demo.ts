// `npm run demo`: the sandbox and every generated client, end to end (logic in src/sandbox/demo.ts).
import { runDemo } from "../src/sandbox/demo.js";

process.exitCode = await runDemo();
