import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAltcraftClient } from "../../generated/altcraft/index.js";
import { createEdnaClient } from "../../generated/edna/index.js";
import { createPushtechClient } from "../../generated/pushtech/index.js";
import { redactError } from "../../src/runtime/errors/profilekit-error.js";
import { ConfigError, HttpError, NetworkError, ProfilekitError, ValidationError, VendorError, XmlDecodeError, XmlEncodeError } from "../../src/runtime/errors.js";
import { redact, redactor } from "../../src/runtime/redact.js";

// "No secret leaves through an error object": a hostile loopback server echoes each client's credential
// back everywhere it can (JSON bodies, keys, headers, redirects, XML, broken XML, broken JSON, cut
// connections), and every way an error or a batch report can be printed must show none of it.

const LONG = "Tq7-long-9f8e7d6c5b4a-zW";
const SHORT = "k9Z";
const USER = "crm-sync";

let server: Server;
let origin = "";

/** The credential the client sent: x-api-key, Authorization (Bearer / Token token=), the body's token, or ?token= after a redirect. */
function credentialOf(req: IncomingMessage, body: string, url: URL): string {
  const key = req.headers["x-api-key"];
  if (typeof key === "string") return key;
  const auth = req.headers["authorization"];
  if (typeof auth === "string") return auth.replace(/^Bearer /, "").replace(/^Token token=/, "");
  const xml = /<token>([^<]*)<\/token>/.exec(body);
  if (xml) return xml[1]!;
  if (body.startsWith("{")) {
    const token = (JSON.parse(body) as { token?: unknown }).token;
    if (typeof token === "string") return token;
  }
  return url.searchParams.get("token") ?? "";
}

function echo(s: string): Record<string, unknown> {
  return {
    error: 401,
    error_text: `Invalid token ${s}`,
    message: `Bearer ${s} was refused; send Token token=${s} instead`,
    token: s,
    [s]: s,
    nested: { list: [s, `token=${s}`, { auth: `Authorization: Bearer ${s}` }] },
    url: `https://svc:${s}@api.example.com/${s}/x?token=${s}`,
  };
}

