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
 * `GET /__admin/requests` (the API requests received: arrival, status, fault, items applied — see
 * request-log.ts), `POST /__admin/reset` (back to the start data and the start of the fault
 * sequence, the request record emptied; with a JSON body in the data-file format, load that instead
 * — see store.ts). `GET /` lists the prefixes.
 *
 * ## Who may talk to it
 *
 * The sandbox listens on 127.0.0.1 by default, so only programs on the machine reach it; but a web
 * page open in the machine's browser is such a program. Three guards keep pages (and other users'
 * programs) from the admin routes and the APIs:
 *
 * - **Admin token.** Every `/__admin/*` route needs `x-admin-token: <token>`: by default a random
 *   token (crypto.randomBytes, 32 bytes, base64url) made at each start, printed by `profilekit
 *   sandbox` and exposed as `sandbox.adminToken`; or the one given (`--admin-token`,
 *   `startSandbox({ adminToken })`; visible ASCII, no spaces). Compared in constant time. Missing or
 *   wrong → 401 `{error: "unauthorized", message}`, before anything else is looked at (no route,
 *   method or store detail). A page cannot send the header without a CORS preflight, which the
 *   sandbox never grants.
 * - **Admin POSTs are JSON.** `POST /__admin/reset` takes `Content-Type: application/json` (or a
 *   `+json` type), or no body and no Content-Type at all; any other Content-Type, even with an
 *   empty body, is a 415, and so is a body without one. A cross-site form or `text/plain` POST
 *   cannot reset the store.
 * - **Host check (DNS rebinding).** Every request, admin and API (and `GET /`), must name in its
 *   `Host` header a loopback name — `localhost`, `127.0.0.1`, `[::1]` — or the address the sandbox
 *   was told to listen on, or a name given with `--allow-host` / `startSandbox({ allowedHosts })`;
 *   any port. Otherwise 403 `{error: "host_not_allowed", message}` (on Altcraft routes in
 *   Altcraft's shape `{error: 403, error_text}`), before the body is read or a fault drawn. A page
 *   of `evil.example` whose name is made to resolve to 127.0.0.1 still sends `Host: evil.example`.
 *   Listening on 0.0.0.0 or :: (all addresses) allows no extra name by itself: give the names
 *   the other machines use, e.g. `--host 0.0.0.0 --allow-host devbox.lan,192.168.1.20`.
 *
 * The API credentials (store.ts DEFAULT_CREDENTIALS) are public sandbox values: they are not a guard.
 *
 * ## Store caps
 *
 * The store holds at most `maxStoreRecords` records (default 1,000,000: Altcraft profiles, edna
 * subscribers and Pushtech contacts together) and `maxStoreBytes` bytes of JSON text (default
 * 256 MiB); see store.ts, "Store caps". A data load over a cap is refused (`startSandbox` and
 * `profilekit sandbox --data` fail with the JSON Pointer of the record, `POST /__admin/reset` answers
 * 400 `invalid_data` and keeps the state); an update that would go over the byte cap is refused
 * without changing anything: Altcraft HTTP 200 `{error: 507, error_text}` (per item in a batch), edna
 * and Pushtech HTTP 507 `{error: "store_full", message}`. The process holds the start data and the
 * live state, so its memory is bounded by about twice the byte cap plus the objects' overhead.
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
import { isUtf8, transcode } from "node:buffer";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { xmlShapes } from "../../generated/altcraft/xml.js";
import { decodeXml, encodeXml } from "../runtime/xml.js";
import { XmlDecodeError } from "../runtime/errors/xml-decode-error.js";
import { handleAltcraft, type AltcraftAnswer, type AltcraftOperation } from "./altcraft.js";
import { checkEdnaAuth, handleEdna } from "./edna.js";
import { FaultPlan, parseFaults, type Fault, type FaultRule } from "./faults.js";
import { errorAnswer, hostForm, hostOf, isJsonType, isXmlType, jsonAnswer, mediaType, prefersXml, readBody, redactSecrets, sameToken, type Answer } from "./http-util.js";
import { checkPushtechAuth, handlePushtech } from "./pushtech.js";
import { sampleData } from "./sample-data.js";
import { RequestLog, type LoggedRequest } from "./request-log.js";
import { SandboxDataError, SandboxStore, type SandboxCredentials, type StoreLimits } from "./store.js";

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
  /** The token of the admin routes (`x-admin-token` header; visible ASCII, no spaces). Default: a random one per start. */
  adminToken?: string;
  /** Host names or addresses the `Host` header may name besides the loopback names and `host` (any port). */
  allowedHosts?: readonly string[];
  /** At most this many records (profiles, subscribers, contacts together). Default 1,000,000. */
  maxStoreRecords?: number;
  /** At most this many bytes of JSON text in the store. Default 256 MiB. */
  maxStoreBytes?: number;
}

