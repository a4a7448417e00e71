import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createAltcraftClient } from "../../generated/altcraft/index.js";
import { createEdnaClient } from "../../generated/edna/index.js";
import { createPushtechClient } from "../../generated/pushtech/index.js";
import type { SandboxData } from "../../src/sandbox/index.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Credentials of the e2e sandboxes (not the defaults, so a test cannot pass by accident with them). */
export const CREDENTIALS = {
  altcraft: "e2e-altcraft-token-7f3a2b",
  edna: "e2e-edna-key-91c2d8",
  pushtech: "e2e-pushtech-secret-44d0e1",
} as const;
export const EU_SECRET = "e2e-pushtech-eu-secret-0b7c";

/**
 * The e2e data set. Built so that each matching mode finds a different profile than its neighbours:
 * beta's email subscription uses alpha's profile email, and beta's sms subscription alpha's profile
 * phone, so `email_profile` and `email_sub` (and `phone` and `phone_sub`) disagree on the same value.
 */
export function fixture(): SandboxData {
  return {
    credentials: { ...CREDENTIALS },
    altcraft: {
      databases: [
        {
          db_id: 1,
          profiles: [
            {
              id: "p-alpha",
              fields: { _fname: "Alpha", email: "alpha@example.com", phones: ["+7 900 000-00-01"], CRM_ID: "A-1", Custom_ID: 77, tags: ["tag-1", "tag-2", "tag-3"], visits: 3 },
              subscriptions: [
                { channel: "email", email: "alpha.sub@example.com", resource_id: 1, status: "subscribed" },
                { channel: "sms", phone: "+79000000011", resource_id: 1, status: "subscribed", priority: 5, custom_fields: { source: "import" } },
                { channel: "push", provider: "android-firebase", subscription_id: "push-alpha", resource_id: 1, status: "subscribed" },
                { channel: "telegram_bot", cc_data: { id: 111 }, resource_id: 3, custom_fields: { tg_user: "alpha_tg" } },
              ],
              segments: [1],
            },
            {
              id: "p-beta",
              fields: { _fname: "Beta", email: "beta@example.com", phones: ["+79000000002"], CRM_ID: "B-2", Custom_ID: 88, tags: ["tag-1"] },
              subscriptions: [
                { channel: "email", email: "alpha@example.com", resource_id: 2, status: "subscribed" },
                { channel: "sms", phone: "+79000000001", resource_id: 2, status: "subscribed" },
                { channel: "push", provider: "ios-apns", subscription_id: "push-beta", resource_id: 2, status: "subscribed" },
              ],
            },
            {
              id: "p-gamma",
              fields: { _fname: "Gamma", email: "gamma@example.com", Custom_ID: 345 },
            },
          ],
        },
        { db_id: 2, profiles: [] },
      ],
    },
    edna: {
      tags: ["old_tag", "vip", "newsletter"],
      subscribers: [
        {
          blacklisted: false,
          addresses: [
            { address: "79997654321", type: "PHONE" },
            { address: "tasha@example.com", type: "EMAIL" },
            { address: "crm-42", type: "EXT_USER_ID" },
          ],
          parameterValues: [
            { name: "Name", valueType: "STRING", value: "Tasha" },
            { name: "City", valueType: "STRING", value: "Chicago" },
            { name: "Birthday", valueType: "DATE", value: "1999-12-28" },
          ],
          tagValues: [{ name: "old_tag" }],
        },
        { addresses: [{ address: "crm-77", type: "EXT_USER_ID" }], parameterValues: [], tagValues: [] },
      ],
    },
    pushtech: {
      accounts: [
        {
          account_id: "my-account",
          contacts: [
            { id: "550aac3da096734ce5000001", name_first: "John", name_last: "Doe", email: "johndoe@example.com", tags: ["tag1"], favourite_store: "Madrid", loyalty_points: 120 },
            { id: "550aac3da096734ce5000002", name_first: "Jane" },
          ],
        },
        { account_id: "acme/eu", secret: EU_SECRET, contacts: [{ id: "c 1", name_first: "Émile" }] },
      ],
    },
  };
}

export function altcraftClient(baseUrl: string, extra: Partial<Parameters<typeof createAltcraftClient>[0]> = {}) {
  return createAltcraftClient({ baseUrl, token: CREDENTIALS.altcraft, ...extra });
}
export function ednaClient(baseUrl: string, extra: Partial<Parameters<typeof createEdnaClient>[0]> = {}) {
  return createEdnaClient({ baseUrl, apiKey: CREDENTIALS.edna, ...extra });
}
export function pushtechClient(baseUrl: string, extra: Partial<Parameters<typeof createPushtechClient>[0]> = {}) {
  return createPushtechClient({ baseUrl, token: CREDENTIALS.pushtech, ...extra });
}

/** Whatever a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail, it succeeded");
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface PrismProxy {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * `prism proxy <spec> <upstream> [--errors]` as a child process on a free port; resolves once it
 * says it listens. Prism routes on the request path as the spec's `paths` write it (it ignores the
 * `servers` base path unless asked with `?__server=`), and forwards to `upstream` + that path: so
 * the client's baseUrl is the Prism URL itself, and `upstream` carries the sandbox prefix.
 */
export async function startPrism(spec: string, upstream: string, o: { errors: boolean }): Promise<PrismProxy> {
  const port = await freePort();
  const bin = path.join(ROOT, "node_modules/@stoplight/prism-cli/dist/index.js");
  const args = [bin, "proxy", path.join(ROOT, spec), upstream, "-p", String(port), "-h", "127.0.0.1", ...(o.errors ? ["--errors"] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start within 30 s:\n${out}`)), 30_000);
    const check = () => {
      if (/Prism is listening on/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`prism exited with code ${code} before listening:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
    },
  };
}

/** One answer Prism gave, with what it flagged: the `sl-violations` header, or its own problem+json answer. */
export interface PrismFlag {
  method: string;
  url: string;
  status: number;
  violations: { location?: string[]; severity: string; message: string }[];
  problem?: unknown;
}

/**
 * A fetch for the generated clients that goes through the real network (globalThis.fetch) and
 * records what Prism flagged on each answer. Nothing is mocked: the answer is returned unchanged.
 */
export function flaggingFetch() {
  const flags: PrismFlag[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const response = await globalThis.fetch(request);
    const header = response.headers.get("sl-violations");
    const isProblem = /problem\+json/i.test(response.headers.get("content-type") ?? "");
    if (header || isProblem) {
      const flag: PrismFlag = { method: request.method, url: request.url, status: response.status, violations: header ? (JSON.parse(header) as PrismFlag["violations"]) : [] };
      if (isProblem) flag.problem = await response.clone().json();
      flags.push(flag);
    }
    return response;
  };
  return { fetch, flags };
}
