/** `const` and `enum`: JSON equality, primitives compared directly. */
import { code, join } from "../code.js";
import { failIf } from "../emit.js";
import type { Keyword } from "../types.js";

const isPrimitive = (x: unknown) => x === null || typeof x !== "object";

export const value: Keyword = {
  keywords: ["const", "enum"],
  code({ s, v, p, compiler, at }) {
    const out = [];
    if ("const" in s) {
      const c = s["const"];
      const test = isPrimitive(c) ? code`${v} !== ${c}` : code`!equal(${v}, ${c})`;
      out.push(...failIf(test, p, "const", code`${`expected ${JSON.stringify(c)}, found `} + show(${v})`));
    }
    if (s["enum"] !== undefined) {
      const values = s["enum"];
      if (!Array.isArray(values)) return compiler.fail(`${at}/enum`, "expected an array of values");
      const test = !values.every(isPrimitive)
        ? code`!${compiler.constant("enum", code`${values} as unknown[]`)}.some((x) => equal(${v}, x))`
        : values.length > 6
          ? code`!${compiler.constant("enum", code`new Set<unknown>(${values})`)}.has(${v})`
          : values.length === 0
            ? code`true`
            : join(
                values.map((x) => code`${v} !== ${x}`),
                " && ",
              );
      const shown =
        values
          .slice(0, 12)
          .map((x) => JSON.stringify(x))
          .join(", ") + (values.length > 12 ? ", …" : "");
      out.push(...failIf(test, p, "enum", code`${`expected one of ${shown}, found `} + show(${v})`));
    }
    return out;
  },
};
