import { Project, ts } from "ts-morph";
import { describe, expect, test } from "vitest";
import { compileValidators, SpecError, type CompileOptions } from "../../src/codegen/index.js";
import { compileModule } from "../helpers/compile-validator.js";

// The public compiler: what a user gets from `profilekit/codegen` without the generator.

describe("compileValidators: the module it gives", () => {
  test("one validate<Name> per schema, the name made an identifier; `validators` by the schemas' own names", async () => {
    const js = compileValidators({ "pet-store": { type: "string" }, "v1.User": { type: "integer" }, "pet store": { type: "boolean" } });
    expect(js).toMatch(/export function validatePetStore\(/);
    expect(js).toMatch(/export function validateV1User\(/);
    expect(js).toMatch(/export function validatePetStore_2\(/);
    const mod = (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as Record<string, unknown> & { validators: Record<string, (v: unknown) => { ok: boolean }> };
    expect(Object.keys(mod.validators)).toEqual(["pet-store", "v1.User", "pet store"]);
    expect(mod.validators["v1.User"]!(3).ok).toBe(true);
    expect(mod.validators["pet store"]!(3).ok).toBe(false);
  });

  test("it imports nothing and carries only the helpers it uses", () => {
    const js = compileValidators({ A: { type: "string", minLength: 2 } });
    expect(js).not.toMatch(/^\s*import\b/m);
    expect(js).toContain("function len(");
    expect(js).not.toContain("function isDateTime(");
    expect(js).not.toContain("function noMatch(");
  });

  test("TypeScript output type-checks in strict mode, JavaScript output has no types", () => {
    const schemas = {
      Pet: {
        type: "object",
        required: ["name"],
        properties: { name: { type: "string", format: "email" }, tags: { type: "array", items: { $ref: "#/$defs/Tag" } } },
        $defs: { Tag: { type: "string" } },
        unevaluatedProperties: false,
      },
      Tree: { $dynamicAnchor: "node", type: "object", properties: { kids: { type: "array", items: { $dynamicRef: "#node" } } } },
    };
    const source = compileValidators(schemas, { typescript: true, formats: "assert" });
    const project = new Project({
      useInMemoryFileSystem: true,
      compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, noUnusedLocals: false, lib: ["lib.es2022.d.ts"] },
    });
    project.createSourceFile("/validators.ts", source);
    const problems = project.getPreEmitDiagnostics().map((d) => `${d.getLineNumber()}: ${ts.flattenDiagnosticMessageText(d.getMessageText() as string, "\n")}`);
    expect(problems).toEqual([]);
    expect(compileValidators(schemas)).not.toMatch(/: unknown\b/);
  });

  test("spec text reaches the code only as literals: quotes, comment ends, template syntax and line breaks in names and patterns", async () => {
    const name = 'a"b*/c${x}`\n\u2028';
    const v = await compileModule({ [name]: { type: "object", properties: { [name]: { type: "string", pattern: "^[*/]+\\n?$" } }, required: [name] } }, {});
    expect(v[name]!({ [name]: "*/" }).ok).toBe(true);
    expect(v[name]!({ [name]: "x" })).toMatchObject({ ok: false, errors: [{ path: '/a"b*~1c${x}`\n\u2028', keyword: "pattern" }] });
  });

  test("a reference that points nowhere is a SpecError at the $ref's pointer", () => {
    let error: unknown;
    try {
      compileValidators({ A: { properties: { b: { $ref: "#/$defs/missing" } } } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problems).toEqual([{ pointer: "/A/properties/b/$ref", message: expect.stringContaining("#/$defs/missing") }]);
  });

  test.each([
    ["a $ref to itself", { $ref: "#" }, "/A"],
    ["allOf through itself", { allOf: [{ $ref: "#" }] }, "/A"],
    ["two $defs referring to each other", { $ref: "#/$defs/a", $defs: { a: { anyOf: [{ $ref: "#/$defs/b" }] }, b: { not: { $ref: "#/$defs/a" } } } }, "/A/$defs/a"],
  ])("a schema that would validate forever (%s) is a SpecError at its pointer", (_, schema, pointer) => {
    expect(() => compileValidators({ A: schema })).toThrow(SpecError);
    try {
      compileValidators({ A: schema });
    } catch (e) {
      expect((e as SpecError).problems).toEqual([{ pointer, message: expect.stringContaining("validation would never end") }]);
    }
  });

  test("recursion through a property or item is fine: a tree", async () => {
    const v = await compileModule({ Tree: { type: "object", properties: { kids: { type: "array", items: { $ref: "#" } } }, additionalProperties: false } }, {});
    expect(v["Tree"]!({ kids: [{ kids: [{}] }] }).ok).toBe(true);
    expect(v["Tree"]!({ kids: [{ kids: [{ x: 1 }] }] })).toMatchObject({ ok: false, errors: [{ path: "/kids/0/kids/0/x" }] });
  });

  test("a schema nested 10,000 levels deep is refused with its pointer, not a stack overflow", () => {
    let deep: unknown = { type: "string" };
    for (let i = 0; i < 10_000; i++) deep = { properties: { a: deep } };
    expect(() => compileValidators({ A: deep })).toThrow(/^schemas \/A(\/properties\/a){129}: schemas nested more than 128 levels deep/);
  });

  test("bad arguments are named", () => {
    expect(() => compileValidators([] as never)).toThrow(/expected an object of named schemas/);
    expect(() => compileValidators({}, { dialect: "draft-07" as never })).toThrow(/options\.dialect: expected "2020-12", "openapi-3\.1" or "openapi-3\.0", found "draft-07"/);
    expect(() => compileValidators({ A: 5 })).toThrow(/\/A: expected a schema \(an object or a boolean\), found 5/);
  });

  test("remote schemas are given in advance, never fetched", async () => {
    const remotes = { "https://example.test/defs.json": { $defs: { id: { type: "integer", minimum: 1 } } } };
    const v = await compileModule({ A: { $ref: "https://example.test/defs.json#/$defs/id" } }, { remotes });
    expect(v["A"]!(1).ok).toBe(true);
    expect(v["A"]!(0).ok).toBe(false);
    expect(() => compileValidators({ A: { $ref: "https://example.test/other.json" } })).toThrow(/give it in `remotes` \(nothing is fetched\)/);
  });

  test("format: an annotation by default, checked when asserted; an unknown format is a warning with its pointer", async () => {
    const schemas = { A: { type: "string", format: "uuid" }, B: { type: "string", format: "customer-code" } };
    const warnings: unknown[] = [];
    const annotate = await compileModule(schemas, { onWarning: (w) => warnings.push(w) });
    const assert = await compileModule(schemas, { formats: "assert" });
    expect(annotate["A"]!("nope").ok).toBe(true);
    expect(assert["A"]!("nope")).toMatchObject({ ok: false, errors: [{ keyword: "format", message: 'expected a UUID, found "nope"' }] });
    expect(assert["B"]!("anything").ok).toBe(true);
    expect(warnings).toEqual([{ pointer: "/B/format", message: 'unknown format "customer-code" is not checked (an annotation)' }]);
  });

  test("a named schema is one function, however often it is referenced", () => {
    const Shared = { type: "object", properties: { a: { type: "string" }, b: { type: "integer" }, c: { type: "array", items: { type: "object" } } } };
    const schemas = {
      Shared,
      X: { type: "object", properties: { one: { $ref: "#/components/schemas/Shared" }, two: { $ref: "#/components/schemas/Shared" } } },
      Y: { allOf: [{ $ref: "#/components/schemas/Shared" }] },
    };
    const ts = compileValidators(schemas, { dialect: "openapi-3.1", typescript: true });
    expect(ts.match(/^function s_Shared\(/gm)).toHaveLength(1);
    expect(ts.match(/v\["c"\]/g)).toHaveLength(1);
  });
});

type Row = [what: string, schemas: Record<string, unknown>, options: CompileOptions, valid: unknown[], invalid: unknown[]];
const run = (rows: Row[]) =>
  test.each(rows)("%s", async (_, schemas, options, valid, invalid) => {
    const validate = (await compileModule(schemas, options))["Root"]!;
    for (const value of valid) expect(validate(value), JSON.stringify(value)).toMatchObject({ ok: true });
    for (const value of invalid) expect(validate(value), JSON.stringify(value)).toMatchObject({ ok: false });
  });

// OpenAPI 3.0.3, "Schema Object" and "Fixed Fields": nullable, exclusiveMinimum/Maximum as booleans
// (JSON Schema Wright draft 00), $ref as a Reference Object, discriminator without mapping.
describe("the OpenAPI 3.0 dialect, as the 3.0.3 text reads", () => {
  const o30: CompileOptions = { dialect: "openapi-3.0" };
  run([
    ["nullable: true with type allows null", { Root: { type: "string", nullable: true } }, o30, ["a", null], [1]],
    ["nullable: false (the default) does not", { Root: { type: "string", nullable: false } }, o30, ["a"], [null]],
    ["nullable without type allows nothing more (3.0.3 clarification)", { Root: { nullable: true, minLength: 2 } }, o30, ["ab", null, 1], ["a"]],
    ["an enum must still list null for null to pass", { Root: { type: "string", nullable: true, enum: ["a", "b"] } }, o30, ["a"], [null, "c"]],
    ["an enum that lists null with nullable", { Root: { type: "string", nullable: true, enum: ["a", null] } }, o30, ["a", null], ["b"]],
    ["nullable is not a keyword in 3.1", { Root: { type: "string", nullable: true } }, { dialect: "openapi-3.1" }, ["a"], [null]],
    ["exclusiveMinimum: true makes minimum exclusive", { Root: { type: "number", minimum: 5, exclusiveMinimum: true } }, o30, [5.1], [5, 4]],
    ["exclusiveMaximum: true makes maximum exclusive", { Root: { type: "number", maximum: 5, exclusiveMaximum: true } }, o30, [4.9], [5, 6]],
    ["exclusiveMinimum: false keeps it inclusive", { Root: { type: "number", minimum: 5, exclusiveMinimum: false } }, o30, [5], [4.9]],
    ["a $ref replaces its siblings", { Root: { $ref: "#/components/schemas/S", maxLength: 1 }, S: { type: "string" } }, o30, ["long string"], [1]],
    ["in 3.1 the siblings of $ref apply", { Root: { $ref: "#/components/schemas/S", maxLength: 1 }, S: { type: "string" } }, { dialect: "openapi-3.1" }, ["a"], ["ab"]],
    [
      "discriminator without mapping: the tag names the schema",
      {
        Root: { oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }], discriminator: { propertyName: "petType" } },
        Cat: { type: "object", required: ["petType"], properties: { petType: { type: "string" }, meows: { type: "boolean" } } },
        Dog: { type: "object", required: ["petType"], properties: { petType: { type: "string" }, barks: { type: "boolean" } } },
      },
      o30,
      [
        { petType: "Cat", meows: true },
        { petType: "Dog", barks: false },
      ],
      [{ petType: "Cow" }, { meows: true }, { petType: "Cat", meows: "yes" }],
    ],
    [
      "discriminator with mapping: the mapped values select",
      {
        Root: {
          oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }],
          discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/Cat", dog: "Dog" } },
        },
        Cat: { type: "object", properties: { kind: { type: "string" }, lives: { type: "integer" } } },
        Dog: { type: "object", properties: { kind: { type: "string" } } },
      },
      o30,
      [{ kind: "cat", lives: 9 }, { kind: "dog" }],
      [{ kind: "Cat" }, { kind: "cat", lives: "nine" }],
    ],
    ["example is an annotation", { Root: { type: "integer", example: "not an integer" } }, o30, [1], ["x"]],
  ]);

  test("a $ref with siblings is a warning naming what is ignored", () => {
    const warnings: unknown[] = [];
    compileValidators({ Root: { $ref: "#/components/schemas/S", maxLength: 1, description: "d" }, S: { type: "string" } }, { dialect: "openapi-3.0", onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([{ pointer: "/components/schemas/Root", message: expect.stringMatching(/^maxLength beside \$ref is ignored/) }]);
  });
});

// OpenAPI 3.0.3 readOnly: "SHOULD NOT be sent as part of the request. If the property is marked as
// readOnly being true and is in the required list, the required will take effect on the response
// only." writeOnly: the same for the response. OpenAPI 3.1 keeps both through JSON Schema's meta-data.
describe("readOnly and writeOnly follow the direction", () => {
  const User = {
    type: "object",
    required: ["id", "name", "password"],
    additionalProperties: false,
    properties: { id: { type: "integer", readOnly: true }, name: { type: "string" }, password: { type: "string", writeOnly: true }, ref: { $ref: "#/components/schemas/Stamp" } },
  };
  const Stamp = { type: "string", readOnly: true };
  for (const dialect of ["openapi-3.0", "openapi-3.1"] as const) {
    run([
      [
        `${dialect} request: readOnly neither required nor checked`,
        { Root: User, Stamp },
        { dialect, direction: "request" },
        [
          { name: "a", password: "p" },
          { id: "server's", name: "a", password: "p", ref: 5 },
        ],
        [{ name: "a" }, { id: 1, password: "p" }],
      ],
      [
        `${dialect} response: writeOnly neither required nor checked`,
        { Root: User, Stamp },
        { dialect, direction: "response" },
        [
          { id: 1, name: "a" },
          { id: 1, name: "a", password: 5 },
        ],
        [
          { name: "a", password: "p" },
          { id: 1, name: "a", ref: 5 },
        ],
      ],
      [
        `${dialect} no direction: both are plain annotations`,
        { Root: User, Stamp },
        { dialect },
        [{ id: 1, name: "a", password: "p" }],
        [
          { name: "a", password: "p" },
          { id: 1, name: "a" },
        ],
      ],
    ]);
  }
});
