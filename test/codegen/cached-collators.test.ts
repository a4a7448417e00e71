import { expect, test } from "vitest";
import { withCachedCollators } from "../../src/codegen/types/cached-collators.js";

const WORDS = ["b", "B", "a10", "a2", "a02", "é", "e", "Z", "_x", "x-1", "x_1", "200", "2XX", "default", "ß", "ss", ""];
const sorts = () => [
  [...WORDS].sort((a, b) => a.localeCompare(b, "en-us", { numeric: true })),
  [...WORDS].sort((a, b) => a.localeCompare(b)),
  [...WORDS].sort((a, b) => a.localeCompare(b, "de", { sensitivity: "base" })),
];

test("withCachedCollators orders as the built-in localeCompare does, and puts it back", () => {
  const builtIn = String.prototype.localeCompare;
  expect(withCachedCollators(sorts)).toEqual(sorts());
  expect(String.prototype.localeCompare).toBe(builtIn);
  expect(() =>
    withCachedCollators(() => {
      throw new Error("boom");
    }),
  ).toThrow("boom");
  expect(String.prototype.localeCompare).toBe(builtIn);
});
