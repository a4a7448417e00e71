import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateApi, loadSpecFile } from "../../src/codegen/generate.js";
import { HttpError, ValidationError } from "../../src/runtime/errors.js";
import type { ApiDescription, OperationDescriptor } from "../../src/runtime/operation.js";
import { deref, sampleMedia, sampleParameter, type Doc } from "../helpers/sample-from-schema.js";
import { flaggingFetch, freePort, rejection, ROOT, type PrismFlag } from "./helpers.js";

// Real specs (test/fixtures/real-specs/, see SOURCES.md there) through their generated clients and
// Stoplight Prism's mock server (`prism mock <spec>`, static examples). For each document: the
// client is generated into test/artifacts/prism/<name>/ (git-ignored) and imported; then EVERY
// operation of its `operations` table is called once, with path, query and header parameters and
// the request body sampled from the document (test/helpers/sample-from-schema.ts), every credential
// the client has, `validate: true`, and `Prefer: code=<its first 2xx>`. Each call must resolve with
// Prism's 2xx, flag nothing (no `sl-violations`, no problem+json), and its value must pass the
// operation's generated validator of that answer (204 and other empty answers: undefined).

interface Fixture {
  name: string;
  file: string;
  typeName: string;
  /** An operation whose request body Prism does check (see "the guard works" below). */
  guard: string;
}

const FIXTURES: Fixture[] = [
  { name: "petstore-expanded", file: "test/fixtures/real-specs/oai-petstore-expanded-3.0.yaml", typeName: "PetstoreExpanded", guard: "addPet" },
  { name: "sendgrid-contacts", file: "test/fixtures/real-specs/sendgrid-contacts.json", typeName: "SendgridContacts", guard: "updateContact" },
  { name: "klaviyo-profiles", file: "test/fixtures/real-specs/klaviyo-profiles.json", typeName: "KlaviyoProfiles", guard: "bulkSubscribeProfiles" },
];

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

type Method = (...args: unknown[]) => Promise<unknown>;

interface Generated {
  fixture: Fixture;
  doc: Doc;
  api: ApiDescription;
  operations: Record<string, OperationDescriptor>;
  createClient: (options: Record<string, unknown>) => Record<string, Method>;
}

/** Generates the fixture's client into test/artifacts/prism/<name>/ and imports it. */
async function generate(fixture: Fixture): Promise<Generated> {
  const spec = await loadSpecFile(path.join(ROOT, fixture.file), ROOT);
  const dir = path.join(ROOT, "test/artifacts/prism", fixture.name);
  const runtimeImport = path.relative(dir, path.join(ROOT, "src/runtime")).split(path.sep).join("/");
  const files = await generateApi(spec, { runtimeImport, typeName: fixture.typeName });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Each file's path is `<api>/<file>`: the folder is ours.
  for (const file of files) writeFileSync(path.join(dir, file.path.split("/").slice(1).join("/")), file.content);
  const module = (await import(/* @vite-ignore */ path.join(dir, "index.ts"))) as Record<string, unknown>;
  const api = Object.values(module).find((v): v is ApiDescription => typeof v === "object" && v !== null && "factory" in v && "securitySchemes" in v);
  if (!api) throw new Error(`${fixture.name}: the generated index exports no ApiDescription`);
  return {
    fixture,
    doc: spec.document as Doc,
    api,
    operations: module.operations as Record<string, OperationDescriptor>,
    createClient: module[api.factory] as Generated["createClient"],
  };
}

// Generated at collection time: the tests are one per entry of each generated `operations` table.
const generated = await Promise.all(FIXTURES.map(generate));

