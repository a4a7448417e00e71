/** What a keyword module is given and gives back: the contract between the compiler and src/codegen/validator/keywords/. */
import type { Code, Locals } from "./code.js";
import type { Location } from "./resources.js";

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export type Dialect = "2020-12" | "openapi-3.1" | "openapi-3.0";
export type Direction = "request" | "response";

/** Where a keyword finds subschemas: one schema, an array of them, or a map of names to schemas. */
export type SubschemaShape = "schema" | "array" | "map";

/** The value being checked, with the names the generated code knows it by. */
export interface Target {
  /** The value (a variable). */
  v: Code;
  /** Its JSON Pointer (an expression). */
  p: Code;
}

/** The compiler's services a keyword may use. */
export interface CompilerServices {
  readonly dialect: Dialect;
  readonly direction: Direction | undefined;
  /** The function checking `loc` (compiled once); `tracking`: the variant that records annotations in `ev`. */
  functionFor(loc: Location, tracking?: boolean): Code;
  /** A schema applied in place by reference: a leaf checked right here, anything else through its function. */
  applyRef(target: Location, ctx: KeywordContext): Code[];
  /** The table (resource number → function) of the schemas carrying `$dynamicAnchor: <anchor>`, filled when the module is written. */
  dynamicTable(anchor: string, tracking: boolean): Code;
  readonly assertFormats: boolean;
  /** Code lines checking the schema at `loc` in place, against `t`. `ev`: where its annotations go. */
  inline(loc: Location, t: Target, f: Locals, ev: Code | undefined, ds: Code | undefined, withContext: boolean): Code[];
  /** A call of the function for `loc`, as an expression giving the verdict; `e` null asks for the verdict only. */
  call(loc: Location, args: { v: Code; p: Code; e: Code; c: Code; ds: Code | undefined; ev: Code | undefined }): Code;
  /** A module-level constant with this initializer (shared between equal ones). */
  constant(prefix: string, init: Code): Code;
  /** The schema a `$ref` (relative to `from`) points to. */
  resolve(ref: string, from: Location, at: string): Location;
  /** The location at `tokens` under `loc` (a subschema). */
  child(loc: Location, ...tokens: (string | number)[]): Location;
  /** A problem that stops compilation, at a pointer of the spec. */
  fail(pointer: string, message: string): never;
  warn(pointer: string, message: string): void;
  /** The target of a `$ref` schema, for reading (descriptions, tags); the schema itself otherwise. */
  deref(loc: Location): Location;
  /** True when $dynamicRef occurs: functions then take the dynamic scope. */
  readonly dynamic: boolean;
}

export interface KeywordContext extends Target {
  s: Obj;
  loc: Location;
  /** The pointer of the schema in the document (for messages). */
  at: string;
  f: Locals;
  compiler: CompilerServices;
  /** The annotation record of this schema (evaluated properties and items), when something reads it. */
  ev: Code | undefined;
  /** The dynamic scope (for $dynamicRef), when the module uses it. */
  ds: Code | undefined;
  /** The message context: `c` inside a function given one ("matching "custom""), else `undefined`. */
  c: Code;
  withContext: boolean;
  /** The types `type` allows (after OpenAPI 3.0's nullable); empty when any. */
  types: readonly string[];
}

export interface Keyword {
  /** The keywords this module implements. */
  readonly keywords: readonly string[];
  /** Keywords of this module that hold subschemas, and how. */
  readonly subschemas?: Readonly<Record<string, SubschemaShape>>;
  /** Those of them whose subschemas apply to the value itself, not to a part of it. */
  readonly inPlace?: readonly string[];
  /** The JSON type the checks apply to: they are skipped for other values. */
  readonly appliesTo?: "string" | "number" | "object" | "array";
  /** Code lines for the keywords of this module present in `ctx.s` (none when none applies). */
  code?(ctx: KeywordContext): Code[];
}
