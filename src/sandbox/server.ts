/**
 * The sandbox's HTTP server (node:http).
 *
 * ## URL layout
 *
 * Each vendor's API sits under its own prefix, so a generated client works with
 * `baseUrl: sandbox.url + "/<prefix>"`:
 *
 * | API | prefix (client `baseUrl`) | routes |
 * | --- | --- | --- |
 * | Altcraft | `/altcraft/api` | `POST /v1.1/profiles/update`, `POST /v1.1/profiles/update_batch` |
 * | edna Pulse | `/edna/api` | `POST` and `PATCH /subscribers/update` |
 * | Pushtech | `/pushtech/api` | `PUT /v2/account/{account_id}/contact/{contact_id}` |
 *
 * No two vendors share a path, so every route also answers under the bare `/api` (the vendors' own
 * base path): `baseUrl: sandbox.url + "/api"` works for all three clients.
 *
 * Admin routes (never subject to fault injection): `GET /__admin/store` (the state as JSON),
 * `POST /__admin/reset` (back to the start data and the start of the fault sequence; with a JSON
 * body in the data-file format, load that instead — see store.ts). `GET /` lists the prefixes.
 *
 * ## Transport errors (before an API sees the request)
 *
 * Unknown path → 404; known path, other method → 405 with `Allow`; body over `maxBodyBytes`
 * (default 16 MiB) → 413, answered once the rest has been read and thrown away (up to 128 MiB in all;
 * beyond that the connection is closed after the 413); a content type the route does not take
 * (Altcraft: JSON or XML; edna, Pushtech: JSON) → 415; malformed JSON or XML, or invalid UTF-8 →
 * 400. Bodies: `{error, message}` (JSON), except on Altcraft routes, where they take Altcraft's own
 * shape `{error: <status>, error_text}`, in XML when the request was XML or `Accept` prefers XML.
 * An unexpected failure inside the sandbox is a 500; the server keeps running.
 *
 * ## Fault injection
 *
 * See faults.ts. Only API routes draw a fault (not 404/405, not admin routes), one draw per request
 * in arrival order. A faulted answer carries `x-sandbox-fault: <status> | delay <ms> | cut`. A
 * status fault is answered after the body is read and before it is processed (the store does not
 * change); a delay waits before processing; a cut processes the request (the store changes) and
 * loses the answer midway.
 *
 * ## Logging
 *
 * With `log`, one line per request: method, path (no query), status, milliseconds, and the fault
 * injected if any. Never a header or a body, so never a token or key.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { xmlShapes } from "../../generated/altcraft/xml.js";
import { decodeXml, encodeXml } from "../runtime/xml.js";
import { XmlDecodeError } from "../runtime/errors/xml-decode-error.js";
import { handleAltcraft, type AltcraftAnswer, type AltcraftOperation } from "./altcraft.js";
import { handleEdna } from "./edna.js";
import { FaultPlan, parseFaults, type Fault, type FaultRule } from "./faults.js";
import { errorAnswer, isJsonType, isXmlType, jsonAnswer, mediaType, prefersXml, readBody, redactSecrets, sameSecret, type Answer } from "./http-util.js";
import { checkPushtechAuth, handlePushtech } from "./pushtech.js";
import { sampleData } from "./sample-data.js";
import { SandboxDataError, SandboxStore, type SandboxCredentials } from "./store.js";

export interface SandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. The CLI defaults to 4010. */
  port?: number;
  /** Host to listen on. Default 127.0.0.1. */
  host?: string;
  /** Start data in the data-file format (store.ts). Default: the embedded sample (sample-data.ts). */
  data?: unknown;
  /** Credentials, over those of the data file and the defaults (store.ts DEFAULT_CREDENTIALS). */
  credentials?: Partial<SandboxCredentials>;
  /** Fault injection: a spec such as "500:0.1,429:0.05,delay:0.1:200,cut:0.05", or rules (faults.ts). */
  faults?: string | readonly FaultRule[];
  /** Seed of the fault sequence. Default 1. */
  seed?: number;
  /** Largest request body read, in bytes; larger is a 413. Default 16 MiB. */
  maxBodyBytes?: number;
  /** One line per request (method, path, status, ms, fault); nothing logged without it. */
  log?: (line: string) => void;
}

