import { parseArgs } from "node:util";
import { SpecError } from "../codegen/spec-error.js";
import { COMMANDS, commandUsage, isCommand, overview, usageError, wantsHelp } from "./usage.js";
import { packageVersion } from "./package-root.js";

/**
 * Runs the CLI; returns the exit code. Errors are printed as messages, never as stack traces.
 * Each command is loaded when it runs: import and the sandbox start without the code generator.
 */
export async function main(argv: string[], log = (s: string) => console.log(s), fail = (s: string) => console.error(s)): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (isCommand(command) && wantsHelp(rest)) {
      log(commandUsage(command)); // before the command parses anything: a required option cannot fail first
      return 0;
    }
    switch (command) {
      case "generate": {
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: COMMANDS.generate.options,
        });
        if (values.specs !== undefined && values.config !== undefined) {
          fail(usageError("generate", "--specs and --config cannot be combined: the config names each API's input"));
          return 1;
        }
        const where = {
          ...(values.specs !== undefined ? { specsDir: values.specs } : {}),
          ...(values.config !== undefined ? { configFile: values.config } : {}),
          ...(values.out !== undefined ? { outDir: values.out } : {}),
          ...(values["runtime-import"] ? { runtimeImport: values["runtime-import"] } : {}),
        };
        if (values.watch) {
          if (values.check) {
            fail(usageError("generate", "--check and --watch cannot be combined"));
            return 1;
          }
          const { runWatch } = await import("./watch.js");
          return await runWatch({ ...where, log, fail });
        }
        const { runGenerate } = await import("./generate-command.js");
        return await runGenerate({ ...where, check: values.check, log });
      }
      case "sandbox": {
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: COMMANDS.sandbox.options,
        });
        const { runSandbox } = await import("./sandbox-command.js");
        return await runSandbox({
          port: values.port,
          host: values.host,
          data: values.data,
          faults: values.faults,
          seed: values.seed,
          adminToken: values["admin-token"],
          allowHost: values["allow-host"],
          maxStoreRecords: values["max-store-records"],
          maxStoreBytes: values["max-store-bytes"],
          log,
        });
      }
      case "import":
        return await (await import("./import-command.js")).importCommand(rest, log, fail);
      case "worker":
        return await (await import("./worker-command.js")).workerCommand(rest, log, fail);
      case "docs": // needs the dev tool (@redocly/cli) only a checkout has
        return await (await import("./docs-command.js")).docsCommand(rest, log);
      case "help": {
        const [topic] = rest;
        if (topic === undefined) log(overview());
        else if (isCommand(topic)) log(commandUsage(topic));
        else {
          fail(`profilekit help: unknown command "${topic}".\n\n${overview()}`);
          return 1;
        }
        return 0;
      }
      case "--version":
      case "-v":
        log(packageVersion());
        return 0;
      case undefined:
      case "--help":
      case "-h":
        log(overview());
        return command === undefined ? 1 : 0;
      default:
        fail(`profilekit: unknown command "${command}".\n\n${overview()}`);
        return 1;
    }
  } catch (e) {
    if (e instanceof SpecError) fail(e.message);
    else if (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS")) fail(isCommand(command) ? usageError(command, e.message) : `profilekit ${command}: ${e.message}`);
    else fail(`profilekit ${command}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
