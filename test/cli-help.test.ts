// `--help` / `-h` of every command, `profilekit help [<command>]`, `--version`, and the hint after a usage error.
// The option lists come from src/cli/usage.ts, the table the commands' parseArgs calls use too.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { runCli as run } from "./helpers/run-cli.js";
import { COMMANDS, type CommandName, type Option } from "../src/cli/usage.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const NAMES = Object.keys(COMMANDS) as CommandName[];

describe("profilekit <command> --help", () => {
  test.each(NAMES.flatMap((name) => [[name, "--help"] as const, [name, "-h"] as const]))("%s %s: its usage, every option with its default, exit 0", async (name, flag) => {
    const result = await run(name, flag);
    expect(result.code).toBe(0);
    expect(result.err).toBe("");
    expect(result.out.startsWith(`Usage: profilekit ${name}`)).toBe(true);
    const options: Readonly<Record<string, Option>> = COMMANDS[name].options;
    for (const [option, o] of Object.entries(options)) {
      expect(result.out).toMatch(new RegExp(`^  --${option}\\b`, "m")); // one line of its own
      if (typeof o.default === "string") expect(result.out).toContain(`(default: ${o.default})`);
    }
    expect(result.out).toMatch(/^ {2}-h, --help\b/m);
    expect((await run("help", name)).out).toBe(result.out);
  });

  test("every option of generate, sandbox and docs has its one line", () => {
    for (const name of ["generate", "sandbox", "docs"] as const) {
      const options: Readonly<Record<string, Option>> = COMMANDS[name].options;
      for (const [option, o] of Object.entries(options)) expect(o.help, `${name} --${option}`).not.toContain("\n");
    }
  });

  test.each([
    ["import", "--help"], // no operation, no --input: help comes first
    ["import", "--wat", "-h"],
    ["generate", "--check", "--watch", "--help"],
    ["sandbox", "--port", "http", "-h"],
    ["docs", "stray", "--help"],
  ])("%s … %s: help before the command parses its arguments", async (...args) => {
    const result = await run(...args);
    expect(result).toMatchObject({ code: 0, err: "" });
    expect(result.out.startsWith(`Usage: profilekit ${args[0]}`)).toBe(true);
  });

  test("after --, -h is an argument, not a help request", async () => {
    const result = await run("docs", "--", "-h");
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/Unexpected argument '-h'/);
  });
});

describe("the overview", () => {
  test.each([
    [["--help"], 0],
    [["-h"], 0],
    [["help"], 0],
    [[], 1],
  ] as const)("%j prints it (exit %i)", async (args, code) => {
    const result = await run(...args);
    expect(result.code).toBe(code);
    expect(result.out.startsWith("Usage: profilekit <command> [options]")).toBe(true);
    for (const name of NAMES) expect(result.out).toContain(`\n  ${COMMANDS[name].synopsis}\n`);
    expect(result.out).toContain("--version");
  });

  test("help of a command that does not exist", async () => {
    const result = await run("help", "frobnicate");
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^profilekit help: unknown command "frobnicate"/);
  });
});

describe("profilekit --version", () => {
  test.each(["--version", "-v"])("%s prints the version of package.json", async (flag) => {
    expect(await run(flag)).toEqual({ code: 0, out: VERSION, err: "" });
  });
});

describe("a usage error", () => {
  test.each(NAMES.filter((n) => n !== "help"))("%s --no-such-option: the parser's message, the usage line, the hint to --help; exit 1", async (name) => {
    const result = await run(name, "--no-such-option");
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toMatch(new RegExp(`^profilekit ${name}: Unknown option '--no-such-option'`));
    expect(result.err).toContain(`\nUsage: profilekit ${COMMANDS[name].synopsis}\n`);
    expect(result.err.endsWith(`See \`profilekit ${name} --help\`.`)).toBe(true);
    expect(result.err).not.toMatch(/\n\s+at /); // no stack trace
  });
});

/** `profilekit <args>` in a child process: scripts/profilekit.ts, the CLI's source through tsx (no build), as test/import/crash.test.ts does. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/profilekit.ts", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("the real command", () => {
  test("--version and an unknown option: output and exit code of the process", async () => {
    const [version, wrong] = await Promise.all([cli("--version"), cli("generate", "--wat")]);
    expect(version).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
    expect(wrong).toMatchObject({ code: 1, stdout: "" });
    expect(wrong.stderr).toMatch(/^profilekit generate: Unknown option '--wat'\nUsage: profilekit generate [^\n]*\nSee `profilekit generate --help`\.\n$/);
  }, 60_000);
});
