import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, test } from "vitest";
import { validateUpdateProfileRequest, validateUpdateProfileResponse, validateUpdateProfilesBatchRequest, validateUpdateProfilesBatchResponse } from "../../generated/altcraft/validators.js";
import { xmlShapes } from "../../generated/altcraft/xml.js";
import { ConfigError, HttpError, NetworkError, ValidationError, VendorError } from "../../src/runtime/errors.js";
import { createClientRuntime, type ClientRuntime } from "../../src/runtime/http.js";
import type { ApiDescription, BatchItem, BatchParams, BodyDescriptor, BodyValidator, OperationDescriptor, ParameterDescriptor } from "../../src/runtime/operation.js";
import { cookieParts, expandPath, headerValue, queryParts } from "../../src/runtime/params.js";

// ClientRuntime.call and .batch against a real loopback server: what goes on the wire for every
// parameter style, credential and body kind, and what comes back for every kind of answer.

interface Got {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

let server: Server;
let origin = "";
const got: Got[] = [];
let replies: (Reply | ((g: Got) => Reply))[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const g: Got = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
      got.push(g);
      const r = replies.shift() ?? { body: "{}" };
      const reply = typeof r === "function" ? r(g) : r;
      res.writeHead(reply.status ?? 200, reply.headers ?? { "content-type": "application/json" });
      res.end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  got.length = 0;
  replies = [];
});

const last = (): Got => got.at(-1)!;
const json = (value: unknown, status = 200): Reply => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(value) });

function api(operations: Record<string, OperationDescriptor>, more: Partial<ApiDescription> = {}): ApiDescription {
  return { factory: "createTestClient", servers: [{ url: "https://api.example.com/v1" }], securitySchemes: {}, security: [], operations, ...more };
}
function op(name: string, more: Partial<OperationDescriptor> = {}): OperationDescriptor {
  return { name, method: "GET", path: `/${name}`, responses: { "200": { media: [{ type: "application/json", kind: "json" }] } }, ...more };
}
/** A validator that wants an object with a string `name`. */
const needsName: BodyValidator = (v) =>
  v !== null && typeof v === "object" && typeof (v as { name?: unknown }).name === "string"
    ? { ok: true }
    : { ok: false, errors: [{ path: "/name", keyword: "required", message: `name is required (got ${JSON.stringify(v)})` }] };

// ---------------------------------------------------------------------------------------------
// Parameters: OpenAPI 3.1's style examples (color = "", "blue", [blue, black, brown], {R: 100, G: 200, B: 150}).

const empty = "";
const string = "blue";
const array = ["blue", "black", "brown"];
const object = { R: 100, G: 200, B: 150 };
type Row = [style: string, explode: boolean, empty: string | undefined, string: string | undefined, array: string, object: string];