export interface Sandbox {
  /** `http://host:port`, no trailing slash. The APIs are under `/altcraft/api`, `/edna/api`, `/pushtech/api` (and `/api`). */
  url: string;
  /** The state: read it in tests, seed it with `store.reset(data)`. */
  store: SandboxStore;
  /** The API requests received (admin routes and `GET /` not included). */
  requests: RequestLog;
  /** The token the admin routes take in the `x-admin-token` header. */
  adminToken: string;
  /** The host names the `Host` header may name (any port): the loopback names, the listen address, `allowedHosts`. */
  allowedHosts: readonly string[];
  /** The fault sequence drawn so far is started again from the seed and the request record emptied; with `data`, the store is reset too. */
  reset(data?: unknown): void;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The header the admin routes read their token from. */
export const ADMIN_TOKEN_HEADER = "x-admin-token";

/** The Host names every sandbox answers to, whatever it listens on (any port). */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

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
  const adminToken = options.adminToken ?? randomBytes(32).toString("base64url");
  if (!/^[\x21-\x7e]+$/.test(adminToken)) throw new RangeError("adminToken must be visible ASCII characters without spaces (it is sent as a header), and not empty");
  const allowedHosts = new Set(LOOPBACK_HOSTS);
  const listenHost = options.host ?? "127.0.0.1";
  if (!["0.0.0.0", "::", "[::]"].includes(listenHost)) allowedHosts.add(hostForm(listenHost));
  for (const name of options.allowedHosts ?? []) {
    if (hostOf(hostForm(name)) !== hostForm(name)) throw new RangeError(`allowedHosts: ${JSON.stringify(name)} is not a host name or address (give it without a port or scheme)`);
    allowedHosts.add(hostForm(name));
  }
  const limits: Partial<StoreLimits> = {};
  if (options.maxStoreRecords !== undefined) limits.maxRecords = options.maxStoreRecords;
  if (options.maxStoreBytes !== undefined) limits.maxBytes = options.maxStoreBytes;
  const store = new SandboxStore(options.data ?? sampleData, options.credentials ?? {}, limits);
  const rules = typeof options.faults === "string" ? parseFaults(options.faults) : (options.faults ?? []);
  const plan = new FaultPlan(rules, options.seed ?? 1);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log;
  const requests = new RequestLog();

