// `profilekit import` as the CLI runs it — argument parsing, the SIGINT/SIGTERM handling, the exit
// code — for tests that run it as a child process. Not through scripts/profilekit.ts: main()
// loads the generator's dependencies up front, some 3 s per start here against 0.6 s.
import { importCommand } from "../../src/cli/import-command.js";

process.exitCode = await importCommand(
  process.argv.slice(2),
  (s) => console.log(s),
  (s) => console.error(s),
);