function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? "/", "http://localhost");
  const mode = url.pathname.split("/")[2] ?? "";
  const s = credentialOf(req, body, url);
  const headers = {
    "x-echo-token": s,
    "www-authenticate": `Bearer error="invalid_token", token="${s}"`,
    location: `/m/400/moved/${s}?token=${s}`,
  };
  const json = (status: number, value: unknown, more: Record<string, string> = {}) => {
    res.writeHead(status, { ...headers, "content-type": "application/json", ...more });
    res.end(JSON.stringify(value));
  };
  const raw = (status: number, type: string, text: string) => {
    res.writeHead(status, { ...headers, "content-type": type });
    res.end(text);
  };
  const items = body.startsWith("{") ? ((JSON.parse(body) as { data?: unknown[] }).data?.length ?? 0) : body.split("<data").length - 1;
  switch (mode) {
    case "vendor":
      return json(200, echo(s));
    case "400":
    case "401":
    case "403":
    case "404":
    case "422":
      return json(Number(mode), echo(s));
    case "500":
    case "503":
    case "429":
      return json(Number(mode), echo(s), { "retry-after": s });
    case "text400":
      return raw(400, "text/plain", `Invalid token: ${s}\nAuthorization: Bearer ${s}`);
    case "html500":
      // The secret where a message cut at 500 characters would halve it if it were cut before redacting.
      return raw(500, "text/html", `<html>${"x".repeat(489)} ${s} ${"y".repeat(600)} token=${s}</html>`);
    case "redirect":
      res.writeHead(303, { location: `/m/400/after/${s}?token=${encodeURIComponent(s)}` });
      return void res.end();
    case "badjson":
      return raw(200, "application/json", `${s} is not JSON, ${s}`);
    case "badjson2":
      return raw(200, "application/json", `{"ok":true,"token":"${s}" ${s}}`);
    case "cut":
      return void req.socket.destroy();
    case "cutbody":
      res.writeHead(200, { ...headers, "content-type": "application/json" });
      res.write(`{"error":0,"error_text":"${s}`);
      return void setTimeout(() => res.socket?.destroy(), 5);
    case "items":
      return json(200, {
        error: 0,
        error_text: `Successful operation for ${s}`,
        result: Array.from({ length: items }, (_, i) =>
          i % 3 === 0
            ? { error: 0, error_text: `Successful operation, token ${s}`, profile_id: s, token: s }
            : i % 3 === 1
              ? { error: 401, error_text: `Invalid token ${s}` }
              : { error: s, error_text: s },
        ),
      });
    case "xml-vendor":
      return raw(200, "application/xml", `<xml><error>401</error><error_text>Invalid token ${s}</error_text><token>${s}</token><${s}>${s}</${s}><url>https://svc:${s}@h/${s}</url></xml>`);
    case "xml-items": {
      const results = Array.from({ length: items }, (_, i) =>
        i % 2 === 0
          ? `<result><error>0</error><error_text>ok ${s}</error_text><profile_id>${s}</profile_id></result>`
          : `<result><error>401</error><error_text>Invalid token ${s}</error_text></result>`,
      );
      return raw(200, "application/xml", `<xml><error>0</error><error_text>ok</error_text>${results.join("")}</xml>`);
    }
    case "xml-text":
      // The secret past the decoder's 40-character cut of unexpected text.
      return raw(200, "application/xml", `<xml><error>1</error>${"j".repeat(30)} ${s} ${s}<error_text>x</error_text></xml>`);
    case "xml-attr":
      return raw(200, "application/xml", `<xml><error token='${s}'>1</error></xml>`);
    case "xml-tag":
      return raw(200, "application/xml", `<xml><error>1</error><${s}></xml>`);
    case "xml-close":
      return raw(200, "application/xml", `<xml><error>1</error></${s}>`);
    case "xml-shape":
      return raw(200, "application/xml", `<xml><error>${s}</error><error_text>${s}</error_text></xml>`);
    case "xml-400":
      return raw(400, "application/xml", `<xml><error>400</error><error_text>Invalid token ${s}</error_text></xml>`);
    default:
      return json(200, { error: 0, error_text: "Successful operation", profile_id: "p1" });
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => answer(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Every way an error or a report gets printed. */
function views(value: unknown): Record<string, string> {
  const out: Record<string, string> = {
    "JSON.stringify": JSON.stringify(value) ?? "",
    "util.inspect": inspect(value, { depth: Infinity }),
    "util.inspect (default)": inspect(value),
  };
  if (value instanceof Error) {
    out["message"] = value.message;
    out["stack"] = value.stack ?? "";
    out["String"] = String(value);
    out["cause"] = inspect(value.cause, { depth: Infinity });
  }
  return out;
}

/** No secret, and for a long one not even its first or last six characters (a snippet cut in two). */
function expectHidden(value: unknown, secrets: readonly string[]): void {
  for (const [view, text] of Object.entries(views(value))) {
    for (const s of secrets) {
      expect(text, `${view} shows ${s}`).not.toContain(s);
      if (s.length >= 12) {
        expect(text, `${view} shows the start of ${s}`).not.toContain(s.slice(0, 6));
        expect(text, `${view} shows the end of ${s}`).not.toContain(s.slice(-6));
      }
    }
  }
}

async function failure(p: Promise<unknown>): Promise<ProfilekitError> {
  const e = await p.then(
    (v) => {
      throw new Error(`expected a failure, got ${JSON.stringify(v)}`);
    },
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(ProfilekitError);
  return e as ProfilekitError;
}

const profile = { db_id: 1, email: "john@example.com", data: { _fname: "John" } };
const subscriber = { addresses: [{ address: "ext-42", type: "EXT_USER_ID" as const }] };

type Call = (baseUrl: string, secret: string) => Promise<unknown>;
const clients: Record<string, { call: Call; xml?: boolean }> = {
  "altcraft (token in the body)": { call: (baseUrl, token) => createAltcraftClient({ baseUrl, token }).updateProfile(profile) },
  "altcraft (Authorization: Bearer)": { call: (baseUrl, token) => createAltcraftClient({ baseUrl, token, tokenIn: "header" }).updateProfile(profile) },
  "altcraft (XML)": { call: (baseUrl, token) => createAltcraftClient({ baseUrl, token, format: "xml" }).updateProfile(profile), xml: true },
  "edna (x-api-key)": { call: (baseUrl, apiKey) => createEdnaClient({ baseUrl, apiKey }).patchSubscriber(subscriber) },
  "pushtech (Token token=)": { call: (baseUrl, token) => createPushtechClient({ baseUrl, token }).updateContact({ account_id: "acc-1", contact_id: "c1" }, { name_first: "John" }) },
};

const httpModes: [mode: string, status: number][] = [
  ["400", 400],
  ["401", 401],
  ["403", 403],
  ["404", 404],
  ["422", 422],
  ["429", 429],
  ["500", 500],
  ["503", 503],
  ["text400", 400],
  ["html500", 500],
  ["redirect", 400],
];

describe.each([
  ["a long secret", LONG],
  ["a 3-character secret", SHORT],
])("%s echoed by a hostile server", (_, secret) => {
  const base = (mode: string) => `${origin}/m/${mode}/api`;

  describe.each(Object.entries(clients))("%s", (_, { call, xml }) => {
    test.each(httpModes)("HTTP %s is an HttpError that shows no secret, and still says what came back", async (mode, status) => {
      const e = await failure(call(base(mode), secret));
      expect(e).toBeInstanceOf(HttpError);
      const h = e as HttpError;
      expect(h.status).toBe(status);
      expect(h.message).toContain(`answered HTTP ${status}`);
      expect(h.message).toMatch(/^(POST|PATCH|PUT|GET) http:\/\/127\.0\.0\.1:/);
      expectHidden(e, [secret]);
      if (mode === "429" || mode === "500" || mode === "503") expect(h.retryAfter).toBe("[redacted]");
      if (mode === "redirect") expect(h.url).toContain("/m/400/after/[redacted]?token=[redacted]");
      if (["400", "401", "403", "404", "422", "429", "500", "503"].includes(mode)) {
        // The answer keeps its shape: only the secret is gone.
        expect(h.body).toMatchObject({
          error: 401,
          error_text: "Invalid token [redacted]",
          token: "[redacted]",
          "[redacted]": "[redacted]",
          nested: { list: ["[redacted]", "token=[redacted]", { auth: "Authorization: Bearer [redacted]" }] },
          url: "https://[redacted]@api.example.com/[redacted]/x?token=[redacted]",
        });
        expect(h.message).toContain("Invalid token [redacted]");
      }
    });

    test("a connection cut is a NetworkError, with the secret in the base URL's path hidden", async () => {
      const e = await failure(call(`${origin}/m/cut/${secret}/api`, secret));
      expect(e).toBeInstanceOf(NetworkError);
      expect((e as NetworkError).url).toContain("/m/cut/[redacted]/api");
      expect(e.message).toContain("got no answer");
      expectHidden(e, [secret]);
    });

    test("a base URL with user:pass@ is a NetworkError that shows neither", async () => {
      const password = secret === SHORT ? "p4Z" : "hunter2-Passw0rd";
      const e = await failure(call(`http://${USER}:${password}@${origin.slice("http://".length)}/m/cut/${secret}/api`, secret));
      expect(e).toBeInstanceOf(NetworkError);
      expect((e as NetworkError).url).toMatch(/^http:\/\/\[redacted\]@127\.0\.0\.1:\d+\/m\/cut\/\[redacted\]\/api/);
      expectHidden(e, [secret, password, USER]);
    });

    // JSON clients only: the XML client's broken answers are the XmlDecodeError cases below.
    if (!xml)
      test("an answer cut in its body, and a 2xx answer that is not JSON, show no secret when they fail", async () => {
        for (const mode of ["cutbody", "badjson", "badjson2"]) {
          // edna answers 200 with no content: a body it does not read is no failure.
          const e = await call(base(mode), secret).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (e !== undefined) expectHidden(e, [secret]);
        }
      });

    if (!xml) return;

    test("an XML answer with error ≠ 0 is a VendorError whose body shows no secret, even as an element name", async () => {
      const e = await failure(call(base("xml-vendor"), secret));
      expect(e).toBeInstanceOf(VendorError);
      expect((e as VendorError).code).toBe(401);
      expect((e as VendorError).body).toMatchObject({ error_text: "Invalid token [redacted]", token: "[redacted]", "[redacted]": "[redacted]", url: "https://[redacted]@h/[redacted]" });
      expectHidden(e, [secret]);
    });

    test.each(["xml-text", "xml-attr", "xml-tag", "xml-close", "xml-shape"])("a refused XML answer (%s) is an XmlDecodeError that shows no secret", async (mode) => {
      const e = await failure(call(base(mode), secret));
      expect(e).toBeInstanceOf(XmlDecodeError);
      expect(e.message).toMatch(/^Cannot read the XML/);
      expectHidden(e, [secret]);
    });

    test("an XML 400 answer is an HttpError whose text body shows no secret", async () => {
      const e = await failure(call(base("xml-400"), secret));
      expect(e).toBeInstanceOf(HttpError);
      expect((e as HttpError).body).toContain("Invalid token [redacted]");
      expectHidden(e, [secret]);
    });
  });

  test("Altcraft's HTTP 200 with error ≠ 0 is a VendorError that shows no secret", async () => {
    const e = await failure(createAltcraftClient({ baseUrl: base("vendor"), token: secret }).updateProfile(profile));
    expect(e).toBeInstanceOf(VendorError);
    const v = e as VendorError;
    expect(v.code).toBe(401);
    expect(v.vendorMessage).toBe("Invalid token [redacted]");
    expect(v.message).toContain("vendor error 401: Invalid token [redacted]");
    expect(v.body).toMatchObject({ token: "[redacted]", "[redacted]": "[redacted]" });
    expectHidden(e, [secret]);
  });

  test("a ValidationError shows no secret (the body's own token, and the credential)", async () => {
    const e = await failure(createAltcraftClient({ baseUrl: base("ok"), token: secret }).updateProfile({ db_id: secret, data: { [secret]: 1 } } as never));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toContain("[redacted]");
    expectHidden(e, [secret]);
  });

  test("a ConfigError for a base URL holding the secret shows none of it", () => {
    let e: unknown;
    try {
      createAltcraftClient({ baseUrl: `not a url/${secret}`, token: secret });
    } catch (error) {
      e = error;
    }
    expect(e).toBeInstanceOf(ConfigError);
    expectHidden(e, [secret]);
  });

  describe("batch reports (updateProfilesBatch.all)", () => {
    const items = [{ Custom_ID: 1 }, { Custom_ID: 2 }, { Custom_ID: 3 }];
    const params = { db_id: 1, matching: "custom" as const, field_name: "Custom_ID" };
    const fast = { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } };

    test.each([
      ["items", "json"],
      ["xml-items", "xml"],
    ] as const)("per-item results that echo the secret (%s) are redacted in every outcome", async (mode, format) => {
      const report = await createAltcraftClient({ baseUrl: base(mode), token: secret, format }).updateProfilesBatch.all(params, items, fast);
      expect(report.itemsRead).toBe(3);
      expect(report.accepted + report.rejected).toBe(3);
      expect(report.items[0]).toMatchObject({ status: "accepted", id: "[redacted]" });
      expect(report.items[1]).toMatchObject({ status: "rejected", reason: "server", code: 401, message: "Invalid token [redacted]" });
      if (format === "json") expect(report.items[2]).toMatchObject({ status: "rejected", reason: "server", code: "[redacted]", message: "[redacted]" });
      expectHidden(report, [secret]);
    });

    test.each(["400", "401", "429", "500", "503", "vendor", "text400", "html500", "cut", "cutbody", "badjson", "redirect"])("a chunk answered %s: the report shows no secret", async (mode) => {
      const report = await createAltcraftClient({ baseUrl: base(mode), token: secret }).updateProfilesBatch.all(params, items, fast);
      expect(report.itemsRead).toBe(3);
      expect(report.accepted).toBe(0);
      expectHidden(report, [secret]);
      for (const o of report.items) {
        if (o.status === "failed") expect(o.error.length).toBeGreaterThan(10);
        if (o.status === "rejected" && o.reason === "server") expect(o.message.length).toBeGreaterThan(10);
      }
    });

    test.each(["xml-text", "xml-attr", "xml-tag", "xml-close", "xml-vendor", "xml-400"])("an XML chunk answered %s: the report shows no secret", async (mode) => {
      const report = await createAltcraftClient({ baseUrl: base(mode), token: secret, format: "xml" }).updateProfilesBatch.all(params, items, fast);
      expect(report.itemsRead).toBe(3);
      expectHidden(report, [secret]);
    });

    test("a token in the base URL's path and user:pass@ never reach the report", async () => {
      const password = secret === SHORT ? "p4Z" : "hunter2-Passw0rd";
      for (const baseUrl of [`${origin}/m/cut/${secret}/api`, `http://${USER}:${password}@${origin.slice("http://".length)}/m/cut/${secret}/api`]) {
        const report = await createAltcraftClient({ baseUrl, token: secret }).updateProfilesBatch.all(params, items, fast);
        expect(report.failed).toBe(3);
        expectHidden(report, [secret, password, USER]);
      }
    });

    test("items refused by validation, and an invalid envelope, show no secret", async () => {
      const report = await createAltcraftClient({ baseUrl: base("items"), token: secret }).updateProfilesBatch.all(
        params,
        [{ Custom_ID: 1 }, { Custom_ID: 2, _fname: 7, email: secret } as never, { Custom_ID: 3 }],
        fast,
      );
      expect(report.items[1]).toMatchObject({ status: "rejected", reason: "validation" });
      expectHidden(report, [secret]);
      const e = await failure(createAltcraftClient({ baseUrl: base("items"), token: secret }).updateProfilesBatch.all({ ...params, db_id: secret } as never, items, fast));
      expect(e).toBeInstanceOf(ValidationError);
      expectHidden(e, [secret]);
    });
  });
});

describe("the redaction", () => {
  test("a short secret is hidden as a whole token, never inside a longer word", () => {
    const r = redactor(["abc"]);
    expect(r.text("abcdef xabc abcabc abc1 _abc")).toBe("abcdef xabc abcabc abc1 _[redacted]");
    expect(r.text("Bearer abc; Token token=abc, /v1/abc/x?token=abc&k=abc")).toBe("Bearer [redacted]; Token token=[redacted], /v1/[redacted]/x?token=[redacted]&k=[redacted]");
    expect(r.text('{"token":"abc","label":"abcdef"}')).toBe('{"token":"[redacted]","label":"abcdef"}');
    expect(r.value({ token: "abc", label: "abcdef", words: ["abc", "cabc", "abc-1"], abc: 1 })).toEqual({
      token: "[redacted]",
      label: "abcdef",
      words: ["[redacted]", "cabc", "[redacted]-1"],
      "[redacted]": 1,
    });
  });

  test("ordinary words survive a short secret in an error", () => {
    const e = new HttpError("POST", "https://api.example.com/abcdef", 400, { message: "abcdef is not a field", token: "abc" }, '{"message":"abcdef is not a field","token":"abc"}', undefined, {
      secrets: ["abc"],
    });
    expect(e.url).toBe("https://api.example.com/abcdef");
    expect(e.body).toEqual({ message: "abcdef is not a field", token: "[redacted]" });
    expect(e.message).toContain('"message":"abcdef is not a field","token":"[redacted]"');
    expect(e.message).not.toMatch(/\babc\b/);
  });

  test("a long secret is hidden anywhere, also percent-encoded, JSON-escaped and XML-escaped", () => {
    const secret = 'se/cret "T0ken" & more';
    const r = redactor([secret]);
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), "se/cret &quot;T0ken&quot; &amp; more"]) {
      expect(r.text(`x${form}y`)).toBe("x[redacted]y");
    }
    expect(redactor(["TOKEN1234"]).text("aTOKEN1234b")).toBe("a[redacted]b");
  });

  test("a number or boolean equal to a secret is hidden; the error's own numbers are kept", () => {
    expect(redactor(["401"]).value({ error: 401, list: [401, 4010] })).toEqual({ error: "[redacted]", list: ["[redacted]", 4010] });
    const e = new HttpError("POST", "u", 401, { code: 401 }, "", undefined, { secrets: ["401"] });
    expect(e.status).toBe(401);
    expect(e.body).toEqual({ code: "[redacted]" });
  });

  test("the user and password of any URL are hidden, without secrets; e-mail addresses are not URLs", () => {
    const r = redactor([]);
    expect(r.text("GET https://user:pa%40ss@api.example.com/x?email=john@example.com failed")).toBe("GET https://[redacted]@api.example.com/x?email=john@example.com failed");
    expect(r.text("write to john@example.com")).toBe("write to john@example.com");
  });

  test("half a secret next to an ellipsis (a snippet cut by someone else) is hidden", () => {
    const r = redactor(["SECRETTOKEN1234"]);
    expect(r.text("Unexpected token 'S', \"SECRETTOKE\"... is not valid JSON")).toBe("Unexpected token 'S', \"[redacted]\"... is not valid JSON");
    expect(r.text('..."OKEN1234 x" is not valid JSON')).toBe('..."[redacted] x" is not valid JSON');
    expect(r.text('unexpected text "abc SECRETT…"')).toBe('unexpected text "abc [redacted]…"');
    expect(r.text("nothing… to hide here")).toBe("nothing… to hide here");
  });

  test("redact() still redacts first and then cuts a long text", () => {
    const text = `${"x".repeat(495)}SECRETTOKEN1234${"y".repeat(100)}`;
    const out = redact(text, ["SECRETTOKEN1234"]);
    expect(out).toMatch(/^x{495}\[reda… \(605 characters\)$/);
  });
});

