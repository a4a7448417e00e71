// The built CLI (bin/profilekit.js → dist/, as users run it) as child processes: the sandbox in its own
// process, producers and workers. Used by the queue tests and the queue bench (`npm run build` first).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LoggedRequest } from "../../src/sandbox/request-log.js";
import type { SandboxData, SandboxState } from "../../src/sandbox/index.js";

const BIN = path.resolve("bin/profilekit.js");

export interface CliProcess {
  child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** `profilekit <args>` in a child process with `env` over this process's environment. */
export function cli(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export interface SandboxProcess {
  url: string;
  adminToken: string;
  requests(): Promise<LoggedRequest[]>;
  store(): Promise<SandboxState>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** `profilekit sandbox --port 0` with this data (and `--faults`), ready once it prints its URL. */
export async function sandboxProcess(data: SandboxData, faults?: string, seed = 1): Promise<SandboxProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), "profilekit-sandbox-"));
  writeFileSync(path.join(dir, "data.json"), JSON.stringify(data));
  const adminToken = "queue-test-admin-token";
  const p = cli(["sandbox", "--port", "0", "--data", path.join(dir, "data.json"), "--admin-token", adminToken, "--seed", String(seed), ...(faults ? ["--faults", faults] : [])]);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sandbox did not start: ${p.stdout()} ${p.stderr()}`)), 30_000);
    p.child.stdout!.on("data", () => {
      const m = /listening on (http:\/\/\S+)/.exec(p.stdout());
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void p.exited.then((code) => reject(new Error(`the sandbox exited with ${code}: ${p.stderr()}`)));
  });
  const admin = async (method: string, route: string) => {
    const answer = await fetch(`${url}${route}`, { method, headers: { "x-admin-token": adminToken } });
    if (!answer.ok) throw new Error(`${method} ${route} answered ${answer.status}`);
    return answer.json();
  };
  return {
    url,
    adminToken,
    requests: async () => ((await admin("GET", "/__admin/requests")) as { requests: LoggedRequest[] }).requests,
    store: async () => (await admin("GET", "/__admin/store")) as SandboxState,
    reset: async () => void (await admin("POST", "/__admin/reset")),
    stop: async () => {
      if (p.child.exitCode === null) {
        p.child.kill("SIGTERM");
        await p.exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `test` holds, checking every `everyMs`; throws after `timeoutMs` with `what`. */
export async function until(test: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000, everyMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
