import { describe, expect, test } from "vitest";
import { ValidationError } from "../../../src/runtime/index.js";
import { loopback } from "../loopback.js";
import { createPathParamsClient, type PathParamsClient } from "./expected/path-params/index.js";

// The request line the generated client writes for each path style (OpenAPI 3.1.1's style examples, with
// color = "blue", ["blue", "black", "brown"] and { R: 100, G: 200, B: 150 }).

const server = loopback();
const client = (): PathParamsClient => createPathParamsClient({ baseUrl: server.url });
const rgb = { R: 100, G: 200, B: 150 };
const colors = ["blue", "black", "brown"];

const rows: [string, (c: PathParamsClient) => Promise<unknown>, string][] = [
  ["simple: string, array, exploded object", (c) => c.getSimple({ id: "blue", ids: [1, 2, 3], point: { x: 1, y: 2 } }), "/simple/blue/1,2,3/x=1,y=2"],
  ["simple: reserved and non-ASCII characters are percent-encoded", (c) => c.getSimple({ id: "a/b c?#ü", ids: [0], point: { x: 0 } }), "/simple/a%2Fb%20c%3F%23%C3%BC/0/x=0"],
  ["label: string, exploded array, object", (c) => c.getLabel({ color: "blue", colors, rgb }), "/label/.blue/.blue.black.brown/.R,100,G,200,B,150"],
  ["matrix: string, exploded array, object", (c) => c.getMatrix({ color: "blue", colors, rgb }), "/matrix/;color=blue/;colors=blue;colors=black;colors=brown/;rgb=R,100,G,200,B,150"],
];

describe("the request target", () => {
  test.each(rows)("%s", async (_, call, target) => {
    await expect(call(client())).resolves.toBeUndefined();
    const got = server.only();
    expect(got.method).toBe("GET");
    expect(got.url).toBe(target);
  });
});

// RFC 6570 counts an empty array or object as undefined: a required one is missing, though its type allows {}.
test("an empty object for a required path parameter is missing too", async () => {
  await expect(client().getSimple({ id: "a", ids: [1], point: {} })).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "/path/point", keyword: "required" }] });
  expect(server.got).toHaveLength(0);
});

test("a missing path parameter is a ValidationError at /path/<name>, and nothing is sent", async () => {
  const error = await client()
    .getSimple({ id: "a", ids: [1] } as never)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: "/path/point", keyword: "required" })]);
  expect(server.got).toHaveLength(0);
});
