import { watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { findSpecs, generateApi, loadSpecFile } from "../codegen/generate.js";
import { SpecError } from "../codegen/spec-error.js";
import { writeFiles } from "../codegen/write.js";
import { defaultRuntimeImport } from "./generate-command.js";
import { untilStopped } from "./until-stopped.js";

export interface WatchOptions {
  specsDir: string;
  outDir: string;
  runtimeImport?: string;
  /** One line per written file, and status lines. */
  log: (line: string) => void;
  /** Spec errors (`file:line:col /pointer: message`) and other failures; defaults to `log`. */
  fail?: (line: string) => void;
  /** Quiet time after the last change to an API before it is regenerated (ms). */
  debounceMs?: number;
}

export interface Watcher {
  /** Resolves once every API has been generated once and the watch is armed. */
  ready: Promise<void>;
  /** Stops watching; resolves when no generation is running any more. */
  close(): Promise<void>;
}

/**
 * `profilekit generate --watch`: generates every API once, then regenerates only the API (the folder under
 * `specsDir`) whose files changed. A broken spec prints its error and the watch goes on; the next good save recovers.
 */
export function watchGenerate(o: WatchOptions): Watcher {
  const fail = o.fail ?? o.log;
  const debounceMs = o.debounceMs ?? 50;
  const runtimeImport = o.runtimeImport ?? defaultRuntimeImport(o.outDir);
  const rel = (f: string) =>
    path
      .join(path.relative(process.cwd(), o.outDir) || ".", f)
      .split(path.sep)
      .join("/");
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const watchers: FSWatcher[] = [];
  const watchedDirs = new Set<string>();
  let closed = false;

  async function regenerate(api: string): Promise<void> {
    const specPath = path.join(o.specsDir, api, "openapi.yaml");
    try {
      const files = await generateApi(await loadSpecFile(specPath), { runtimeImport, onWarning: (message) => o.log(`warning: ${message}`) });
      if (closed) return;
      const written = await writeFiles(o.outDir, files);
      for (const f of written) o.log(`wrote ${rel(f)}`);
      if (written.length === 0) o.log(`${api}: ${files.length} files up to date`);
    } catch (e) {
      if (closed) return;
      if (e instanceof SpecError) fail(e.message);
      else if (e instanceof Error && "code" in e && e.code === "ENOENT") fail(`${api}: no ${specPath.split(path.sep).join("/")} (waiting for it)`);
      else fail(`profilekit generate --watch: ${api}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** One generation per API at a time; a change during a run queues exactly one more run. */
  function run(api: string): void {
    if (closed) return;
    if (running.has(api)) {
      again.add(api);
      return;
    }
    const p = regenerate(api).finally(() => {
      running.delete(api);
      if (again.delete(api)) run(api);
    });
    running.set(api, p);
  }

  function changed(filename: string | Buffer | null, base = ""): void {
    if (closed) return;
    const name = filename === null ? "" : path.join(base, filename.toString());
    const api = name.split(/[\\/]/)[0];
    if (api === undefined || api === "" || api.startsWith(".")) {
      // no file name (some platforms): regenerate every API
      void findSpecs(o.specsDir).then(
        (specs) => specs.forEach((s) => schedule(path.basename(path.dirname(s)))),
        () => {},
      );
      return;
    }
    if (!recursive.supported && !watchedDirs.has(api)) addDirWatcher(api); // a new API folder (non-recursive fallback)
    schedule(api);
  }

  function schedule(api: string): void {
    const t = timers.get(api);
    if (t !== undefined) clearTimeout(t);
    timers.set(
      api,
      setTimeout(() => {
        timers.delete(api);
        run(api);
      }, debounceMs),
    );
  }

  const recursive = { supported: true };
  function addDirWatcher(api: string): void {
    if (recursive.supported) return;
    try {
      const w = watch(path.join(o.specsDir, api), (_event, filename) => changed(filename, api));
      w.on("error", () => {});
      watchers.push(w);
      watchedDirs.add(api);
    } catch {
      // not a folder (a file at the top of specs/): nothing to watch
    }
  }

  const ready = (async () => {
    const specs = await findSpecs(o.specsDir);
    if (specs.length === 0) o.log(`profilekit generate --watch: no <api>/openapi.yaml under ${o.specsDir} yet`);
    try {
      const w = watch(o.specsDir, { recursive: true }, (_event, filename) => changed(filename));
      w.on("error", (e) => fail(`profilekit generate --watch: ${e.message}`));
      watchers.push(w);
    } catch (e) {
      // recursive watching is unavailable here: watch the specs folder and each API folder
      if (!(e instanceof Error && "code" in e && e.code === "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM")) throw e;
      recursive.supported = false;
      const w = watch(o.specsDir, (_event, filename) => changed(filename));
      w.on("error", (err) => fail(`profilekit generate --watch: ${err.message}`));
      watchers.push(w);
      for (const s of specs) addDirWatcher(path.basename(path.dirname(s)));
    }
    for (const s of specs) run(path.basename(path.dirname(s)));
    await Promise.all([...running.values()]);
    if (!closed) o.log(`watching ${path.relative(process.cwd(), o.specsDir).split(path.sep).join("/") || "."} for changes (Ctrl-C to stop)`);
  })();

  return {
    ready,
    async close() {
      closed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const w of watchers) w.close();
      await ready.catch(() => {});
      await Promise.all([...running.values()]);
    },
  };
}

/** The CLI side of `--watch`: runs until Ctrl-C (SIGINT) or SIGTERM, then exits 0. */
export async function runWatch(o: WatchOptions): Promise<number> {
  const watcher = watchGenerate(o);
  await watcher.ready;
  await untilStopped();
  await watcher.close();
  return 0;
}
