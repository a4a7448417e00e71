/**
 * `x-each-item-requires` on an object schema: every item of one of its array properties must have
 * something the object itself may supply for all items instead (Altcraft's batch: each item's
 * lookup value, else the request's). JSON Schema cannot say it (a fallback from an item to its
 * parent, a property named by a value), so the generated validators enforce it (docs/specs.md).
 *
 * ```yaml
 * x-each-item-requires:
 *   items: data                            # the array property
 *   description: a phone number (the item's `phones`, or the request's `phone`)
 *   anyOf:                                 # an item passes when one of these holds:
 *     - item: { required: [phones] }       #   the item matches this schema
 *     - request: { required: [phone] }     #   this object matches this schema (then every item passes)
 *     - itemPropertyNamedBy: field_name    #   the item has a value (not null) under the name this object's field_name holds
 * ```
 *
 * `description` may hold `{<name>}` for the itemPropertyNamedBy property: the message shows its value.
 */
import { joinPointer } from "./pointer.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export type ItemAlternative = { item: unknown } | { request: unknown } | { itemPropertyNamedBy: string };

export interface EachItemRequires {
  items: string;
  description: string;
  anyOf: ItemAlternative[];
}

const SHAPE = "expected { items: <array property>, description: <text>, anyOf: [{ item: <schema> } | { request: <schema> } | { itemPropertyNamedBy: <property> }, …] }";

/**
 * The rule at `pointer` (the extension's own pointer), or the problems that make it unusable.
 * The validator compiler checks the schemas inside the alternatives (at `<pointer>/anyOf/<n>/item`…).
 */
export function readEachItemRequires(rule: unknown, pointer: string): { rule: EachItemRequires; problems: [] } | { rule: undefined; problems: [string, string][] } {
  const problems: [string, string][] = [];
  if (!isObj(rule)) return { rule: undefined, problems: [[pointer, SHAPE]] };
  if (typeof rule["items"] !== "string" || rule["items"] === "") problems.push([joinPointer(pointer, "items"), "expected the name of an array property"]);
  if (typeof rule["description"] !== "string" || rule["description"] === "")
    problems.push([joinPointer(pointer, "description"), "expected a text saying what each item needs (it is the error message)"]);
  const anyOf = rule["anyOf"];
  if (!Array.isArray(anyOf) || anyOf.length === 0) problems.push([joinPointer(pointer, "anyOf"), "expected a non-empty list of alternatives"]);
  else {
    anyOf.forEach((alt, n) => {
      const keys = isObj(alt) ? Object.keys(alt) : [];
      const ok = keys.length === 1 && (keys[0] === "item" || keys[0] === "request" || (keys[0] === "itemPropertyNamedBy" && typeof (alt as Obj)[keys[0]] === "string"));
      if (!ok) problems.push([joinPointer(pointer, "anyOf", n), "expected exactly one of { item: <schema> }, { request: <schema> }, { itemPropertyNamedBy: <property name> }"]);
    });
    if (anyOf.filter((a) => isObj(a) && "itemPropertyNamedBy" in a).length > 1) problems.push([joinPointer(pointer, "anyOf"), "expected at most one itemPropertyNamedBy alternative"]);
  }
  if (problems.length > 0) return { rule: undefined, problems };
  return { rule: rule as unknown as EachItemRequires, problems: [] };
}

/** The schemas inside the rule's alternatives, with their pointer tokens below the extension. */
export function alternativeSchemas(rule: unknown): [tokens: (string | number)[], schema: unknown][] {
  if (!isObj(rule) || !Array.isArray(rule["anyOf"])) return [];
  return rule["anyOf"].flatMap((alt, n): [(string | number)[], unknown][] => {
    if (!isObj(alt)) return [];
    return (["item", "request"] as const).filter((k) => k in alt).map((k) => [["anyOf", n, k], alt[k]]);
  });
}