interface PrismMock {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * `prism mock <spec>` on a free port (started as test/e2e/helpers.ts's startPrism starts the proxy:
 * the CLI's entry point under node); resolves once it says it listens.
 */
async function startPrismMock(spec: string): Promise<PrismMock> {
  const port = await freePort();
  const bin = path.join(ROOT, "node_modules/@stoplight/prism-cli/dist/index.js");
  const child: ChildProcess = spawn(process.execPath, [bin, "mock", path.join(ROOT, spec), "-p", String(port), "-h", "127.0.0.1"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`prism did not start within 45 s:\n${out}`)), 45_000);
      child.stdout!.on("data", () => {
        if (/Prism is listening on/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`prism exited with code ${code} before listening:\n${out}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `http://127.0.0.1:${port}`, output: () => out, stop };
}

const prisms = new Map<string, PrismMock>();
beforeAll(async () => {
  const started = await Promise.allSettled(FIXTURES.map(async (f) => prisms.set(f.name, await startPrismMock(f.file))));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
}, 60_000);
afterAll(async () => {
  await Promise.all([...prisms.values()].map((p) => p.stop()));
});

/** The document's operations: [method, path, Operation Object, the path item's parameters]. */
function documentOperations(doc: Doc): [string, string, Record<string, unknown>, unknown[]][] {
  const out: [string, string, Record<string, unknown>, unknown[]][] = [];
  for (const [p, raw] of Object.entries((doc.paths as Record<string, unknown>) ?? {})) {
    const item = deref(doc, raw);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op && typeof op === "object") out.push([method.toUpperCase(), p, op as Record<string, unknown>, (item.parameters as unknown[]) ?? []]);
    }
  }
  return out;
}

/** Credentials for every scheme the client has, under its option name (Prism checks presence only). */
function credentials(api: ApiDescription): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const scheme of Object.values(api.securitySchemes)) {
    out[scheme.option] = scheme.type === "http" && scheme.scheme === "basic" ? { username: "prism", password: "mock-password" } : `prism-mock-${scheme.option}`;
  }
  return out;
}

/** The arguments of a generated method for one operation: [path?, body?, init]. */
function callArguments(g: Generated, descriptor: OperationDescriptor, operation: Record<string, unknown>, pathItemParameters: unknown[], status: string): unknown[] {
  const { doc } = g;
  // Operation parameters override the path item's of the same name and location.
  const byKey = new Map<string, Record<string, unknown>>();
  for (const raw of [...pathItemParameters, ...((operation.parameters as unknown[]) ?? [])]) {
    const p = deref(doc, raw);
    byKey.set(`${String(p.in)}:${String(p.name)}`, p);
  }
  const values: Record<string, Record<string, unknown>> = {};
  for (const p of byKey.values()) (values[p.in as string] ??= {})[p.name as string] = sampleParameter(doc, p);

  const args: unknown[] = [];
  if ((descriptor.parameters ?? []).some((p) => p.in === "path")) args.push(values.path ?? {});
  if (descriptor.body) {
    // The media type the client sends by default: the first JSON-like one, else the first.
    const media = descriptor.body.media.find((m) => m.kind === "json") ?? descriptor.body.media[0]!;
    const requestBody = deref(doc, operation.requestBody);
    const content = (requestBody.content as Record<string, Record<string, unknown>>)[media.type];
    if (!content) throw new Error(`${descriptor.name}: the document has no request media type ${media.type}`);
    args.push(sampleMedia(doc, content));
  }
  const init: Record<string, unknown> = { validate: true, headers: { Prefer: `code=${status}` } };
  for (const where of ["query", "header", "cookie"] as const) if (values[where]) init[where] = values[where];
  args.push(init);
  return args;
}

/** The status Prism is asked for: the operation's first literal 2xx (JS lists integer keys in ascending order: the lowest). */
function firstSuccess(operation: Record<string, unknown>): string {
  const codes = Object.keys((operation.responses as Record<string, unknown>) ?? {}).filter((c) => /^2\d\d$/.test(c));
  if (codes.length === 0) throw new Error("no literal 2xx answer declared");
  return codes[0]!;
}

