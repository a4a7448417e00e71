import { expect, test } from "vitest";
import { ValidationError } from "../../../src/runtime/index.js";
import { loopback } from "../loopback.js";
import { createHeaderCookieParamsClient, type HeaderCookieParamsClient } from "./expected/header-cookie-params/index.js";

// Header parameters in the simple style (not percent-encoded), cookie parameters in the form style
// (name=value pairs of one Cookie header, values percent-encoded).

const server = loopback();
const client = (): HeaderCookieParamsClient => createHeaderCookieParamsClient({ baseUrl: server.url });

type Init = Parameters<HeaderCookieParamsClient["getSession"]>[0];
const rows: [string, Init, Record<string, string | undefined>][] = [
  ["the required header and cookie", { header: { "X-Request-Id": "r-1" }, cookie: { session: "s1" } }, { "x-request-id": "r-1", cookie: "session=s1", "x-tags": undefined, "x-point": undefined }],
  ["a header array: a,b", { header: { "X-Request-Id": "r-1", "X-Tags": ["a", "b"] }, cookie: { session: "s1" } }, { "x-tags": "a,b" }],
  ["a header object, exploded: x=1,y=2", { header: { "X-Request-Id": "r-1", "X-Point": { x: 1, y: 2 } }, cookie: { session: "s1" } }, { "x-point": "x=1,y=2" }],
  [
    "cookies joined with ; , an array not exploded, a value percent-encoded",
    { header: { "X-Request-Id": "r-1" }, cookie: { session: "s1", prefs: ["dark", "compact"], note: "a b;c" } },
    { cookie: "session=s1; prefs=dark,compact; note=a%20b%3Bc" },
  ],
];

test.each(rows)("%s", async (_, init, headers) => {
  await expect(client().getSession(init)).resolves.toBeUndefined();
  const got = server.only();
  expect(got.url).toBe("/session");
  for (const [name, value] of Object.entries(headers)) expect(got.headers[name], name).toBe(value);
});

test("the ignored Accept parameter does not replace the client's Accept", async () => {
  await client().getSession({ header: { "X-Request-Id": "r-1", Accept: "text/html" }, cookie: { session: "s1" } });
  // The operation has no answer with a body: the client asks for JSON.
  expect(server.only().headers["accept"]).toBe("application/json");
});

test("a missing required cookie is a ValidationError at /cookie/session, and nothing is sent", async () => {
  const error = await client()
    .getSession({ header: { "X-Request-Id": "r-1" } } as never)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: "/cookie/session", keyword: "required" })]);
  expect(server.got).toHaveLength(0);
});