export interface Sandbox {
  /** `http://host:port`, no trailing slash. The APIs are under `/altcraft/api`, `/edna/api`, `/pushtech/api` (and `/api`). */
  url: string;
  /** The state: read it in tests, seed it with `store.reset(data)`. */
  store: SandboxStore;
  /** The fault sequence drawn so far is started again from the seed; with `data`, the store is reset too. */
  reset(data?: unknown): void;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

export const PREFIXES = { altcraft: "/altcraft/api", edna: "/edna/api", pushtech: "/pushtech/api" } as const;
type Api = keyof typeof PREFIXES;

type Route =
  | { api: "altcraft"; op: AltcraftOperation; allow: readonly string[] }
  | { api: "edna"; allow: readonly string[] }
  | { api: "pushtech"; accountId: string; contactId: string; allow: readonly string[] };

const PUSHTECH_PATH = /^\/v2\/account\/([^/]+)\/contact\/([^/]+)$/;

/** The route of a path, `bad-path-parameter` for an undecodable parameter, or undefined. */
function route(path: string): Route | "bad-path-parameter" | undefined {
  let apis: readonly Api[];
  let rest: string;
  const own = (Object.keys(PREFIXES) as Api[]).find((api) => path.startsWith(PREFIXES[api] + "/"));
  if (own) {
    apis = [own];
    rest = path.slice(PREFIXES[own].length);
  } else if (path.startsWith("/api/")) {
    apis = ["altcraft", "edna", "pushtech"];
    rest = path.slice(4);
  } else return undefined;
  if (apis.includes("altcraft")) {
    if (rest === "/v1.1/profiles/update") return { api: "altcraft", op: "updateProfile", allow: ["POST"] };
    if (rest === "/v1.1/profiles/update_batch") return { api: "altcraft", op: "updateProfilesBatch", allow: ["POST"] };
  }
  if (apis.includes("edna") && rest === "/subscribers/update") return { api: "edna", allow: ["POST", "PATCH"] };
  const m = apis.includes("pushtech") ? PUSHTECH_PATH.exec(rest) : null;
  if (m) {
    try {
      return { api: "pushtech", accountId: decodeURIComponent(m[1]!), contactId: decodeURIComponent(m[2]!), allow: ["PUT"] };
    } catch {
      return "bad-path-parameter";
    }
  }
  return undefined;
}

/** Starts the sandbox; resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const store = new SandboxStore(options.data ?? sampleData, options.credentials ?? {});
  const rules = typeof options.faults === "string" ? parseFaults(options.faults) : (options.faults ?? []);
  const plan = new FaultPlan(rules, options.seed ?? 1);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log;

  const server: Server = createServer((req, res) => {
    const started = Date.now();
    const method = req.method ?? "GET";
    let path = "/";
    let note = "";
    const done = (status: number | "cut" | "aborted") => {
      log?.(`${method} ${redactSecrets(path, store.secrets())} ${status}${note} ${Date.now() - started}ms`);
    };
    const serve = async (): Promise<void> => {
      try {
        path = new URL(req.url ?? "/", "http://sandbox").pathname;
      } catch {
        path = "(unreadable)";
        return done(send(res, errorAnswer(400, "bad_request", "The request target is not a valid URL path")));
      }
      if (path === "/" || path.startsWith("/__admin/")) return done(await admin(req, res, path, store, plan, maxBody));
      const r = route(path);
      if (r === undefined) return done(send(res, errorAnswer(404, "not_found", `No route ${path}. The APIs live under ${Object.values(PREFIXES).join(", ")} (or /api): see GET /`)));
      if (r === "bad-path-parameter") return done(send(res, errorAnswer(400, "bad_request", "A path parameter is not valid percent-encoding")));
      if (!r.allow.includes(method)) {
        return done(send(res, errorAnswer(405, "method_not_allowed", `${path} takes ${r.allow.join(" or ")}, not ${method}`, {}, { allow: r.allow.join(", ") })));
      }
      const fault = plan.draw();
      if (fault.kind !== "none") note = ` (fault: ${describeFault(fault)})`;
      const read = await readBody(req, maxBody);
      if (read.kind === "aborted") return done("aborted");
      const wantsXml = r.api === "altcraft" && (isXmlType(mediaType(req.headers["content-type"])) || prefersXml(req.headers.accept));
      if (read.kind === "too-large") {
        const message = `The body is larger than ${read.limit} bytes, the sandbox's limit`;
        const status = send(res, r.api === "altcraft" ? altcraftAnswer(413, { error: 413, error_text: message }, r.op, wantsXml) : errorAnswer(413, "too_large", message), { close: true });
        if (!read.drained) res.once("finish", () => req.socket.destroy());
        return done(status);
      }
      if (fault.kind === "status") {
        const headers: Record<string, string> = { "x-sandbox-fault": String(fault.status) };
        if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
        return done(send(res, errorAnswer(fault.status, "injected_fault", `HTTP ${fault.status} injected by the sandbox's fault injection (--faults); the request was not processed`, {}, headers)));
      }
      if (fault.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
      const answer = dispatch(r, req, read.bytes, store, wantsXml);
      if (fault.kind !== "none") answer.headers = { ...answer.headers, "x-sandbox-fault": fault.kind === "delay" ? `delay ${fault.ms}` : fault.kind };
      if (fault.kind === "cut") return done(cut(res, answer));
      return done(send(res, answer));
    };
    serve().catch(() => {
      if (!res.headersSent) done(send(res, errorAnswer(500, "sandbox_error", "The sandbox failed on this request; it keeps running")));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address === "::" ? "::1" : address.address}]` : address.address === "0.0.0.0" ? "127.0.0.1" : address.address;
  return {
    url: `http://${host}:${address.port}`,
    store,
    reset(data?: unknown) {
      if (data !== undefined) store.reset(data);
      plan.reset();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function describeFault(f: Fault): string {
  switch (f.kind) {
    case "status":
      return String(f.status);
    case "delay":
      return `delay ${f.ms}ms`;
    default:
      return f.kind;
  }
}

// ---------------------------------------------------------------------------------------- dispatch

function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false; message: string } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: "The body is not valid UTF-8" };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: `Malformed JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function dispatch(r: Route, req: IncomingMessage, bytes: Buffer, store: SandboxStore, wantsXml: boolean): Answer {
  const type = mediaType(req.headers["content-type"]);
  if (r.api === "altcraft") {
    let body: unknown;
    if (isXmlType(type)) {
      try {
        body = decodeXml(bytes, xmlShapes[r.op]!.request!);
      } catch (e) {
        const message = e instanceof XmlDecodeError ? e.message : "Malformed XML";
        return altcraftAnswer(400, { error: 400, error_text: redactSecrets(message, store.secrets()) }, r.op, wantsXml);
      }
    } else if (isJsonType(type)) {
      const parsed = parseJson(bytes);
      if (!parsed.ok) return altcraftAnswer(400, { error: 400, error_text: redactSecrets(parsed.message, store.secrets()) }, r.op, wantsXml);
      body = parsed.value;
    } else {
      return altcraftAnswer(415, { error: 415, error_text: `Unsupported Content-Type ${type === undefined ? "(none)" : JSON.stringify(type)}: send application/json or application/xml` }, r.op, wantsXml);
    }
    const answer = handleAltcraft(store, r.op, body, header(req, "authorization"));
    answer.error_text = redactSecrets(answer.error_text, store.secrets());
    for (const i of answer.errors ?? []) i.message = redactSecrets(i.message, store.secrets());
    return altcraftAnswer(200, answer, r.op, wantsXml);
  }

  const auth = r.api === "edna" ? (sameSecret(header(req, "x-api-key"), store.credentials.edna) ? undefined : errorAnswer(401, "unauthorized", header(req, "x-api-key") === undefined ? "Send the API key in the x-api-key header" : "The x-api-key is not valid")) : checkPushtechAuth(store, r.accountId, header(req, "authorization"));
  if (auth) return auth;
  if (!isJsonType(type)) return errorAnswer(415, "unsupported_media_type", `Unsupported Content-Type ${type === undefined ? "(none)" : JSON.stringify(type)}: send application/json`);
  const parsed = parseJson(bytes);
  if (!parsed.ok) return errorAnswer(400, "malformed_body", parsed.message);
  const answer = r.api === "edna" ? handleEdna(store, req.method === "PATCH" ? "patchSubscriber" : "replaceSubscriber", parsed.value) : handlePushtech(store, r.accountId, r.contactId, parsed.value);
  if (answer.body !== undefined) answer.body = redactSecrets(answer.body, store.secrets());
  return answer;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function altcraftAnswer(status: number, answer: AltcraftAnswer, op: AltcraftOperation, xml: boolean): Answer {
  if (xml) {
    try {
      return { status, headers: { "content-type": "application/xml" }, body: encodeXml(answer, xmlShapes[op]!.response!) };
    } catch {
      // an answer XML cannot carry (it never happens with the answers built here): JSON instead
    }
  }
  return jsonAnswer(status, answer);
}

// ---------------------------------------------------------------------------------------- writing

function send(res: ServerResponse, a: Answer, o: { close?: boolean } = {}): number {
  if (res.headersSent || res.destroyed) return a.status;
  const headers: Record<string, string> = { ...a.headers };
  if (o.close) headers.connection = "close";
  res.writeHead(a.status, headers);
  res.end(a.body ?? "");
  return a.status;
}

/** The `cut` fault: status line, headers and half of the body, then the socket is destroyed. */
function cut(res: ServerResponse, a: Answer): "cut" {
  const body = Buffer.from(a.body ?? "");
  const socket = res.socket;
  if (body.length === 0 || !socket) {
    socket?.destroy();
    return "cut";
  }
  res.writeHead(a.status, { ...a.headers, "content-length": String(body.length) });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => socket.destroy());
  return "cut";
}

