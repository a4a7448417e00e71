/**
 * The keywords the validator compiler supports: this list is the only one. Each module compiles
 * its keywords; the order is the order of the checks (unevaluated* last: it reads what the others
 * evaluated). A keyword not listed here is an annotation (with a warning in the OpenAPI dialects).
 */
import type { Keyword, SubschemaShape } from "../types.js";
import { annotations } from "./annotations.js";
import { array } from "./array.js";
import { compose } from "./compose.js";
import { conditional } from "./conditional.js";
import { eachItemRequires } from "./each-item-requires.js";
import { format } from "./format.js";
import { number } from "./number.js";
import { object } from "./object.js";
import { ref } from "./ref.js";
import { string } from "./string.js";
import { type } from "./type.js";
import { unevaluated } from "./unevaluated.js";
import { value } from "./value.js";

export const KEYWORDS: readonly Keyword[] = [type, ref, value, string, format, number, object, array, compose, conditional, eachItemRequires, unevaluated, annotations];

/** Every supported keyword. */
export const KNOWN: ReadonlySet<string> = new Set(KEYWORDS.flatMap((k) => k.keywords));

/** The keywords of scalar checks only: a schema of these alone is cheap to check in place. */
export const LEAF: ReadonlySet<string> = new Set([type, value, string, number, format].flatMap((k) => k.keywords));

/** The keywords that check nothing. */
export const ANNOTATIONS: ReadonlySet<string> = new Set(annotations.keywords);

/** The keywords whose subschemas apply to the value itself (a cycle through them alone never ends). */
export const IN_PLACE: ReadonlySet<string> = new Set(KEYWORDS.flatMap((k) => k.inPlace ?? []));

/** The keywords that hold subschemas, and how: what the resource walk follows. */
export const SUBSCHEMAS: ReadonlyMap<string, SubschemaShape> = new Map(KEYWORDS.flatMap((k) => Object.entries(k.subschemas ?? {})));

/**
 * `value` (the value of keyword `key`) with each subschema in it replaced by `f(subschema)`; the
 * value itself when the keyword holds none. For tools that rewrite schemas (scripts/test-corpus.ts).
 */
export function mapSubschemas(key: string, value: unknown, f: (schema: unknown) => unknown): unknown {
  const shape = SUBSCHEMAS.get(key);
  if (shape === undefined) return value;
  if (Array.isArray(value)) return shape === "map" ? value : value.map(f);
  if (shape === "map") return value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, f(sub)])) : value;
  return f(value);
}
