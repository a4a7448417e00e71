import { parseArgs } from "node:util";
import { SpecError } from "../codegen/spec-error.js";
import { runGenerate } from "./generate-command.js";

const USAGE = `Usage: profilekit <command> [options]

Commands:
  generate [--check] [--specs <dir>] [--out <dir>] [--runtime-import <specifier>]
      Generate typed clients from <specs>/<api>/openapi.yaml into <out>/<api>/ (default: specs → generated).
      --check writes nothing and exits 1 naming every stale file (for CI).
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
