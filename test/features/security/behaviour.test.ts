import { expect, test } from "vitest";
import { ConfigError } from "../../../src/runtime/index.js";
import { loopback } from "../loopback.js";
import { createSecurityClient, type SecurityClient, type SecurityClientOptions } from "./expected/security/index.js";

// Credentials on the wire: for each operation, the first of its requirement's alternatives whose
// credentials the client has, every scheme of it sent (header, query, cookie, Authorization); nothing
// of the schemes it does not choose.

const server = loopback();

interface Sent {
  url: string;
  authorization?: string;
  "x-api-key"?: string;
  cookie?: string;
}
const rows: [string, Omit<SecurityClientOptions, "baseUrl">, (c: SecurityClient) => Promise<unknown>, Sent][] = [
  ["the API's default: bearer", { bearerAuth: "t0k3n" }, (c) => c.getMe(), { url: "/me", authorization: "Bearer t0k3n" }],
  ["only the chosen scheme is sent", { bearerAuth: "t0k3n", apiKeyHeader: "hk", basicAuth: { username: "u", password: "p" } }, (c) => c.getMe(), { url: "/me", authorization: "Bearer t0k3n" }],
  ["two schemes together: header and query key", { apiKeyHeader: "hk", apiKeyQuery: "q k/1" }, (c) => c.getWithKeys(), { url: "/keys?api_key=q%20k%2F1", "x-api-key": "hk" }],
  ["the second alternative: the cookie key", { apiKeyCookie: "c 1" }, (c) => c.getWithKeys(), { url: "/keys", cookie: "sid=c%201" }],
  ["both alternatives given: the first", { apiKeyHeader: "hk", apiKeyQuery: "qk", apiKeyCookie: "ck" }, (c) => c.getWithKeys(), { url: "/keys?api_key=qk", "x-api-key": "hk" }],
  ["http basic", { basicAuth: { username: "Aladdin", password: "open sesame" } }, (c) => c.getWithHttp(), { url: "/http", authorization: "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==" }],
  ["http basic, UTF-8 before base64", { basicAuth: { username: "ü", password: "p" } }, (c) => c.getWithHttp(), { url: "/http", authorization: "Basic w7w6cA==" }],
  ["x-authorization-template", { tokenAuth: "abc" }, (c) => c.getWithHttp(), { url: "/http", authorization: 'Token token="abc"' }],
  ["oauth2: a token", { oauth: "at-1" }, (c) => c.getWithOAuth(), { url: "/oauth", authorization: "Bearer at-1" }],
  ["oauth2: a token provider, called per request", { oauth: async () => "fresh" }, (c) => c.getWithOAuth(), { url: "/oauth", authorization: "Bearer fresh" }],
  ["openIdConnect: the second alternative", { oidc: "id-1" }, (c) => c.getWithOAuth(), { url: "/oauth", authorization: "Bearer id-1" }],
  ["{} alternative, no credential: nothing sent", {}, (c) => c.getPublic(), { url: "/public" }],
  ["{} alternative, the key given: sent", { apiKeyHeader: "hk" }, (c) => c.getPublic(), { url: "/public", "x-api-key": "hk" }],
];

test.each(rows)("%s", async (_, options, call, sent) => {
  await expect(call(createSecurityClient({ baseUrl: server.url, ...options }))).resolves.toBeUndefined();
  const got = server.only();
  expect({ url: got.url, authorization: got.headers["authorization"], "x-api-key": got.headers["x-api-key"], cookie: got.headers["cookie"] }).toEqual({
    authorization: undefined,
    "x-api-key": undefined,
    cookie: undefined,
    ...sent,
  });
});

test.each([
  ["getMe without bearerAuth", {}, (c: SecurityClient) => c.getMe(), "/bearerAuth"],
  ["getWithKeys with half of the first alternative and none of the second", { apiKeyHeader: "hk" }, (c: SecurityClient) => c.getWithKeys(), "/apiKeyQuery"],
] as const)("%s: a ConfigError naming the option, and nothing is sent", async (_, options, call, at) => {
  const error = await call(createSecurityClient({ baseUrl: server.url, ...options })).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).toContain(at);
  expect(server.got).toHaveLength(0);
});

test("a basic credential that is not { username, password } is refused when the client is made", () => {
  expect(() => createSecurityClient({ baseUrl: server.url, basicAuth: "u:p" as never })).toThrow(ConfigError);
});