  const server: Server = createServer((req, res) => {
    const started = Date.now();
    const method = req.method ?? "GET";
    let path = "/";
    let note = "";
    /** Set for an API request (not an admin one): its entry in the request record. */
    let entry: LoggedRequest | undefined;
    const done = (status: number | "cut" | "aborted") => {
      const shown = redactSecrets(path, store.secrets());
      log?.(`${method} ${shown} ${status}${note} ${Date.now() - started}ms`);
      if (entry) requests.add({ ...entry, path: shown, status });
    };
    const serve = async (): Promise<void> => {
      try {
        path = new URL(req.url ?? "/", "http://sandbox").pathname;
      } catch {
        path = "(unreadable)";
        return done(send(res, errorAnswer(400, "bad_request", "The request target is not a valid URL path")));
      }
      const host = header(req, "host");
      if (!allowedHosts.has(hostOf(host) ?? "")) {
        const message = `${host === undefined ? "No Host header" : `Host ${JSON.stringify(host)} is not allowed`}: the sandbox answers only requests addressed to ${[...allowedHosts].join(", ")} (any port), a guard against DNS rebinding. Add a name with --allow-host (startSandbox({ allowedHosts }))`;
        const r = route(path);
        if (r !== undefined && r !== "bad-path-parameter" && r.api === "altcraft") {
          const wantsXml = isXmlType(mediaType(req.headers["content-type"])) || prefersXml(req.headers.accept);
          return done(send(res, altcraftAnswer(403, { error: 403, error_text: message }, r.op, wantsXml)));
        }
        return done(send(res, errorAnswer(403, "host_not_allowed", message)));
      }
      if (path === "/" || path.startsWith("/__admin/")) return done(await admin(req, res, path, { store, plan, requests }, maxBody, adminToken));
      const r = route(path);
      if (r === undefined) return done(send(res, errorAnswer(404, "not_found", `No route ${path}. The APIs live under ${Object.values(PREFIXES).join(", ")} (or /api): see GET /`)));
      if (r === "bad-path-parameter") return done(send(res, errorAnswer(400, "bad_request", "A path parameter is not valid percent-encoding")));
      if (!r.allow.includes(method)) {
        return done(send(res, errorAnswer(405, "method_not_allowed", `${path} takes ${r.allow.join(" or ")}, not ${method}`, {}, { allow: r.allow.join(", ") })));
      }
      const fault = plan.draw();
      entry = { at: started, method, path, status: 0 };
      if (fault.kind !== "none") {
        entry.fault = describeFault(fault);
        note = ` (fault: ${entry.fault})`;
      }
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
      const answer = dispatch(r, req, read.bytes, store, wantsXml, entry);
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
    requests,
    adminToken,
    allowedHosts: [...allowedHosts],
    reset(data?: unknown) {
      if (data !== undefined) store.reset(data);
      plan.reset();
      requests.clear();
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

/**
 * Valid UTF-8 as text. ICU's converter to UTF-16 is about three times quicker than V8's UTF-8 decoding
 * on Cyrillic text (Node 20), the bulk of a batch of profiles; a Node built without ICU decodes as usual.
 */
function utf8Text(bytes: Buffer): string {
  if (bytes.length < 1024 || !hasIcu) return bytes.toString("utf8");
  return transcode(bytes, "utf8", "utf16le").toString("utf16le");
}
const hasIcu = typeof process.versions.icu === "string";

function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false; message: string } {
  // Checked, then decoded: a fatal TextDecoder does both, several times slower on non-ASCII text.
  if (!isUtf8(bytes)) return { ok: false, message: "The body is not valid UTF-8" };
  const text = utf8Text(bytes);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: `Malformed JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Processes an API request; `entry` gets the items it carried and how many the store applied. */
function dispatch(r: Route, req: IncomingMessage, bytes: Buffer, store: SandboxStore, wantsXml: boolean, entry: LoggedRequest): Answer {
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
      return altcraftAnswer(
        415,
        { error: 415, error_text: `Unsupported Content-Type ${type === undefined ? "(none)" : JSON.stringify(type)}: send application/json or application/xml` },
        r.op,
        wantsXml,
      );
    }
    const answer = handleAltcraft(store, r.op, body, (name) => header(req, name));
    if (answer.result) {
      entry.items = answer.result.length;
      entry.applied = answer.result.filter((i) => i.error === 0).length;
    } else if (r.op === "updateProfile") {
      entry.items = 1;
      entry.applied = answer.error === 0 ? 1 : 0;
    }
    answer.error_text = redactSecrets(answer.error_text, store.secrets());
    for (const i of answer.errors ?? []) i.message = redactSecrets(i.message, store.secrets());
    return altcraftAnswer(200, answer, r.op, wantsXml);
  }

  const auth = r.api === "edna" ? checkEdnaAuth(store, (name) => header(req, name)) : checkPushtechAuth(store, r.accountId, (name) => header(req, name));
  if (auth) return auth;
  if (!isJsonType(type)) return errorAnswer(415, "unsupported_media_type", `Unsupported Content-Type ${type === undefined ? "(none)" : JSON.stringify(type)}: send application/json`);
  const parsed = parseJson(bytes);
  if (!parsed.ok) return errorAnswer(400, "malformed_body", parsed.message);
  const answer = r.api === "edna" ? handleEdna(store, req.method === "PATCH" ? "patchSubscriber" : "replaceSubscriber", parsed.value) : handlePushtech(store, r.accountId, r.contactId, parsed.value);
  entry.items = 1;
  entry.applied = answer.status >= 200 && answer.status < 300 ? 1 : 0;
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

async function admin(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  { store, plan, requests }: { store: SandboxStore; plan: FaultPlan; requests: RequestLog },
  maxBody: number,
  token: string,
): Promise<number | "aborted"> {
  const method = req.method ?? "GET";
  if (path !== "/") {
    const given = header(req, ADMIN_TOKEN_HEADER);
    if (!sameToken(given, token)) {
      const message =
        given === undefined
          ? `The admin routes need this sandbox's admin token in the ${ADMIN_TOKEN_HEADER} header: profilekit sandbox prints it at start (or takes --admin-token); in tests, sandbox.adminToken`
          : `The ${ADMIN_TOKEN_HEADER} header is not this sandbox's admin token`;
      return send(res, errorAnswer(401, "unauthorized", message));
    }
  }
  if (path === "/") {
    if (method !== "GET") return send(res, errorAnswer(405, "method_not_allowed", `/ takes GET, not ${method}`, {}, { allow: "GET" }));
    return send(
      res,
      jsonAnswer(200, {
        name: "profilekit sandbox",
        apis: { altcraft: PREFIXES.altcraft, edna: PREFIXES.edna, pushtech: PREFIXES.pushtech, all: "/api" },
        admin: {
          "GET /__admin/store": "the state",
          "GET /__admin/requests": "the API requests received: arrival (ms since the epoch), status, fault, items and items applied",
          "POST /__admin/reset": "back to the start data (or load the application/json body), fault sequence restarted",
          token: `every admin route needs the ${ADMIN_TOKEN_HEADER} header (printed by profilekit sandbox at start)`,
        },
      }),
    );
  }
  if (path === "/__admin/store") {
    if (method !== "GET") return send(res, errorAnswer(405, "method_not_allowed", `${path} takes GET, not ${method}`, {}, { allow: "GET" }));
    return send(res, jsonAnswer(200, store.snapshot()));
  }
  if (path === "/__admin/requests") {
    if (method !== "GET") return send(res, errorAnswer(405, "method_not_allowed", `${path} takes GET, not ${method}`, {}, { allow: "GET" }));
    return send(res, jsonAnswer(200, { requests: requests.entries(), dropped: requests.dropped }));
  }
  if (path === "/__admin/reset") {
    if (method !== "POST") return send(res, errorAnswer(405, "method_not_allowed", `${path} takes POST, not ${method}`, {}, { allow: "POST" }));
    const type = mediaType(req.headers["content-type"]);
    const notJson = `${path} takes Content-Type: application/json (or no body and no Content-Type)`;
    if (type !== undefined && !isJsonType(type)) return send(res, errorAnswer(415, "unsupported_media_type", `${notJson}, not ${JSON.stringify(type)}`));
    const read = await readBody(req, maxBody);
    if (read.kind === "aborted") return "aborted";
    if (read.kind === "too-large") {
      if (!read.drained) res.once("finish", () => req.socket.destroy());
      return send(res, errorAnswer(413, "too_large", `The body is larger than ${read.limit} bytes`), { close: true });
    }
    let data: unknown;
    if (read.bytes.length > 0) {
      if (type === undefined) return send(res, errorAnswer(415, "unsupported_media_type", `${notJson}: a body came without one`));
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
    requests.clear();
    return send(res, jsonAnswer(200, { reset: true }));
  }
  return send(res, errorAnswer(404, "not_found", `No admin route ${path} (GET /__admin/store, GET /__admin/requests, POST /__admin/reset)`));
}