describe("error objects", () => {
  test("toJSON is the redacted plain object; util.inspect shows the same fields", () => {
    const e = new HttpError("POST", "https://u:p@api.example.com/TOKEN1234/x", 429, { token: "TOKEN1234" }, '{"token":"TOKEN1234"}', "TOKEN1234", { secrets: ["TOKEN1234"] });
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: "HttpError",
      message: 'POST https://[redacted]@api.example.com/[redacted]/x answered HTTP 429: {"token":"[redacted]"}. It may be retried later (Retry-After: [redacted]).',
      method: "POST",
      url: "https://[redacted]@api.example.com/[redacted]/x",
      status: 429,
      body: { token: "[redacted]" },
      retryAfter: "[redacted]",
    });
    const printed = inspect(e, { depth: Infinity });
    expect(printed).toMatch(/^HttpError: POST https:\/\/\[redacted\]@/);
    expect(printed).toContain("status: 429");
    expect(printed).toContain("retryAfter: '[redacted]'");
    expect(printed).not.toContain("TOKEN1234");
    expect(e.stack).toMatch(/^HttpError: POST https:\/\/\[redacted\]@api\.example\.com\/\[redacted\]\/x answered HTTP 429/);
    expect(e).toBeInstanceOf(ProfilekitError);
    expect(e).toBeInstanceOf(Error);
  });

  test("a cause is kept as its redacted name, message and code, never the original object", () => {
    const socket = { remote: "TOKEN1234" };
    const inner = Object.assign(new Error("other side closed TOKEN1234"), { code: "UND_ERR_SOCKET", socket });
    const outer = new TypeError("fetch failed", { cause: inner });
    const e = new NetworkError("POST", "http://h/TOKEN1234", outer, "fetch failed: other side closed TOKEN1234", { secrets: ["TOKEN1234"] });
    expect(e.cause).toEqual({ name: "TypeError", message: "fetch failed", cause: { name: "Error", message: "other side closed [redacted]", code: "UND_ERR_SOCKET" } });
    expect(e.cause).not.toBe(outer);
    expect(e.message).toBe("POST http://h/[redacted] got no answer: fetch failed: other side closed [redacted]. Check the base URL and the network; retrying is safe for idempotent updates.");
    expectHidden(e, ["TOKEN1234"]);
  });

  test("every error class takes the secrets and redacts its fields", () => {
    const s = { secrets: ["TOKEN1234"] };
    const errors = [
      new ConfigError("/baseUrl", "a URL, found TOKEN1234", "createXClient", s),
      new VendorError("POST", "http://h/TOKEN1234", "TOKEN1234", "bad TOKEN1234", { t: "TOKEN1234" }, s),
      new ValidationError("op", [{ path: "/TOKEN1234", keyword: "type", message: 'found "TOKEN1234"' }], s),
      new XmlDecodeError("unexpected attribute a='TOKEN1234'", undefined, undefined, "/TOKEN1234", s),
      new XmlEncodeError("/data/TOKEN1234", '"TOKEN1234" cannot be an XML element name', s),
      new ProfilekitError("TOKEN1234", { ...s, cause: "TOKEN1234" }),
    ];
    for (const e of errors) {
      expectHidden(e, ["TOKEN1234"]);
      expect(JSON.stringify(e)).toContain("[redacted]");
    }
    expect((errors[2] as ValidationError).issues).toEqual([{ path: "/[redacted]", keyword: "type", message: 'found "[redacted]"' }]);
  });

  test("an error built where the secrets were unknown is redacted in place, stack included", () => {
    const e = new XmlDecodeError('unexpected text "TOKEN1234" between elements', undefined, undefined, "/a");
    expect(e.stack).toContain("TOKEN1234");
    expect(redactError(e, ["TOKEN1234"])).toBe(e);
    expect(e.reason).toBe('unexpected text "[redacted]" between elements');
    expect(e.path).toBe("/a");
    expectHidden(e, ["TOKEN1234"]);
    expect(e.stack).toMatch(/^XmlDecodeError: Cannot read the XML at \/a: unexpected text "\[redacted\]"/);
  });
});
