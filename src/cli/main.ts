import { parseArgs } from "node:util";
import { SpecError } from "../codegen/spec-error.js";
import { runGenerate } from "./generate-command.js";
import { importCommand } from "./import-command.js";
import { runSandbox } from "./sandbox-command.js";

const USAGE = `Usage: profilekit <command> [options]

Commands:
  generate [--check] [--specs <dir>] [--out <dir>] [--runtime-import <specifier>]
      Generate typed clients from <specs>/<api>/openapi.yaml into <out>/<api>/ (default: specs → generated).
      --check writes nothing and exits 1 naming every stale file (for CI).
  sandbox [--port 4010] [--host 127.0.0.1] [--data <seed.json>] [--faults <spec>] [--seed <n>]
      Serve every operation of the three APIs as the vendors document them, for tests and offline work:
      Altcraft under /altcraft/api, edna under /edna/api, Pushtech under /pushtech/api (all also under /api).
      --data loads profiles, subscribers, contacts, tags and credentials (format: src/sandbox/store.ts);
      --faults "500:0.1,503:0.05,429:0.05,delay:0.1:200,cut:0.05" injects failures, reproducible with --seed.
  import <api>.<operation> --input <file.ndjson|file.csv|-> [--params <json>] [--base-url <url>] [--concurrency <n>]
         [--max-items <n>] [--format json|xml] [--journal <file>] [--failed <file.ndjson>] [--input-format ndjson|csv]
      Stream NDJSON or CSV items through a batch operation (altcraft.updateProfilesBatch) with progress; --failed
      gets every item not accepted, --journal makes the run resumable. Credentials from the environment only
      (PROFILEKIT_ALTCRAFT_TOKEN, …). Exits 1 when an item was not accepted. Details: profilekit import --help.
  help
      Show this text.`;

/** Runs the CLI; returns the exit code. Errors are printed as messages, never as stack traces. */
export async function main(argv: string[], log = (s: string) => console.log(s), fail = (s: string) => console.error(s)): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "generate": {
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: {
            check: { type: "boolean", default: false },
            specs: { type: "string", default: "specs" },
            out: { type: "string", default: "generated" },
            "runtime-import": { type: "string" },
          },
        });
        return await runGenerate({
          specsDir: values.specs,
          outDir: values.out,
          check: values.check,
          ...(values["runtime-import"] ? { runtimeImport: values["runtime-import"] } : {}),
          log,
        });
      }
      case "sandbox": {
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: {
            port: { type: "string" },
            host: { type: "string" },
            data: { type: "string" },
            faults: { type: "string" },
            seed: { type: "string" },
          },
        });
        return await runSandbox({ port: values.port, host: values.host, data: values.data, faults: values.faults, seed: values.seed, log });
      }
      case "import":
        return await importCommand(rest, log, fail);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        log(USAGE);
        return command === undefined ? 1 : 0;
      default:
        fail(`profilekit: unknown command "${command}".\n\n${USAGE}`);
        return 1;
    }
  } catch (e) {
    if (e instanceof SpecError) fail(e.message);
    else if (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS")) fail(`profilekit ${command}: ${e.message}\n\n${USAGE}`);
    else fail(`profilekit ${command}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
