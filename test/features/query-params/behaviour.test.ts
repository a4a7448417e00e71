import { expect, test } from "vitest";
import { ValidationError } from "../../../src/runtime/index.js";
import { json, loopback } from "../loopback.js";
import { createQueryParamsClient, type QueryParamsClient } from "./expected/query-params/index.js";

// The query string the generated client writes for each query style, as OpenAPI 3.1.1's style examples
// table writes it: percent-encoded as RFC 3986 requires, so `|` is %7C and deepObject's brackets are
// %5B/%5D (the table's own note: unencoded | [ ] "seem to work in some environments despite not being
// compliant"); the form separators `,` `&` `=` stay.

const server = loopback();
const client = (): QueryParamsClient => createQueryParamsClient({ baseUrl: server.url });

const rows: [string, (c: QueryParamsClient) => Promise<unknown>, string][] = [
  ["a required string, spaces and & encoded", (c) => c.search({ query: { q: "shoes & socks" } }), "/search?q=shoes%20%26%20socks"],
  ["form, exploded array (the default)", (c) => c.search({ query: { q: "x", color: ["blue", "black", "brown"] } }), "/search?q=x&color=blue&color=black&color=brown"],
  ["form, array not exploded", (c) => c.search({ query: { q: "x", colors: ["blue", "black", "brown"] } }), "/search?q=x&colors=blue,black,brown"],
  ["an empty array is not sent", (c) => c.search({ query: { q: "x", color: [] } }), "/search?q=x"],
  ["allowReserved keeps / ? : but not = & #", (c) => c.search({ query: { q: "x", next: "/a/b?c=d&e#f:g" } }), "/search?q=x&next=/a/b?c%3Dd%26e%23f:g"],
  ["without allowReserved the same value is encoded", (c) => c.search({ query: { q: "/a/b?c=d&e#f:g" } }), "/search?q=%2Fa%2Fb%3Fc%3Dd%26e%23f%3Ag"],
  ["spaceDelimited array", (c) => c.filter({ query: { spaced: ["blue", "black", "brown"] } }), "/filter?spaced=blue%20black%20brown"],
  ["pipeDelimited array", (c) => c.filter({ query: { piped: ["blue", "black", "brown"] } }), "/filter?piped=blue%7Cblack%7Cbrown"],
  ["deepObject", (c) => c.filter({ query: { rgb: { R: 100, G: 200 } } }), "/filter?rgb%5BR%5D=100&rgb%5BG%5D=200"],
  ["form, exploded object: one parameter per property", (c) => c.filter({ query: { point: { x: 1, y: 2 } } }), "/filter?x=1&y=2"],
  ["form, object not exploded", (c) => c.filter({ query: { box: { w: 10, h: 20 } } }), "/filter?box=w,10,h,20"],
  ["no parameters: no query string", (c) => c.filter(), "/filter"],
];

test.each(rows)("%s", async (_, call, target) => {
  server.reply(json({ seen: true }));
  await expect(call(client())).resolves.toEqual({ seen: true });
  const got = server.only();
  expect(got.method).toBe("GET");
  expect(got.url).toBe(target);
});

test("a missing required query parameter is a ValidationError at /query/q, and nothing is sent", async () => {
  const error = await client()
    .search({ query: {} } as never)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: "/query/q", keyword: "required" })]);
  expect(server.got).toHaveLength(0);
});
