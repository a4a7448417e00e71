// Type rules of the query-params feature: a required query parameter makes `init` required.
import { createQueryParamsClient, type SearchOptions } from "./expected/query-params/index.js";
import { assertType, type Equal } from "../type-assert.js";

const client = createQueryParamsClient();

void client.search({ query: { q: "shoes", color: ["blue", "black"], colors: ["red"], next: "/a/b?c" } });
void client.filter();
void client.filter({ query: { spaced: ["a"], piped: ["b"], rgb: { R: 1 }, point: { x: 1 }, box: { w: 1, h: 2 } } });
// The call options ride along with the parameters.
void client.search({ query: { q: "x" }, headers: { "x-trace": "1" }, signal: AbortSignal.timeout(1000) });

// @ts-expect-error q is required: init cannot be left out
void client.search();
// @ts-expect-error q is required
void client.search({ query: {} });
// @ts-expect-error color is an array of strings
void client.search({ query: { q: "x", color: "blue" } });
// @ts-expect-error rgb (deepObject) is an object
void client.filter({ query: { rgb: "R,1" } });
// @ts-expect-error this API has no XML: the call options have no format
void client.filter({ format: "xml" });

assertType<Equal<SearchOptions["query"]["q"], string>>();
