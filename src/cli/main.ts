import { parseArgs } from "node:util";
import { SpecError } from "../codegen/spec-error.js";
import { runGenerate } from "./generate-command.js";
import { importCommand } from "./import-command.js";
import { runSandbox } from "./sandbox-command.js";
import { runWatch } from "./watch.js";

const USAGE = `Usage: profilekit <command> [options]

Commands:
  generate [--check | --watch] [--specs <dir>] [--out <dir>] [--runtime-import <specifier>]
      Generate typed clients from <specs>/<api>/openapi.yaml into <out>/<api>/ (default: specs → generated).
      --check writes nothing and exits 1 naming every stale file (for CI).
      --watch regenerates an API when its spec changes, prints spec errors and keeps watching (Ctrl-C stops).
      --runtime-import defaults to profilekit/runtime for an out dir outside this package.
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
  docs [--out site] [--specs <dir>] [--generated <dir>]
      Build the static documentation site: one self-contained Redoc page per API (and per overlay language,
      e.g. specs/altcraft/overlays/ru.yaml → altcraft.ru.html) and index.html with operations, auth and a
      TypeScript snippet from the generated client. An overlay target that matches nothing fails the build.
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
            watch: { type: "boolean", default: false },
            specs: { type: "string", default: "specs" },
            out: { type: "string", default: "generated" },
            "runtime-import": { type: "string" },
          },
        });
        if (values.watch) {
          if (values.check) throw new TypeError("--check and --watch cannot be combined");
          return await runWatch({
            specsDir: values.specs,
            outDir: values.out,
            ...(values["runtime-import"] ? { runtimeImport: values["runtime-import"] } : {}),
            log,
            fail,
          });
        }
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
      case "docs": // loaded on demand: it needs the dev tools (@redocly/cli, openapi-format) only a checkout has
        return await (await import("./docs-command.js")).docsCommand(rest, log);
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
