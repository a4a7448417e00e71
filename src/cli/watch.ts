import { watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { generateApi } from "../codegen/generate.js";
import { loadApi } from "../codegen/input/load-api.js";
import { findSources, type ApiSource, type FoundSources } from "../codegen/input/sources.js";
import { SpecError } from "../codegen/spec-error.js";
import { writeFiles } from "../codegen/write.js";
import { apiFolder, generateOptions, inApiFolder } from "./generate-command.js";
import { untilStopped } from "./until-stopped.js";

export interface WatchOptions {
  /** `--specs`: the folder convention `<dir>/<api>/openapi.{yaml,yml,json}`. */
  specsDir?: string;
  /** `--config`: a profilekit.config.* file; wins over `specsDir`. Neither: a config in the working directory, else `specs/`. */
  configFile?: string;
  /** `--out`; default: the config's `output`, else `generated`. */
  outDir?: string;
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

/** Scheduling every API at once (a config change, a platform that gives no file name). */
const ALL = "\0all";

/**
 * `profilekit generate --watch`: generates every API once, then regenerates only the API whose files changed.
 * With the folder convention, the specs folder is watched and a change under `<specs>/<api>/` (its spec, the
 * files it refers to, its overlays) regenerates that API. With a config file, the config file is watched
 * (a change reloads it and regenerates everything), and for each API the folder of its input (with its
 * subfolders: the files a multi-file spec refers to) and its overlay files. A broken spec prints its error
 * and the watch goes on; the next good save recovers.
 */
export function watchGenerate(o: WatchOptions): Watcher {
  const fail = o.fail ?? o.log;
  const debounceMs = o.debounceMs ?? 50;
  const cwd = process.cwd();
  const rel = (f: string) => (path.relative(cwd, f) || ".").split(path.sep).join("/");
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  let found: FoundSources = { sources: [] };
  const outDir = () => o.outDir ?? found.outDir ?? "generated";
  const byConfig = () => found.configFile !== undefined;

  async function refresh(): Promise<FoundSources> {
    found = await findSources({ cwd, ...(o.specsDir !== undefined ? { specsDir: o.specsDir } : {}), ...(o.configFile !== undefined ? { configFile: o.configFile } : {}) });
    armSources();
    return found;
  }

  async function regenerate(api: string): Promise<void> {
    try {
      // The folder convention is read again: an overlay may have been added, an entry file renamed.
      if (!byConfig()) await refresh();
      const source = found.sources.find((s) => s.api === api);
      if (source === undefined) {
        if (!byConfig()) fail(`${api}: no ${rel(path.join(specsRoot(), api))}/openapi.{yaml,yml,json} (waiting for it)`);
        return;
      }
      await generateOne(source);
    } catch (e) {
      report(e, api);
    }
  }

  async function generateOne(source: ApiSource): Promise<void> {
    const spec = await loadApi(source, cwd);
    if (closed) return;
    for (const note of spec.notes) o.log(`note: ${spec.file}: ${note}`);
    const files = inApiFolder(source, await generateApi(spec, generateOptions(source, outDir(), o.runtimeImport, o.log)));
    if (closed) return;
    const folder = apiFolder(source, outDir());
    const written = await writeFiles(folder, files);
    for (const f of written) o.log(`wrote ${rel(path.join(folder, f))}`);
    if (written.length === 0) o.log(`${source.api}: ${files.length} files up to date`);
  }

  async function regenerateAll(): Promise<void> {
    try {
      await refresh();
    } catch (e) {
      report(e);
      return;
    }
    for (const s of found.sources) {
      try {
        await generateOne(s);
      } catch (e) {
        report(e, s.api);
      }
    }
  }

  function report(e: unknown, api?: string): void {
    if (closed) return;
    if (e instanceof SpecError) fail(e.message);
    else fail(`profilekit generate --watch: ${api !== undefined ? `${api}: ` : ""}${e instanceof Error ? e.message : String(e)}`);
  }

  /** One generation per API at a time; a change during a run queues exactly one more run. */
  function run(key: string): void {
    if (closed) return;
    if (running.has(key)) {
      again.add(key);
      return;
    }
    const p = (key === ALL ? regenerateAll() : regenerate(key)).finally(() => {
      running.delete(key);
      if (again.delete(key)) run(key);
    });
    running.set(key, p);
  }

  function schedule(key: string): void {
    if (closed) return;
    const t = timers.get(key);
    if (t !== undefined) clearTimeout(t);
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        run(key);
      }, debounceMs),
    );
  }

  function specsRoot(): string {
    return path.resolve(cwd, o.specsDir ?? "specs");
  }

  /** A change to `file` (absolute), or to something unnamed (some platforms give no name). */
  function changed(file: string | undefined): void {
    if (closed) return;
    if (file === undefined) return schedule(ALL);
    if (!byConfig()) {
      const api = path.relative(specsRoot(), file).split(path.sep)[0];
      if (api === undefined || api === "" || api.startsWith(".") || api === "..") return;
      if (path.dirname(file) === specsRoot() && !recursive.supported) watchDir(file, true); // a new API folder (non-recursive fallback)
      return schedule(api);
    }
    if (found.configFile !== undefined && file === found.configFile) return schedule(ALL);
    for (const s of found.sources) {
      const inputDir = path.dirname(s.input);
      const inside = path.relative(inputDir, file);
      if (s.overlays.includes(file) || (!inside.startsWith("..") && !path.isAbsolute(inside))) schedule(s.api);
    }
  }

  const recursive = { supported: true };
  /** Watches a folder (with its subfolders where the platform can); each folder once. */
  function watchDir(dir: string, deep: boolean): void {
    if (closed || watchers.has(dir)) return;
    const listen = (_event: string, filename: string | Buffer | null) => changed(filename === null ? undefined : path.join(dir, filename.toString()));
    let w: FSWatcher;
    try {
      w = deep && recursive.supported ? watch(dir, { recursive: true }, listen) : watch(dir, listen);
    } catch (e) {
      if (e instanceof Error && "code" in e && e.code === "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM") {
        // recursive watching is unavailable here: this folder, and (folder convention) each API folder in it
        recursive.supported = false;
        return watchDir(dir, deep);
      }
      return; // not there (yet), or not a folder: nothing to watch
    }
    w.on("error", (err) => fail(`profilekit generate --watch: ${err.message}`));
    watchers.set(dir, w);
  }

  /** What to watch for the current sources. */
  function armSources(): void {
    if (closed) return;
    if (!byConfig()) {
      watchDir(specsRoot(), true);
      if (!recursive.supported) for (const s of found.sources) watchDir(path.dirname(s.input), false);
      return;
    }
    watchDir(path.dirname(found.configFile!), false);
    for (const s of found.sources) {
      watchDir(path.dirname(s.input), true);
      for (const overlay of s.overlays) watchDir(path.dirname(overlay), false);
    }
  }

  const ready = (async () => {
    await refresh();
    if (found.sources.length === 0) o.log(`profilekit generate --watch: no <api>/openapi.{yaml,yml,json} under ${rel(specsRoot())} yet`);
    for (const s of found.sources) run(s.api);
    await Promise.all([...running.values()]);
    const what = byConfig() ? `${rel(found.configFile!)} and the files it names` : rel(specsRoot());
    if (!closed) o.log(`watching ${what} for changes (Ctrl-C to stop)`);
  })();

  return {
    ready,
    async close() {
      closed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const w of watchers.values()) w.close();
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
