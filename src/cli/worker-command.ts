/**
 * `profilekit worker --queue redis://…`: parses the arguments and runs a queue worker (queue/worker.ts)
 * until SIGINT / SIGTERM: the jobs in flight finish and are recorded; a second signal quits at once.
 */
import { parseArgs } from "node:util";
import { wholeNumber } from "./import-command.js";
import { stoppable } from "./until-stopped.js";
import { COMMANDS, usageError } from "./usage.js";

export async function workerCommand(args: string[], log: (line: string) => void, fail: (line: string) => void): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, allowPositionals: false, options: COMMANDS.worker.options }));
  } catch (e) {
    fail(usageError("worker", (e as Error).message));
    return 1;
  }
  if (values.queue === undefined) {
    fail(usageError("worker", "--queue is required (redis://host:port/db)"));
    return 1;
  }
  let concurrency: number | undefined;
  try {
    concurrency = wholeNumber(values.concurrency, "--concurrency");
  } catch (e) {
    fail(usageError("worker", (e as Error).message));
    return 1;
  }
  const { runWorker } = await import("./queue/worker.js");
  const { QueueError } = await import("./queue/connection.js");
  const queue = values.queue;
  const baseUrl = values["base-url"];
  try {
    return await stoppable(
      () => log("profilekit worker: stopping — finishing the jobs in flight (again to quit at once)."),
      (signal) => runWorker({ queue, ...(concurrency !== undefined ? { concurrency } : {}), ...(baseUrl !== undefined ? { baseUrl } : {}), log, signal }),
    );
  } catch (e) {
    if (e instanceof QueueError) {
      fail(`profilekit worker: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