// ---------------------------------------------------------------------------------------- admin

async function admin(req: IncomingMessage, res: ServerResponse, path: string, store: SandboxStore, plan: FaultPlan, maxBody: number): Promise<number | "aborted"> {
  const method = req.method ?? "GET";
  if (path === "/") {
    if (method !== "GET") return send(res, errorAnswer(405, "method_not_allowed", `/ takes GET, not ${method}`, {}, { allow: "GET" }));
    return send(
      res,
      jsonAnswer(200, {
        name: "profilekit sandbox",
        apis: { altcraft: PREFIXES.altcraft, edna: PREFIXES.edna, pushtech: PREFIXES.pushtech, all: "/api" },
        admin: { "GET /__admin/store": "the state", "POST /__admin/reset": "back to the start data (or load the JSON body), fault sequence restarted" },
      }),
    );
  }
  if (path === "/__admin/store") {
    if (method !== "GET") return send(res, errorAnswer(405, "method_not_allowed", `${path} takes GET, not ${method}`, {}, { allow: "GET" }));
    return send(res, jsonAnswer(200, store.snapshot()));
  }
  if (path === "/__admin/reset") {
    if (method !== "POST") return send(res, errorAnswer(405, "method_not_allowed", `${path} takes POST, not ${method}`, {}, { allow: "POST" }));
    const read = await readBody(req, maxBody);
    if (read.kind === "aborted") return "aborted";
    if (read.kind === "too-large") {
      if (!read.drained) res.once("finish", () => req.socket.destroy());
      return send(res, errorAnswer(413, "too_large", `The body is larger than ${read.limit} bytes`), { close: true });
    }
    let data: unknown;
    if (read.bytes.length > 0) {
      if (!isJsonType(mediaType(req.headers["content-type"]))) return send(res, errorAnswer(415, "unsupported_media_type", "Send the data as application/json"));
      const parsed = parseJson(read.bytes);
      if (!parsed.ok) return send(res, errorAnswer(400, "malformed_body", parsed.message));
      data = parsed.value;
    }
    try {
      store.reset(data);
    } catch (e) {
      if (e instanceof SandboxDataError) return send(res, errorAnswer(400, "invalid_data", e.message, { pointer: e.pointer }));
      throw e;
    }
    plan.reset();
    return send(res, jsonAnswer(200, { reset: true }));
  }
  return send(res, errorAnswer(404, "not_found", `No admin route ${path} (GET /__admin/store, POST /__admin/reset)`));
}
