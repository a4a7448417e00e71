// The published package, not the source tree: `npm pack` (which builds dist/ through `prepare`), install the
// tarball into a fresh project, compile a consumer with tsc --strict (nodenext) and run it against the sandbox.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

let dir = "";
let project = "";
let sandbox: Sandbox;

async function install(...specs: string[]): Promise<void> {
  const args = ["install", "--no-audit", "--no-fund", "--ignore-scripts=false"];
  try {
    await run(npm, [...args, "--offline", ...specs], { cwd: project, maxBuffer: 64 << 20 });
  } catch {
    // something not in the npm cache: the registry is reachable
    await run(npm, [...args, "--prefer-offline", ...specs], { cwd: project, maxBuffer: 64 << 20 });
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "profilekit-package-"));
  project = path.join(dir, "consumer");
  await run(npm, ["pack", "--pack-destination", dir], { cwd: ROOT, maxBuffer: 64 << 20 });
  const tarball = (await readdir(dir)).find((f) => f.endsWith(".tgz"));
  if (tarball === undefined) throw new Error(`npm pack left no tarball in ${dir}`);
  await run("mkdir", [project]);
  await run(npm, ["init", "-y"], { cwd: project });
  await run(npm, ["pkg", "set", "type=module"], { cwd: project });
  await install(path.join(dir, tarball), "typescript@5");
  sandbox = await startSandbox();
}, 240_000);

afterAll(async () => {
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the installed package", () => {
  test("a strict nodenext TypeScript project imports profilekit/altcraft and profilekit/runtime, compiles and calls the API", async () => {
    await writeFile(
      path.join(project, "consumer.ts"),
      `import { createAltcraftClient } from "profilekit/altcraft";
import type { components } from "profilekit/altcraft";
import { ValidationError, VendorError } from "profilekit/runtime";
import type { CallOptions } from "profilekit/runtime/http.js";

declare const process: { env: Record<string, string | undefined> };

const client = createAltcraftClient({ baseUrl: \`\${process.env["SANDBOX_URL"]}/altcraft/api\`, token: "sandbox-altcraft-token" });
const call: CallOptions = {};
const body: components["schemas"]["UpdateProfileRequest"] = { db_id: 1, matching: "email", email: "victor@example.com", data: { _fname: "Packaged" } };
const answer = await client.updateProfile(body, call);
console.log("answer " + JSON.stringify(answer));
try {
  await client.updateProfile({ db_id: 1, matching: "email", data: {} } as never);
  console.log("no validation error");
} catch (e) {
  console.log("rejected " + (e instanceof ValidationError ? "ValidationError" : e instanceof VendorError ? "VendorError" : String(e)));
}
`,
    );
    const tsc = path.join(project, "node_modules", "typescript", "bin", "tsc");
    await run(
      process.execPath,
      [tsc, "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--noUncheckedIndexedAccess", "--exactOptionalPropertyTypes", "consumer.ts"],
      { cwd: project },
    ).catch((e: { stdout?: string; stderr?: string }) => {
      throw new Error(`tsc failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    });
    const { stdout } = await run(process.execPath, ["consumer.js"], { cwd: project, env: { ...process.env, SANDBOX_URL: sandbox.url } });
    expect(stdout).toContain(`answer {"error":0,"error_text":"Successful operation","profile_id":"54759eb3c090d83494e2d805"}`);
    expect(stdout).toContain("rejected ValidationError");
  }, 120_000);

  test("profilekit/codegen compiles validators for a user's JSON Schema: a standalone module that runs", async () => {
    await writeFile(
      path.join(project, "compile.ts"),
      `import { compileValidators } from "profilekit/codegen";

const source = compileValidators({ "pet-store": { type: "object", required: ["name"], properties: { name: { type: "string" }, born: { format: "date" } } } }, { formats: "assert" });
const { validatePetStore } = await import("data:text/javascript," + encodeURIComponent(source));
console.log(JSON.stringify([validatePetStore({ name: "Rex", born: "2020-02-29" }).ok, validatePetStore({ born: "2021-02-29" }).errors.map((e: { path: string }) => e.path)]));
`,
    );
    const tsc = path.join(project, "node_modules", "typescript", "bin", "tsc");
    await run(process.execPath, [tsc, "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "compile.ts"], { cwd: project }).catch(
      (e: { stdout?: string; stderr?: string }) => {
        throw new Error(`tsc failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
      },
    );
    const { stdout } = await run(process.execPath, ["compile.js"], { cwd: project });
    expect(stdout.trim()).toBe(JSON.stringify([true, ["/name", "/born"]]));
  }, 120_000);

  test("what the package holds: dist with its .d.ts, the copied schema.d.ts and prelude, specs, bin; no test or source .ts", async () => {
    const pkg = path.join(project, "node_modules", "profilekit");
    for (const f of [
      "dist/generated/altcraft/schema.d.ts",
      "dist/generated/altcraft/client.d.ts",
      "dist/src/runtime/index.d.ts",
      "dist/src/codegen/validator/prelude.ts",
      "dist/src/codegen/validator/formats.ts",
      "dist/src/codegen/index.d.ts",
      "bin/profilekit.js",
      "specs/altcraft/openapi.yaml",
    ]) {
      await expect(
        readdir(path.dirname(path.join(pkg, f))).then((names) => names.includes(path.basename(f))),
        f,
      ).resolves.toBe(true);
    }
    expect((await readdir(pkg)).sort()).not.toContain("test");
  });

  test("the installed bin generates a user's own specs, importing profilekit/runtime", async () => {
    const specs = path.join(ROOT, "specs");
    const out = path.join(project, "gen");
    await run(path.join(project, "node_modules", ".bin", "profilekit"), ["generate", "--specs", specs, "--out", out], { cwd: project });
    const client = await readFile(path.join(out, "altcraft", "client.ts"), "utf8");
    expect(client).toContain(`from "profilekit/runtime/http.js"`);
    expect(await readFile(path.join(out, "altcraft", "validators.ts"), "utf8")).toContain("export function validateUpdateProfileRequest");
    // and the user's generated code compiles against the installed runtime
    const tsc = path.join(project, "node_modules", "typescript", "bin", "tsc");
    await run(
      process.execPath,
      [tsc, "--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", ...["altcraft", "edna", "pushtech"].map((api) => `gen/${api}/index.ts`)],
      { cwd: project },
    ).catch((e: { stdout?: string; stderr?: string }) => {
      throw new Error(`tsc failed on the generated code:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    });
  }, 60_000);
});
