/** Resolves on Ctrl-C (SIGINT) or SIGTERM, once: long-running commands (sandbox, generate --watch) then close cleanly. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/**
 * Runs `work` with a signal that the first SIGINT / SIGTERM aborts (after printing `stopping`: the
 * work finishes what is in flight); a second one quits at once (exit 130). Handlers removed after.
 */
export async function stoppable<T>(stopping: () => void, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = () => {
    if (++signals > 1) process.exit(130);
    controller.abort();
    stopping();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
