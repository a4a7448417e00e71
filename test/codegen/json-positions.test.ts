import { describe, expect, test } from "vitest";
import { parseJsonWithLines } from "../../src/codegen/json-positions.js";
import { parseYamlWithLines } from "../../src/codegen/load.js";
import { SpecError } from "../../src/codegen/spec-error.js";

const text = `{
  "openapi": "3.1.0",
  "paths": {
    "/a~b/{id}": { "get": { "operationId": "getA", "parameters": [ { "name": "id" }, 5, [true, null] ] } },
    "esc\\"aped\\u00e9": -1.5e3
  },
  "empty": {}, "list": []
}`;

describe("parseJsonWithLines", () => {
  test.each([
    "",
    "/openapi",
    "/paths/~1a~0b~1{id}/get/operationId",
    "/paths/~1a~0b~1{id}/get/parameters/0/name",
    "/paths/~1a~0b~1{id}/get/parameters/1",
    "/paths/~1a~0b~1{id}/get/parameters/2/1",
    '/paths/esc"apedé',
    "/empty",
    "/list",
    "/paths/nope/deeper",
  ])("%s is where the YAML reader puts it", (pointer) => {
    const json = parseJsonWithLines("f.json", text)!;
    expect(json.value).toEqual(JSON.parse(text));
    expect(json.locate(pointer)).toEqual(parseYamlWithLines("f.json", text).locate(pointer));
  });

  test("a key twice in one object is refused at its line, not kept silently", () => {
    const e = (() => {
      try {
        parseJsonWithLines("f.json", '{\n  "a": 1,\n  "b": { "x": 1,\n "x": 2 }\n}');
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).problems).toEqual([{ pointer: "/b/x", message: 'the key "x" appears twice in one object', line: 4, column: 2 }]);
  });

  test("YAML and broken JSON are left to the YAML reader", () => {
    expect(parseJsonWithLines("f.yaml", "openapi: 3.1.0")).toBeUndefined();
    expect(parseJsonWithLines("f.json", '{ "a": ')).toBeUndefined();
  });
});
