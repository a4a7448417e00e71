// Type rules of the path-params feature: path parameters are one required object, typed by the spec.
import { createPathParamsClient, type GetLabelPathParams, type GetSimplePathParams } from "./expected/path-params/index.js";
import { assertType, type Equal } from "../type-assert.js";

const client = createPathParamsClient();

void client.getSimple({ id: "a/b", ids: [1, 2, 3], point: { x: 1, y: 2 } });
void client.getLabel({ color: "blue", colors: ["blue", "black"], rgb: { R: 100, G: 200, B: 150 } });
void client.getMatrix({ color: "blue", colors: ["blue"], rgb: {} });

// @ts-expect-error a missing required path parameter (point)
void client.getSimple({ id: "a", ids: [1] });
// @ts-expect-error the path parameters cannot be left out
void client.getSimple();
// @ts-expect-error ids are integers
void client.getSimple({ id: "a", ids: ["1"], point: {} });
// @ts-expect-error rgb is an object, not a string
void client.getLabel({ color: "blue", colors: [], rgb: "R,100" });

assertType<Equal<GetSimplePathParams, { id: string; ids: number[]; point: { x?: number; y?: number } }>>();
assertType<Equal<GetLabelPathParams["colors"], string[]>>();