describe.each(generated)("$fixture.name through Prism's mock", (g) => {
  const docOps = documentOperations(g.doc);
  const names = Object.keys(g.operations).sort();

  test("the generated operations table has every operation of the document", () => {
    expect(names).toHaveLength(docOps.length);
    const generatedKeys = names.map((n) => `${g.operations[n]!.method} ${g.operations[n]!.path}`).sort();
    expect(generatedKeys).toEqual(docOps.map(([m, p]) => `${m} ${p}`).sort());
  });

  test.each(names)("%s", async (name) => {
    const descriptor = g.operations[name]!;
    const found = docOps.find(([m, p]) => m === descriptor.method && p === descriptor.path);
    expect(found, `${descriptor.method} ${descriptor.path} in the document`).toBeDefined();
    const [, , operation, pathItemParameters] = found!;
    const status = firstSuccess(operation);

    const flagging = flaggingFetch();
    const seen: { status: number; body: string; url: string; method: string }[] = [];
    const fetch = async (request: Request) => {
      const response = await flagging.fetch(request);
      seen.push({ method: request.method, url: request.url, status: response.status, body: await response.clone().text() });
      return response;
    };
    const client = g.createClient({ baseUrl: prisms.get(g.fixture.name)!.url, fetch, ...credentials(g.api) });
    const args = callArguments(g, descriptor, operation, pathItemParameters, status);

    let value: unknown;
    try {
      value = await client[name]!(...args);
    } catch (e) {
      throw new Error(`${name}(${JSON.stringify(args)}) failed: ${String(e)}\nPrism answered: ${JSON.stringify(seen)}\nflags: ${JSON.stringify(flagging.flags)}`);
    }
    expect(seen.map((s) => s.status)).toEqual([Number(status)]);
    expect(flagging.flags as PrismFlag[]).toEqual([]);

    const answer = descriptor.responses[status];
    expect(answer, `the descriptor's ${status} answer`).toBeDefined();
    if (answer!.media.length === 0) {
      expect(value).toBeUndefined();
    } else {
      const validate = answer!.media[0]!.validate;
      if (validate) {
        const result = validate(value);
        expect(result.ok ? [] : result.errors, `the ${status} answer ${seen[0]?.body}`).toEqual([]);
      } else expect(value).toBeDefined();
    }
  });

  // The runs above mean something only if Prism does check what it is sent: a body the document
  // refuses is answered 422 (or the error answer the document declares), and the client's own check
  // stops it before that. Prism 5.14.2 checks a body only when ajv compiles its schema: it drops the
  // check without a word when compiling fails (O.tryCatch in prism-http's validateAgainstSchema).
  // Klaviyo's ProfileLocation has `nullable: true` beside a `oneOf` without `type` (latitude,
  // longitude), which ajv refuses ("nullable" cannot be used without "type"): the bodies of
  // createProfile, updateProfile, createOrUpdateProfile and bulkImportProfiles reach it, so Prism
  // lets any body of theirs through, and only the client's `validate: true` checks those. The guard
  // therefore uses an operation whose body Prism does check.
  test("the guard works: a body the document refuses is stopped by the client (validate: true) and refused by Prism (validate: false)", async () => {
    const name = g.fixture.guard;
    const descriptor = g.operations[name]!;
    expect(descriptor.body, `${name} has a request body`).toBeDefined();
    const [, , operation, pathItemParameters] = docOps.find(([m, p]) => m === descriptor.method && p === descriptor.path)!;
    const status = firstSuccess(operation);
    const args = callArguments(g, descriptor, operation, pathItemParameters, status);
    const bodyAt = (descriptor.parameters ?? []).some((p) => p.in === "path") ? 1 : 0;
    args[bodyAt] = ["not the body the document describes"];

    const sent: string[] = [];
    const flagging = flaggingFetch();
    const client = g.createClient({
      baseUrl: prisms.get(g.fixture.name)!.url,
      fetch: (request: Request) => (sent.push(request.url), flagging.fetch(request)),
      ...credentials(g.api),
    });
    expect(await rejection(client[name]!(...args))).toBeInstanceOf(ValidationError);
    expect(sent).toEqual([]);

    (args[args.length - 1] as Record<string, unknown>).validate = false;
    const refused = await rejection(client[name]!(...args));
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBeGreaterThanOrEqual(400);
    expect(flagging.flags).toHaveLength(1);
    expect(flagging.flags[0]!.violations).toContainEqual(expect.objectContaining({ severity: "Error", location: ["request", "body"] }));
  });
});