describe("parameter styles, as OpenAPI's style examples write them", () => {
  const path: Row[] = [
    ["matrix", false, ";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"],
    ["matrix", true, ";color", ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"],
    ["label", false, ".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
    ["label", true, ".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"],
    ["simple", false, "", "blue", "blue,black,brown", "R,100,G,200,B,150"],
    ["simple", true, "", "blue", "blue,black,brown", "R=100,G=200,B=150"],
  ];
  test.each(path)("path %s, explode %s", (style, explode, e, s, a, o) => {
    const rule = { name: "color", style: style as never, explode, allowReserved: false };
    expect([expandPath(empty, rule), expandPath(string, rule), expandPath(array, rule), expandPath(object, rule)]).toEqual([e, s, a, o]);
  });

  const query: Row[] = [
    ["form", false, "color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"],
    ["form", true, "color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"],
    ["spaceDelimited", false, undefined, undefined, "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"],
    ["spaceDelimited", true, undefined, undefined, "color=blue&color=black&color=brown", "R=100&G=200&B=150"],
    ["pipeDelimited", false, undefined, undefined, "color=blue%7Cblack%7Cbrown", "color=R%7C100%7CG%7C200%7CB%7C150"],
    ["pipeDelimited", true, undefined, undefined, "color=blue&color=black&color=brown", "R=100&G=200&B=150"],
    ["deepObject", true, undefined, undefined, "color=blue&color=black&color=brown", "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"],
  ];
  test.each(query)("query %s, explode %s", (style, explode, e, s, a, o) => {
    const rule = { name: "color", style: style as never, explode, allowReserved: false };
    const q = (v: unknown) => queryParts(v, rule).join("&");
    if (e !== undefined) expect(q(empty)).toBe(e);
    if (s !== undefined) expect(q(string)).toBe(s);
    expect([q(array), q(object)]).toEqual([a, o]);
  });

  test.each([
    [false, "blue", "blue,black,brown", "R,100,G,200,B,150"],
    [true, "blue", "blue,black,brown", "R=100,G=200,B=150"],
  ])("header simple, explode %s", (explode, s, a, o) => {
    const rule = { name: "X-Color", style: "simple" as const, explode, allowReserved: false };
    expect([headerValue(string, rule), headerValue(array, rule), headerValue(object, rule)]).toEqual([s, a, o]);
  });

  test.each([
    [false, "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"],
    [true, "color=blue", "color=blue; color=black; color=brown", "R=100; G=200; B=150"],
  ])("cookie form, explode %s", (explode, s, a, o) => {
    const rule = { name: "color", style: "form" as const, explode, allowReserved: false };
    const c = (v: unknown) => cookieParts(v, rule).join("; ");
    expect([c(string), c(array), c(object)]).toEqual([s, a, o]);
  });

  test("percent-encoding: RFC 3986 for values (!'()* too), allowReserved keeps the reserved characters but # & = +", () => {
    const value = "a b/c?d&e=f#g!'()*é+";
    const rule = { name: "q", style: "form" as const, explode: true, allowReserved: false };
    expect(queryParts(value, rule)).toEqual(["q=a%20b%2Fc%3Fd%26e%3Df%23g%21%27%28%29%2A%C3%A9%2B"]);
    expect(queryParts(value, { ...rule, allowReserved: true })).toEqual(["q=a%20b/c?d%26e%3Df%23g!'()*%C3%A9%2B"]);
    expect(queryParts("50%25 off", { ...rule, allowReserved: true })).toEqual(["q=50%25%20off"]);
    expect(expandPath("a/b c", { name: "id", style: "simple", explode: false, allowReserved: false })).toBe("a%2Fb%20c");
    // A name with brackets (Klaviyo's page[cursor]) is percent-encoded as OpenAPI's style examples write deepObject's.
    expect(queryParts("x y", { ...rule, name: "page[cursor]" })).toEqual(["page%5Bcursor%5D=x%20y"]);
  });

  const params: ParameterDescriptor[] = [
    { name: "id", in: "path", required: true },
    { name: "tags", in: "path", style: "label", explode: true, required: true },
    { name: "m", in: "path", style: "matrix", required: true },
    { name: "color", in: "query", style: "form", explode: false },
    { name: "ids", in: "query", style: "pipeDelimited", explode: false },
    { name: "filter", in: "query", style: "deepObject", explode: true },
    { name: "where", in: "query", json: true },
    { name: "page[size]", in: "query" },
    { name: "optional", in: "query" },
    { name: "X-Trace", in: "header", required: true },
    { name: "X-Ids", in: "header" },
    { name: "session", in: "cookie" },
    { name: "prefs", in: "cookie", explode: false },
  ];
  const getThing = op("getThing", { path: "/things/{id}/t{tags}/x{m}", parameters: params });
  const runtime = () => createClientRuntime(api({ getThing }), { baseUrl: origin });

  test("every location on the wire: the URL, the headers and the Cookie header", async () => {
    await runtime().call(getThing, {
      path: { id: "a/1 é", tags: ["x", "y"], m: 5 },
      query: { color: ["blue", "black"], ids: [1, 2], filter: { status: "active", age: { gt: 30 } }, where: { a: [1, "b"] }, "page[size]": 20, optional: undefined },
      header: { "X-Trace": "t-1", "X-Ids": [1, 2, 3] },
      cookie: { session: "s 1;2", prefs: { theme: "dark", lang: "en" } },
    });
    expect(last().url).toBe(
      "/v1/things/a%2F1%20%C3%A9/t.x.y/x;m=5?color=blue,black&ids=1%7C2&filter%5Bstatus%5D=active&filter%5Bage%5D%5Bgt%5D=30&where=%7B%22a%22%3A%5B1%2C%22b%22%5D%7D&page%5Bsize%5D=20".replace(
        "/v1",
        "",
      ),
    );
    expect(last().headers["x-trace"]).toBe("t-1");
    expect(last().headers["x-ids"]).toBe("1,2,3");
    expect(last().headers["cookie"]).toBe("session=s%201%3B2; prefs=theme,dark,lang,en");
  });

  test("missing required parameters are a ValidationError naming each one, and nothing is sent", async () => {
    const e = await runtime()
      .call(getThing, { path: { id: "1" }, header: {} })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues.map((i) => i.path).sort()).toEqual(["/header/X-Trace", "/path/m", "/path/tags"]);
    expect(String(e)).toMatch(/getThing: the request's parameters do not match the spec, nothing was sent \(3 issues\)/);
    expect(String(e)).toMatch(/\/path\/tags: the path parameter "tags" is required/);
    expect(got).toHaveLength(0);
  });

  test("a header value fetch cannot send is a ValidationError at its place, not a TypeError showing it", async () => {
    const e = await runtime()
      .call(getThing, { path: { id: 1, tags: ["a"], m: 1 }, header: { "X-Trace": "a\r\nInjected: yes" } })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues[0]!.path).toBe("/header/X-Trace");
    expect(got).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Security.

describe("credentials, by security scheme", () => {
  const schemes: ApiDescription["securitySchemes"] = {
    headerKey: { type: "apiKey", option: "apiKey", in: "header", name: "X-Api-Key" },
    queryKey: { type: "apiKey", option: "queryKey", in: "query", name: "api_key" },
    cookieKey: { type: "apiKey", option: "cookieKey", in: "cookie", name: "sid" },
    bearer: { type: "http", option: "token", scheme: "bearer", template: "Bearer {credential}" },
    basic: { type: "http", option: "basic", scheme: "basic", template: "Basic {credential}" },
    pushtech: { type: "http", option: "pushtechToken", scheme: "token", template: "Token token={credential}" },
    oauth: { type: "oauth2", option: "accessToken" },
  };
  const ops = {
    headerKey: op("headerKey", { security: [["headerKey"]] }),
    queryKey: op("queryKey", { security: [["queryKey"]], parameters: [{ name: "q", in: "query" }] }),
    cookieKey: op("cookieKey", { security: [["cookieKey"]] }),
    bearer: op("bearer", { security: [["bearer"]] }),
    basic: op("basic", { security: [["basic"]] }),
    pushtech: op("pushtech", { security: [["pushtech"]] }),
    oauth: op("oauth", { security: [["oauth"]] }),
    both: op("both", { security: [["headerKey", "queryKey"], ["bearer"]] }),
    open: op("open", { security: [[]] }),
    optional: op("optional", { security: [["bearer"], []] }),
    inherits: op("inherits"),
  };
  const description = api(ops, { securitySchemes: schemes, security: [["headerKey"]] });
  const client = (credentials: Record<string, unknown>) => createClientRuntime(description, { baseUrl: origin, ...credentials });

  test.each<[string, Record<string, unknown>, (g: Got) => unknown, unknown]>([
    ["headerKey", { apiKey: "hk-123" }, (g) => g.headers["x-api-key"], "hk-123"],
    ["queryKey", { queryKey: "qk 1/2" }, (g) => g.url, "/queryKey?q=x&api_key=qk%201%2F2"],
    ["cookieKey", { cookieKey: "ck;1" }, (g) => g.headers["cookie"], "sid=ck%3B1"],
    ["bearer", { token: "bt-1" }, (g) => g.headers["authorization"], "Bearer bt-1"],
    ["basic", { basic: { username: "ürsula", password: "pä:ss" } }, (g) => g.headers["authorization"], `Basic ${Buffer.from("ürsula:pä:ss", "utf8").toString("base64")}`],
    ["pushtech", { pushtechToken: "pt-1" }, (g) => g.headers["authorization"], "Token token=pt-1"],
    ["oauth", { accessToken: "at-1" }, (g) => g.headers["authorization"], "Bearer at-1"],
    ["inherits", { apiKey: "hk-9" }, (g) => g.headers["x-api-key"], "hk-9"],
  ])("%s", async (name, credentials, read, expected) => {
    await client(credentials).call(ops[name as keyof typeof ops], name === "queryKey" ? { query: { q: "x" } } : {});
    expect(read(last())).toBe(expected);
  });

  test("an OAuth2 token provider is called for every request, async", async () => {
    let n = 0;
    const runtime = client({ accessToken: async () => `tok-${++n}` });
    await runtime.call(ops.oauth);
    await runtime.call(ops.oauth);
    expect(got.map((g) => g.headers["authorization"])).toEqual(["Bearer tok-1", "Bearer tok-2"]);
  });

  test("alternatives: the first one whose credentials are all given; an empty one needs none", async () => {
    await client({ apiKey: "hk", queryKey: "qk", token: "bt" }).call(ops.both);
    expect([last().headers["x-api-key"], last().url, last().headers["authorization"]]).toEqual(["hk", "/both?api_key=qk", undefined]);
    await client({ apiKey: "hk", token: "bt" }).call(ops.both);
    expect([last().headers["x-api-key"], last().url, last().headers["authorization"]]).toEqual([undefined, "/both", "Bearer bt"]);
    await client({}).call(ops.open);
    expect(last().headers["authorization"]).toBeUndefined();
    await client({}).call(ops.optional);
    expect(last().headers["authorization"]).toBeUndefined();
    await client({ token: "bt" }).call(ops.optional);
    expect(last().headers["authorization"]).toBe("Bearer bt");
  });

  test("no satisfiable alternative: a ConfigError naming the options to set, and nothing sent", async () => {
    const e = await client({ queryKey: "qk" })
      .call(ops.both)
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).field).toBe("/apiKey");
    expect((e as ConfigError).message).toBe("createTestClient: options/apiKey — expected a credential for both: set apiKey and queryKey, or token.");
    expect(got).toHaveLength(0);
  });

  test("credentials are checked when the client is made: required ones, and the type of each given", () => {
    const required = api({}, { securitySchemes: schemes, security: [["bearer"]], requiredOptions: ["baseUrl", "token"], servers: [{ url: "https://{host}/api" }] });
    expect(() => createClientRuntime(required, { baseUrl: origin })).toThrow("createTestClient: options/token — expected a non-empty string (the API credential).");
    expect(() => createClientRuntime(required, { token: "t" })).toThrow("createTestClient: options/baseUrl — expected your API root URL (the spec's server is https://{host}/api).");
    expect(() => createClientRuntime(description, { baseUrl: origin, basic: "user:pass" })).toThrow(/options\/basic — expected an object \{ username, password \}/);
    expect(() => createClientRuntime(description, { baseUrl: origin, accessToken: 5 })).toThrow(/options\/accessToken — expected a non-empty string or a function returning one/);
  });

  test("a provider that returns no token is a ConfigError at the call", async () => {
    await expect(client({ accessToken: () => "" }).call(ops.oauth)).rejects.toThrow(/options\/accessToken — expected a function returning a non-empty string/);
  });

  test("Altcraft's body field: the token in a JSON body by default (the caller's own wins), or the header with tokenIn", async () => {
    const altcraft = api(
      { update: op("update", { method: "POST", body: { required: true, media: [{ type: "application/json", kind: "json" }] } }) },
      { securitySchemes: { token: { type: "http", option: "token", scheme: "bearer", template: "Bearer {credential}", bodyField: "token" } }, security: [["token"]] },
    );
    const update = altcraft.operations["update"]!;
    await createClientRuntime(altcraft, { baseUrl: origin, token: "alt" }).call(update, { body: { a: 1 } });
    expect([JSON.parse(last().body.toString()), last().headers["authorization"]]).toEqual([{ token: "alt", a: 1 }, undefined]);
    await createClientRuntime(altcraft, { baseUrl: origin, token: "alt" }).call(update, { body: { token: "own", a: 1 } });
    expect(JSON.parse(last().body.toString())).toEqual({ token: "own", a: 1 });
    await createClientRuntime(altcraft, { baseUrl: origin, token: "alt", tokenIn: "header" }).call(update, { body: { a: 1 } });
    expect([JSON.parse(last().body.toString()), last().headers["authorization"]]).toEqual([{ a: 1 }, "Bearer alt"]);
    expect(() => createClientRuntime(altcraft, { baseUrl: origin, token: "alt", tokenIn: "query" })).toThrow(/options\/tokenIn — expected "body" or "header"/);
  });
});

describe("servers", () => {
  const capture = () => {
    const urls: string[] = [];
    return { urls, fetch: async (r: Request) => (urls.push(r.url), new Response("{}", { headers: { "content-type": "application/json" } })) };
  };
  const servers = [{ url: "https://{region}.example.com/{version}/", variables: { region: { default: "us", enum: ["us", "eu"] }, version: { default: "v1" } } }];
  const ping = op("ping");
  const other = op("other", { servers: [{ url: "https://uploads.example.com" }] });

  test("variables from serverVariables, else their defaults; an operation's own servers; baseUrl over all", async () => {
    const c = capture();
    await createClientRuntime(api({ ping }, { servers }), { fetch: c.fetch }).call(ping);
    await createClientRuntime(api({ ping }, { servers }), { fetch: c.fetch, serverVariables: { region: "eu", version: "v2" } }).call(ping);
    await createClientRuntime(api({ other }, { servers }), { fetch: c.fetch }).call(other);
    await createClientRuntime(api({ other }, { servers }), { fetch: c.fetch, baseUrl: "https://mine.example/x/" }).call(other);
    expect(c.urls).toEqual(["https://us.example.com/v1/ping", "https://eu.example.com/v2/ping", "https://uploads.example.com/other", "https://mine.example/x/other"]);
  });

  test("a value outside a variable's enum is a ConfigError naming /serverVariables/<name>", () => {
    expect(() => createClientRuntime(api({ ping }, { servers }), { serverVariables: { region: "mars" } })).toThrow(
      'createTestClient: options/serverVariables/region — expected one of "us", "eu" (the server URL\'s region), found "mars".',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Request bodies.

describe("request bodies, by media kind, as the server receives them", () => {
  const post = (name: string, media: BodyDescriptor["media"], required = true) => op(name, { method: "POST", body: { required, media } });
  const ops = {
    json: post("json", [{ type: "application/json", kind: "json", validate: needsName }]),
    vnd: post("vnd", [{ type: "application/vnd.api+json", kind: "json" }]),
    xml: post("xml", [
      { type: "application/json", kind: "json", validate: validateUpdateProfileRequest as BodyValidator },
      { type: "application/xml", kind: "xml", validate: validateUpdateProfileRequest as BodyValidator, xml: xmlShapes.updateProfile!.request! },
    ]),
    form: post("form", [{ type: "application/x-www-form-urlencoded", kind: "form", encoding: { ids: { style: "pipeDelimited", explode: false } } }]),
    multipart: post("multipart", [{ type: "multipart/form-data", kind: "multipart", validate: needsName, encoding: { image: { contentType: "image/png" } } }]),
    text: post("text", [{ type: "text/plain", kind: "text" }]),
    binary: post("binary", [{ type: "application/octet-stream", kind: "binary" }]),
    choice: post("choice", [
      { type: "application/json", kind: "json" },
      { type: "application/x-www-form-urlencoded", kind: "form" },
    ]),
  };
  const runtime = (more: Record<string, unknown> = {}) => createClientRuntime(api(ops), { baseUrl: origin, ...more });

  test("json: sent as JSON, checked first (nothing sent when invalid, unless validate: false)", async () => {
    await runtime().call(ops.json, { body: { name: "x" } });
    expect([last().headers["content-type"], last().body.toString()]).toEqual(["application/json", '{"name":"x"}']);
    await expect(runtime().call(ops.json, { body: { nom: "x" } })).rejects.toThrow(ValidationError);
    expect(got).toHaveLength(1);
    await runtime().call(ops.json, { body: { nom: "x" }, validate: false });
    expect(got).toHaveLength(2);
    await expect(runtime().call(ops.json, {})).rejects.toThrow(
      /json: the request body does not match the spec, nothing was sent \(1 issue\):\n {2}\(the body\): a request body \(application\/json\) is required/,
    );
  });

  test("+json: the declared Content-Type", async () => {
    await runtime().call(ops.vnd, { body: { data: { type: "profile" } } });
    expect([last().headers["content-type"], last().body.toString()]).toEqual(["application/vnd.api+json", '{"data":{"type":"profile"}}']);
  });

  test("xml: chosen with format xml (or its contentType), written by the shape", async () => {
    const body = { db_id: 1, email: "a@example.com", data: { _fname: "A" } };
    await runtime().call(ops.xml, { body });
    expect(last().headers["content-type"]).toBe("application/json");
    await runtime().call(ops.xml, { body, format: "xml" });
    expect(last().headers["content-type"]).toBe("application/xml");
    expect(last().headers["accept"]).toBe("application/json");
    expect(last().body.toString()).toMatch(/^<xml><db_id>1<\/db_id><email>a@example.com<\/email>/);
    await runtime({ format: "xml" }).call(ops.xml, { body, contentType: "application/json" });
    expect(last().headers["content-type"]).toBe("application/json");
    await expect(runtime().call(ops.json, { body: { name: "x" }, format: "xml" })).rejects.toThrow(/options\/format — expected "json" or, for an operation the spec offers in XML \(xml\), "xml"/);
  });

  test("form: urlencoded, arrays repeated or by the encoding's style, objects as JSON", async () => {
    await runtime().call(ops.form, { body: { name: "a b&c", tags: ["x", "y"], ids: [1, 2], meta: { k: 1 }, none: undefined } });
    expect(last().headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(last().body.toString()).toBe("name=a+b%26c&tags=x&tags=y&ids=1%7C2&meta=%7B%22k%22%3A1%7D");
  });

  test("multipart: files as files, bytes by the encoding's contentType, objects as JSON parts, arrays as repeated parts", async () => {
    const file = new File(["hello file"], "hi.txt", { type: "text/plain" });
    await runtime().call(ops.multipart, { body: { name: "n", file, image: new Uint8Array([137, 80, 78, 71]), meta: { a: 1 }, tags: ["t1", "t2"] } });
    const type = last().headers["content-type"]!;
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const text = last().body.toString("latin1");
    expect(text).toContain('Content-Disposition: form-data; name="name"\r\n\r\nn\r\n');
    expect(text).toContain('Content-Disposition: form-data; name="file"; filename="hi.txt"\r\nContent-Type: text/plain\r\n\r\nhello file\r\n');
    expect(text).toMatch(/name="image"; filename="blob"\r\nContent-Type: image\/png\r\n\r\n\x89PNG\r\n/);
    expect(text).toMatch(/name="meta"\r\nContent-Type: application\/json\r\n\r\n\{"a":1\}\r\n/);
    expect(text.match(/name="tags"\r\n\r\nt\d/g)).toEqual(['name="tags"\r\n\r\nt1', 'name="tags"\r\n\r\nt2']);
    // The fields are checked (the files are not: a validator knows them as strings).
    await expect(runtime().call(ops.multipart, { body: { file } })).rejects.toThrow(/\/name: name is required/);
  });

  test("text and binary: sent as they are", async () => {
    await runtime().call(ops.text, { body: "héllo" });
    expect([last().headers["content-type"], last().body.toString()]).toEqual(["text/plain", "héllo"]);
    const bytes = new Uint8Array([0, 1, 2, 255]);
    await runtime().call(ops.binary, { body: bytes });
    expect([last().headers["content-type"], [...last().body]]).toEqual(["application/octet-stream", [0, 1, 2, 255]]);
    await runtime().call(ops.binary, { body: new Blob([bytes]) });
    expect([...last().body]).toEqual([0, 1, 2, 255]);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([7, 8]));
        c.enqueue(new Uint8Array([9]));
        c.close();
      },
    });
    await runtime().call(ops.binary, { body: stream });
    expect([...last().body]).toEqual([7, 8, 9]);
    await expect(runtime().call(ops.binary, { body: { not: "bytes" } })).rejects.toThrow(ValidationError);
  });

  test("contentType picks among the operation's media types; an unknown one is a ConfigError", async () => {
    await runtime().call(ops.choice, { body: { a: "1" } });
    expect(last().headers["content-type"]).toBe("application/json");
    await runtime().call(ops.choice, { body: { a: "1" }, contentType: "application/x-www-form-urlencoded" });
    expect([last().headers["content-type"], last().body.toString()]).toEqual(["application/x-www-form-urlencoded", "a=1"]);
    await expect(runtime().call(ops.choice, { body: {}, contentType: "text/csv" })).rejects.toThrow(/options\/contentType — expected one of the media types of choice/);
  });
});

// ---------------------------------------------------------------------------------------------
// Answers.

describe("answers", () => {
  const problem: BodyValidator = (v) =>
    typeof (v as { message?: unknown } | null)?.message === "string" ? { ok: true } : { ok: false, errors: [{ path: "/message", keyword: "required", message: "message is required" }] };
  const get = op("getThing", {
    responses: {
      "200": { media: [{ type: "application/json", kind: "json" }] },
      "201": { media: [{ type: "application/json", kind: "json" }] },
      "2XX": { media: [{ type: "text/plain", kind: "text" }] },
      "204": { media: [] },
      "209": { media: [] },
      "210": { media: [{ type: "application/pdf", kind: "binary" }] },
      default: { media: [{ type: "application/json", kind: "json", validate: problem }] },
    },
  });
  const runtime = (more: Partial<ApiDescription> = {}) => createClientRuntime(api({ getThing: get }, more), { baseUrl: origin });

  test("two 2xx statuses, 204, a range, text, binary", async () => {
    replies = [json({ a: 1 }), json({ b: 2 }, 201), { status: 204 }, { status: 209, body: "ignored" }, { status: 206, headers: { "content-type": "text/plain; charset=utf-8" }, body: "part é" }];
    replies.push({ status: 210, headers: { "content-type": "application/pdf" }, body: Buffer.from([37, 80, 68, 70, 0, 255]) });
    const r = runtime();
    expect(await r.call(get)).toEqual({ a: 1 });
    expect(await r.call(get)).toEqual({ b: 2 });
    expect(await r.call(get)).toBeUndefined();
    expect(await r.call(get)).toBeUndefined();
    expect(await r.call(get)).toBe("part é");
    const blob = await r.call(get);
    expect(blob).toBeInstanceOf(Blob);
    expect((blob as Blob).type).toBe("application/pdf");
    expect([...new Uint8Array(await (blob as Blob).arrayBuffer())]).toEqual([37, 80, 68, 70, 0, 255]);
    expect(got[0]!.headers["accept"]).toBe("application/json");
  });

  test("an error answer: HttpError with the body, the operation, and where the body breaks the default answer's schema", async () => {
    replies = [json({ error: "nope" }, 422), json({ message: "fine" }, 404), { status: 500, headers: { "content-type": "text/plain" }, body: "down" }];
    const r = runtime();
    const e1 = (await r.call(get).catch((x: unknown) => x)) as HttpError;
    expect(e1).toBeInstanceOf(HttpError);
    expect([e1.status, e1.body, e1.operation, e1.bodyIssues]).toEqual([422, { error: "nope" }, "getThing", [{ path: "/message", keyword: "required", message: "message is required" }]]);
    expect(e1.message).toBe(`GET ${origin}/getThing answered HTTP 422: {"error":"nope"}. Check the request against the spec.`);
    const e2 = (await r.call(get).catch((x: unknown) => x)) as HttpError;
    expect([e2.status, e2.body, e2.bodyIssues]).toEqual([404, { message: "fine" }, undefined]);
    const e3 = (await r.call(get).catch((x: unknown) => x)) as HttpError;
    expect([e3.status, e3.body, e3.bodyIssues]).toEqual([500, "down", undefined]);
  });

  test("an answer over the size limit is an HttpError before anything is parsed; an abort is the caller's AbortError", async () => {
    const huge = async () => new Response("{}", { headers: { "content-type": "application/json", "content-length": String(64 * 1024 * 1024) } });
    const e = await createClientRuntime(api({ getThing: get }), { baseUrl: origin, fetch: huge })
      .call(get)
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpError);
    expect(String(e)).toMatch(/larger than the client's limit of 16777216 bytes/);
    const controller = new AbortController();
    controller.abort();
    await expect(runtime().call(get, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  test("a vendor error in a 2xx answer is a VendorError", async () => {
    replies = [json({ error: 402, error_text: "tariff" })];
    await expect(runtime({ vendorError: { code: ["error"], message: ["error_text"], success: 0 } }).call(get)).rejects.toThrow(VendorError);
  });

  test("XML answers are decoded by the shape and checked, as today", async () => {
    const update = op("updateProfile", {
      method: "POST",
      body: { required: true, media: [{ type: "application/xml", kind: "xml", xml: xmlShapes.updateProfile!.request! }] },
      responses: { "200": { media: [{ type: "application/xml", kind: "xml", xml: xmlShapes.updateProfile!.response!, validate: validateUpdateProfileResponse as BodyValidator }] } },
    });
    replies = [{ headers: { "content-type": "application/xml" }, body: "<xml><error>0</error><error_text>ok</error_text><profile_id>p1</profile_id></xml>" }];
    const r = createClientRuntime(api({ update }), { baseUrl: origin, format: "xml" });
    expect(await r.call(update, { body: { db_id: 1, email: "a@b.c", data: {} } })).toEqual({ error: 0, error_text: "ok", profile_id: "p1" });
    expect(last().headers["accept"]).toBe("application/xml");
  });
});

// ---------------------------------------------------------------------------------------------
// Secrets.

describe("no secret in any printed form of an error", () => {
  const PASSWORD = "s3cr3t-pässword";
  const USER = "api-user";
  const QUERY_KEY = "qk!*(x)'secret key";
  const COOKIE_KEY = "ck-secret;value";
  const schemes: ApiDescription["securitySchemes"] = {
    basic: { type: "http", option: "basic", scheme: "basic", template: "Basic {credential}" },
    query: { type: "apiKey", option: "queryKey", in: "query", name: "key" },
    cookie: { type: "apiKey", option: "cookieKey", in: "cookie", name: "sid" },
    oauth: { type: "oauth2", option: "accessToken" },
  };
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["basic", { basic: { username: USER, password: PASSWORD } }, [PASSWORD, `${USER}:${PASSWORD}`, Buffer.from(`${USER}:${PASSWORD}`).toString("base64")]],
    ["query", { queryKey: QUERY_KEY }, [QUERY_KEY, encodeURIComponent(QUERY_KEY), "qk%21%2A%28x%29%27secret%20key"]],
    ["cookie", { cookieKey: COOKIE_KEY }, [COOKIE_KEY, encodeURIComponent(COOKIE_KEY)]],
    ["oauth", { accessToken: async () => "provided-token-123" }, ["provided-token-123"]],
  ];
  const everyForm = (e: unknown) => [String(e), (e as Error).stack ?? "", JSON.stringify(e), inspect(e, { depth: 10 })];

  test.each(cases)("%s: an HttpError echoing the credential everywhere, and a NetworkError", async (name, credentials, secrets) => {
    const get = op("get", { security: [[name]] });
    const description = api({ get }, { securitySchemes: schemes });
    replies = [
      (g) => {
        const echoed = [g.headers["authorization"], g.url, g.headers["cookie"], ...secrets].join(" | ");
        return { status: 401, headers: { "content-type": "application/json", "x-echo": encodeURIComponent(echoed) }, body: JSON.stringify({ message: `refused ${echoed}`, [secrets[0]!]: echoed }) };
      },
    ];
    const http = await createClientRuntime(description, { baseUrl: origin, ...credentials })
      .call(get)
      .catch((x: unknown) => x);
    expect(http).toBeInstanceOf(HttpError);
    // Closed port: no answer at all; the URL (with an api key in the query) is in the message.
    const network = await createClientRuntime(description, { baseUrl: "http://127.0.0.1:1", ...credentials })
      .call(get)
      .catch((x: unknown) => x);
    expect(network).toBeInstanceOf(NetworkError);
    for (const e of [http, network]) for (const text of everyForm(e)) for (const s of secrets) expect(text).not.toContain(s);
    expect(String(http)).toContain("[redacted]");
  });

  test("a malformed basic credential is refused without showing it", () => {
    const e = (() => {
      try {
        createClientRuntime(api({}, { securitySchemes: schemes }), { baseUrl: origin, basic: { username: USER, password: 42, note: PASSWORD } });
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(ConfigError);
    for (const text of everyForm(e)) expect(text).not.toContain(PASSWORD);
  });
});

// ---------------------------------------------------------------------------------------------
// Batches.

describe("batch: items at any depth, answers per chunk or per item", () => {
  type Job = { data: { type: "profile-bulk-import-job"; attributes: { profiles: { data: { type: "profile"; attributes: { email: string } }[] }; note?: string } } };
  const klaviyo = op("bulkImport", {
    method: "POST",
    path: "/lists/{list}/jobs",
    parameters: [
      { name: "list", in: "path", required: true },
      { name: "revision", in: "header", required: true },
    ],
    body: { required: true, media: [{ type: "application/vnd.api+json", kind: "json" }] },
    responses: { "202": { media: [{ type: "application/vnd.api+json", kind: "json" }] } },
    batch: { items: ["data", "attributes", "profiles", "data"], maxItems: 2, maxBytes: 100_000, chunkId: ["data", "id"] },
  });
  const description = api(
    { bulkImport: klaviyo },
    { securitySchemes: { key: { type: "apiKey", option: "klaviyoApiKey", in: "header", name: "Authorization" } }, security: [["key"]], requiredOptions: ["klaviyoApiKey"] },
  );

  test("the envelope around the items at a deep pointer; every item of a 2xx chunk accepted with the chunk's number and job id", async () => {
    let n = 0;
    replies = Array.from({ length: 3 }, () => () => json({ data: { type: "profile-bulk-import-job", id: `job-${n++}` } }, 202));
    const runtime: ClientRuntime = createClientRuntime(description, { baseUrl: origin, klaviyoApiKey: "Klaviyo-API-Key pk_1" });
    const params: BatchParams<Job, ["data", "attributes", "profiles", "data"]> = { data: { type: "profile-bulk-import-job", attributes: { profiles: {}, note: "n" } } };
    const items = Array.from({ length: 5 }, (_, i) => ({ type: "profile" as const, attributes: { email: `p${i}@example.com` } }));
    const report = await runtime.batch(klaviyo, params, items, { concurrency: 1, path: { list: "L1" }, header: { revision: "2024-10-15" } });
    expect(report).toMatchObject({ itemsRead: 5, accepted: 5 });
    expect(report.items.map((o) => (o.status === "accepted" ? o.chunk : undefined))).toEqual([
      { index: 0, id: "job-0" },
      { index: 0, id: "job-0" },
      { index: 1, id: "job-1" },
      { index: 1, id: "job-1" },
      { index: 2, id: "job-2" },
    ]);
    expect(got.map((g) => [g.url, g.headers["revision"], g.headers["authorization"], g.headers["content-type"]])).toEqual(
      Array(3).fill(["/lists/L1/jobs", "2024-10-15", "Klaviyo-API-Key pk_1", "application/vnd.api+json"]),
    );
    expect(JSON.parse(got[0]!.body.toString())).toEqual({ data: { type: "profile-bulk-import-job", attributes: { profiles: { data: items.slice(0, 2) }, note: "n" } } });
    expect(JSON.parse(got[2]!.body.toString()).data.attributes.profiles.data).toEqual(items.slice(4));
  });

  test("stream yields each chunk's outcomes; a non-2xx chunk is rejected as a whole", async () => {
    replies = [json({ data: { id: "job-a" } }, 202), json({ errors: [{ detail: "bad" }] }, 400)];
    const runtime = createClientRuntime(description, { baseUrl: origin, klaviyoApiKey: "k" });
    const chunks = [];
    for await (const c of runtime.stream(klaviyo, { data: { type: "profile-bulk-import-job", attributes: { profiles: {} } } }, [1, 2, 3, 4], {
      concurrency: 1,
      path: { list: "L" },
      header: { revision: "r" },
    })) {
      chunks.push(c);
    }
    expect(chunks.map((c) => c.items.map((o) => o.status))).toEqual([
      ["accepted", "accepted"],
      ["rejected", "rejected"],
    ]);
  });

  test("Altcraft's batch on the descriptor: per-item results with ids and chunk numbers, the token in the envelope, JSON and XML", async () => {
    const batchOp = op("updateProfilesBatch", {
      method: "POST",
      path: "/v1.1/profiles/update_batch",
      body: {
        required: true,
        media: [
          { type: "application/json", kind: "json", validate: validateUpdateProfilesBatchRequest as BodyValidator },
          { type: "application/xml", kind: "xml", validate: validateUpdateProfilesBatchRequest as BodyValidator, xml: xmlShapes.updateProfilesBatch!.request! },
        ],
      },
      responses: {
        "200": {
          media: [
            { type: "application/json", kind: "json" },
            { type: "application/xml", kind: "xml", xml: xmlShapes.updateProfilesBatch!.response!, validate: validateUpdateProfilesBatchResponse as BodyValidator },
          ],
        },
      },
      batch: { items: ["data"], maxItems: 2, maxBytes: 10_000_000, results: ["result"], id: ["profile_id"] },
    });
    const altcraft = api(
      { updateProfilesBatch: batchOp },
      {
        servers: [{ url: "https://{host}/api" }],
        requiredOptions: ["baseUrl", "token"],
        securitySchemes: { token: { type: "http", option: "token", scheme: "bearer", template: "Bearer {credential}", bodyField: "token" } },
        security: [["token"]],
        vendorError: { code: ["error"], message: ["error_text"], success: 0 },
      },
    );
    const answer = (g: Got): Reply => {
      const body = g.body.toString();
      const n = body.startsWith("{") ? (JSON.parse(body) as { data: unknown[] }).data.length : body.split("<data").length - 1;
      const result = Array.from({ length: n }, (_, i) => (i === 1 ? { error: 400, error_text: "bad item" } : { error: 0, error_text: "ok", profile_id: `p${i}` }));
      return json({ error: 0, error_text: "ok", result });
    };
    replies = [answer, answer];
    const runtime = createClientRuntime(altcraft, { baseUrl: origin, token: "alt-token" });
    const items = [{ email: "a@example.com" }, { email: "b@example.com" }, { email: "c@example.com" }];
    const report = await runtime.batch(batchOp, { db_id: 1, matching: "email" }, items, { concurrency: 1 });
    expect(report.items).toEqual([
      { index: 0, status: "accepted", id: "p0", result: { error: 0, error_text: "ok", profile_id: "p0" }, chunk: { index: 0 } },
      { index: 1, status: "rejected", reason: "server", code: 400, message: "bad item" },
      { index: 2, status: "accepted", id: "p0", result: { error: 0, error_text: "ok", profile_id: "p0" }, chunk: { index: 1 } },
    ]);
    expect(JSON.parse(got[0]!.body.toString())).toEqual({ token: "alt-token", db_id: 1, matching: "email", data: items.slice(0, 2) });
    replies = [answer];
    await runtime.batch(batchOp, { db_id: 1, matching: "email" }, items.slice(0, 1), { format: "xml" });
    expect(last().headers["content-type"]).toBe("application/xml");
    expect(last().body.toString()).toMatch(/^<xml><token>alt-token<\/token><db_id>1<\/db_id><matching>email<\/matching><data array='true'><email>a@example.com<\/email><\/data><\/xml>$/);
    // An item the body's schema refuses is rejected before sending.
    const refused = await runtime.batch(batchOp, { db_id: 1, matching: "email" }, [{ email: 5 }]);
    expect(refused.items[0]).toMatchObject({ status: "rejected", reason: "validation" });
  });
});

describe("type helpers", () => {
  type Body = { token?: string; db_id: number; data: { email: string }[] } | { db_id: string; data?: { phone: string }[] };
  test("BatchParams and BatchItem", () => {
    expectTypeOf<BatchParams<Body, ["data"]>>().toEqualTypeOf<
      Omit<{ token?: string; db_id: number; data: { email: string }[] }, "data"> | Omit<{ db_id: string; data?: { phone: string }[] }, "data">
    >();
    expectTypeOf<BatchItem<Body, ["data"]>>().toEqualTypeOf<{ email: string } | { phone: string }>();
    type Deep = { data: { type: "job"; attributes: { profiles: { data: { id: string }[] }; note?: string } } };
    expectTypeOf<BatchItem<Deep, ["data", "attributes", "profiles", "data"]>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<BatchParams<Deep, ["data", "attributes", "profiles", "data"]>>().toExtend<{ data: { type: "job"; attributes: { profiles: object; note?: string } } }>();
    const ok: BatchParams<Deep, ["data", "attributes", "profiles", "data"]> = { data: { type: "job", attributes: { profiles: {} } } };
    expect(ok).toBeTruthy();
  });
});
