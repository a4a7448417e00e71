/**
 * `x-each-item-requires` (src/codegen/each-item-requires.ts): when no `request` alternative holds
 * for the object, every object item of the array must satisfy an `item` alternative or carry the
 * property named by `itemPropertyNamedBy`. Reported once per item, at the item.
 */
import { type Code, code, indent, join } from "../code.js";
import { readEachItemRequires } from "../../each-item-requires.js";
import { fail, read, verdictOf } from "../emit.js";
import type { Keyword } from "../types.js";
import { objectTest } from "./type.js";

export const eachItemRequires: Keyword = {
  keywords: ["x-each-item-requires"],
  appliesTo: "object",
  code(ctx) {
    const { s, v, p, f, compiler } = ctx;
    if (s["x-each-item-requires"] === undefined) return [];
    const pointer = `${ctx.at}/x-each-item-requires`;
    const { rule, problems } = readEachItemRequires(s["x-each-item-requires"], pointer);
    if (!rule) return compiler.fail(problems[0]![0], problems.map(([, m]) => m).join("; "));
    const [arr, i, item, named] = [f.variable(), f.variable(), f.variable(), f.variable()];
    const calls = (kind: "item" | "request", x: Code) => rule.anyOf.flatMap((alt, n) => (kind in alt ? [verdictOf(ctx, compiler.child(ctx.loc, "x-each-item-requires", "anyOf", n, kind), x)] : []));
    const byName = rule.anyOf.find((alt): alt is { itemPropertyNamedBy: string } => "itemPropertyNamedBy" in alt)?.itemPropertyNamedBy;
    const itemTests = calls("item", item);
    if (byName !== undefined) itemTests.push(code`hasValue(${item}, ${named})`);
    const requestTests = calls("request", v);
    // The description names what is missing; `{<byName>}` in it shows the name the object gives.
    const parts = byName === undefined ? [rule.description] : rule.description.split(`{${byName}}`);
    const description = join(
      parts.map((t) => code`${t}`),
      ` + JSON.stringify(${named.text}) + `,
    );
    const subject = ctx.withContext ? code`(c === undefined ? "requires " : c + " requires ") + ` : code`"requires " + `;
    const message = code`${subject}${description} + ${` in every item of ${rule.items}: this item has none`}`;
    const loop = [
      code`for (let ${i} = 0; ${i} < ${arr}.length; ${i}++) {`,
      code`  const ${item} = ${arr}[${i}];`,
      code`  if (!${objectTest(item)} || ${itemTests.length > 0 ? join(itemTests, " || ") : code`false`}) continue;`,
      ...indent(fail(code`${p} + ${`/${rule.items}/`} + ${i}`, "x-each-item-requires", message)),
      code`}`,
    ];
    return [
      code`const ${arr} = ${read(v, rule.items)};`,
      code`if (Array.isArray(${arr})${requestTests.length > 0 ? code` && !(${join(requestTests, " || ")})` : code``}) {`,
      // A property name that is not a string is reported by the object's own schema (required, type).
      ...(byName !== undefined ? [code`  const ${named} = ${read(v, byName)};`, code`  if (typeof ${named} === "string") {`, ...indent(loop, 2), code`  }`] : indent(loop)),
      code`}`,
    ];
  },
};
