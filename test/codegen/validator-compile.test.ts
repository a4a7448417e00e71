import { describe, expect, test } from "vitest";
import { compileValidator, type Issue } from "../helpers/compile-validator.js";

type Case = [string, { schemas: Record<string, unknown>; valid: unknown[]; invalid: [value: unknown, want: Partial<Issue>[]][] }];
const root = (Root: unknown, more: Record<string, unknown> = {}) => ({ Root, ...more });

// One case per keyword: values the compiled code must accept, and values it must reject with these issues (in order).
const cases: Case[] = [
  [
    "type",
    {
      schemas: root({ type: "integer" }),
      valid: [1, -3, 0],
      invalid: [
        [1.5, [{ path: "", keyword: "type", message: "expected an integer, found 1.5" }]],
        ["1", [{ keyword: "type" }]],
      ],
    },
  ],
  ["type array with null", { schemas: root({ type: ["string", "null"] }), valid: ["a", null], invalid: [[1, [{ message: "expected a string or null, found 1" }]]] }],
  ["enum", { schemas: root({ enum: ["MALE", "FEMALE"] }), valid: ["MALE"], invalid: [["OTHER", [{ keyword: "enum", message: 'expected one of "MALE", "FEMALE", found "OTHER"' }]]] }],
  ["long enum", { schemas: root({ enum: ["a", "b", "c", "d", "e", "f", "g", 1] }), valid: ["g", 1], invalid: [["1", [{ keyword: "enum" }]]] }],
  ["const object", { schemas: root({ const: { a: [1] } }), valid: [{ a: [1] }], invalid: [[{ a: [2] }, [{ keyword: "const" }]]] }],
  [
    "required and properties",
    {
      schemas: root({ type: "object", required: ["db_id"], properties: { db_id: { type: "integer", minimum: 1 } } }),
      valid: [{ db_id: 1 }, { db_id: 2, other: true }],
      invalid: [
        [{}, [{ path: "/db_id", keyword: "required", message: 'required property "db_id" is missing' }]],
        [{ db_id: 0 }, [{ path: "/db_id", keyword: "minimum", message: "expected a number ≥ 1, found 0" }]],
      ],
    },
  ],
  [
    "additionalProperties false",
    {
      schemas: root({ type: "object", properties: { a: true }, additionalProperties: false }),
      valid: [{ a: 1 }, {}],
      invalid: [[{ a: 1, "x/y": 2 }, [{ path: "/x~1y", keyword: "additionalProperties", message: 'unknown property "x/y" (known: a)' }]]],
    },
  ],
  ["additionalProperties schema", { schemas: root({ type: "object", additionalProperties: { type: "string" } }), valid: [{ a: "x" }], invalid: [[{ a: 1 }, [{ path: "/a", keyword: "type" }]]] }],
  [
    "items, minItems, maxItems",
    {
      schemas: root({ type: "array", minItems: 1, maxItems: 2, items: { type: "string" } }),
      valid: [["a"], ["a", "b"]],
      invalid: [
        [[], [{ keyword: "minItems", message: "expected at least 1 item, found 0" }]],
        [["a", "b", "c"], [{ keyword: "maxItems", message: "expected at most 2 items, found 3" }]],
        [["a", 2], [{ path: "/1", keyword: "type" }]],
      ],
    },
  ],
  [
    "uniqueItems",
    {
      schemas: root({ type: "array", uniqueItems: true }),
      valid: [[1, "1", { a: 1 }]],
      invalid: [[[{ a: 1 }, 2, { a: 1 }], [{ keyword: "uniqueItems", message: "expected unique items, but items 0 and 2 are equal" }]]],
    },
  ],
  [
    "contains",
    {
      schemas: root({ type: "array", contains: { type: "object", required: ["type"], properties: { type: { const: "EXT_USER_ID" } } } }),
      valid: [[{ type: "PHONE" }, { type: "EXT_USER_ID" }]],
      invalid: [[[{ type: "PHONE" }], [{ keyword: "contains", message: 'expected at least one item that is an object with type "EXT_USER_ID"' }]]],
    },
  ],
  [
    "string keywords",
    {
      schemas: root({ type: "string", minLength: 2, maxLength: 3, pattern: "^[A-Za-z]+$" }),
      valid: ["ES", "abc"],
      invalid: [
        ["E", [{ keyword: "minLength", message: "expected at least 2 characters, found 1" }]],
        ["ESPA", [{ keyword: "maxLength" }]],
        ["E1", [{ keyword: "pattern", message: 'expected a string matching ^[A-Za-z]+$, found "E1"' }]],
      ],
    },
  ],
  [
    "format",
    { schemas: root({ type: "string", format: "date" }), valid: ["1999-12-28"], invalid: [["28.12.1999", [{ keyword: "format", message: 'expected a date (YYYY-MM-DD), found "28.12.1999"' }]]] },
  ],
  [
    "number keywords",
    {
      schemas: root({ type: "number", exclusiveMinimum: -90, maximum: 90, multipleOf: 0.5 }),
      valid: [90, -89.5, 0],
      invalid: [
        [-90, [{ keyword: "exclusiveMinimum", message: "expected a number > -90, found -90" }]],
        [90.5, [{ keyword: "maximum" }]],
        [1.25, [{ keyword: "multipleOf" }]],
      ],
    },
  ],
  ["allOf", { schemas: root({ allOf: [{ type: "object", required: ["a"] }, { required: ["b"] }] }), valid: [{ a: 1, b: 2 }], invalid: [[{ a: 1 }, [{ path: "/b", keyword: "required" }]]] }],
  [
    "anyOf of simple schemas",
    {
      schemas: root({
        anyOf: [
          { type: "string", format: "ipv4" },
          { type: "string", format: "ipv6" },
        ],
      }),
      valid: ["1.2.3.4", "::1"],
      invalid: [["1.2.3", [{ keyword: "anyOf", message: 'expected an IPv4 address or an IPv6 address, found "1.2.3"' }]]],
    },
  ],
  [
    "anyOf that differs only in a required property",
    {
      schemas: root({
        anyOf: [
          { type: "object", required: ["email"] },
          { type: "object", required: ["phone"] },
        ],
      }),
      valid: [{ email: "x" }, { phone: "y" }, { email: "x", phone: "y" }],
      invalid: [[{}, [{ path: "", keyword: "required", message: "required: email or phone" }]]],
    },
  ],
  [
    "oneOf without a tag counts matches",
    {
      schemas: root({ oneOf: [{ type: "integer" }, { type: "number", minimum: 0 }] }),
      valid: [-1, 0.5],
      invalid: [
        [2, [{ keyword: "oneOf", message: "expected exactly one of option 1, option 2, but it matches 2" }]],
        ["x", [{ keyword: "oneOf" }, { keyword: "type" }]],
      ],
    },
  ],
  [
    "oneOf by discriminator reports the chosen branch",
    {
      schemas: root(
        {
          oneOf: [{ $ref: "#/components/schemas/Sms" }, { $ref: "#/components/schemas/Push" }],
          discriminator: { propertyName: "channel", mapping: { sms: "#/components/schemas/Sms", push: "#/components/schemas/Push" } },
        },
        {
          Sms: { type: "object", required: ["channel", "phone"], properties: { channel: { const: "sms" }, phone: { type: "string" } } },
          Push: { type: "object", required: ["channel", "provider"], properties: { channel: { const: "push" }, provider: { type: "string" } } },
        },
      ),
      valid: [
        { channel: "sms", phone: "+7" },
        { channel: "push", provider: "x" },
      ],
      invalid: [
        [{ channel: "sms" }, [{ path: "/phone", keyword: "required", message: 'channel "sms" requires phone' }]],
        [{ channel: "fax" }, [{ path: "/channel", keyword: "oneOf", message: 'expected channel to be one of "sms", "push", found "fax"' }]],
        [{}, [{ path: "/channel", keyword: "required" }]],
        ["sms", [{ keyword: "oneOf" }, { keyword: "type" }]],
      ],
    },
  ],
  [
    "oneOf by an optional tag with a default branch",
    {
      schemas: root(
        { oneOf: [{ $ref: "#/components/schemas/ByEmail" }, { $ref: "#/components/schemas/ByCustom" }] },
        {
          Mode: { type: "string", enum: ["email", "custom"], default: "email" },
          ByEmail: { type: "object", required: ["email"], properties: { matching: { allOf: [{ $ref: "#/components/schemas/Mode" }], enum: ["email"] }, email: { type: "string" } } },
          ByCustom: { type: "object", required: ["matching", "field_name"], properties: { matching: { const: "custom" }, field_name: { type: "string" } } },
        },
      ),
      valid: [{ email: "a" }, { matching: "email", email: "a" }, { matching: "custom", field_name: "ID" }],
      invalid: [
        [{}, [{ path: "/email", message: 'matching "email" (the default) requires email' }]],
        [{ matching: "custom" }, [{ path: "/field_name", message: 'matching "custom" requires field_name' }]],
      ],
    },
  ],
  [
    "recursive $ref",
    {
      schemas: root({ type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Root" } } } }),
      valid: [{ name: "a", children: [{ name: "b", children: [] }] }],
      invalid: [[{ children: [{ children: [{ name: 1 }] }] }, [{ path: "/children/0/children/0/name", keyword: "type" }]]],
    },
  ],
  [
    "x-each-item-requires",
    {
      schemas: root({
        type: "object",
        properties: { field_name: { type: "string" }, field_value: { type: "string" }, data: { type: "array" } },
        "x-each-item-requires": {
          items: "data",
          description: "a value of {field_name} (the item's own, an id, or field_value)",
          anyOf: [{ itemPropertyNamedBy: "field_name" }, { item: { required: ["id"] } }, { request: { required: ["field_value"] } }],
        },
      }),
      valid: [
        { field_name: "Custom_ID", data: [{ Custom_ID: 1 }] },
        { field_name: "Custom_ID", data: [{ Custom_ID: 1 }, { id: 2 }, "not an object: its schema says"] },
        { field_name: "Custom_ID", field_value: "7", data: [{}] },
        { data: [{}] }, // no field_name: the object's schema reports it when it requires it
      ],
      invalid: [
        [
          { field_name: "Custom_ID", data: [{ Custom_ID: 1 }, { x: 1 }] },
          [{ path: "/data/1", keyword: "x-each-item-requires", message: 'requires a value of "Custom_ID" (the item\'s own, an id, or field_value) in every item of data: this item has none' }],
        ],
        [
          { field_name: "Custom_ID", data: [{ Custom_ID: null }, {}] },
          [
            { path: "/data/0", keyword: "x-each-item-requires" },
            { path: "/data/1", keyword: "x-each-item-requires" },
          ],
        ],
      ],
    },
  ],
  ["false schema", { schemas: root({ type: "object", properties: { email: false } }), valid: [{}], invalid: [[{ email: "x" }, [{ path: "/email", keyword: "false" }]]] }],
];

describe.each(cases)("%s", (_name, { schemas, valid, invalid }) => {
  test("accepts the valid values", async () => {
    const validate = await compileValidator(schemas);
    for (const v of valid) expect(validate(v), JSON.stringify(v)).toEqual({ ok: true, value: v });
  });
  test("rejects the invalid values with the expected issues", async () => {
    const validate = await compileValidator(schemas);
    for (const [v, want] of invalid) {
      const result = validate(v);
      expect(result.ok, JSON.stringify(v)).toBe(false);
      if (!result.ok) expect(result.errors).toEqual(want.map((w) => expect.objectContaining(w)));
    }
  });
});

test("reports every issue, capped at 100", async () => {
  const validate = await compileValidator(root({ type: "array", items: { type: "string" } }));
  const some = validate([1, 2, 3]);
  expect(some.ok === false && some.errors.map((e) => e.path)).toEqual(["/0", "/1", "/2"]);
  const many = validate(Array.from({ length: 500 }, (_, i) => i));
  expect(many.ok === false && many.errors.length).toBe(100);
});

test("spec text cannot break out of the generated code", async () => {
  const nasty = '"; throw new Error("injected"); //\u2028*/';
  const validate = await compileValidator(root({ type: "object", required: [nasty], properties: { [nasty]: { type: "string", pattern: nasty.replace(/[()*]/g, "") } } }));
  const r = validate({});
  expect(r.ok === false && r.errors[0]!.message).toBe(`required property "${nasty}" is missing`);
});
