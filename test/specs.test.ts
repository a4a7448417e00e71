import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";

// Every parameter of every seed table must be in the spec: read the names from the seed pages themselves.
const seeds = "../shared/seeds";

/** Every property name declared anywhere in a spec's schemas (and every path parameter). */
function declaredNames(doc: any): Set<string> {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    const obj = node as Record<string, unknown>;
    if (obj["properties"] && typeof obj["properties"] === "object") for (const k of Object.keys(obj["properties"])) names.add(k);
    if (obj["in"] === "path" && typeof obj["name"] === "string") names.add(obj["name"]);
    Object.values(obj).forEach(walk);
  };
  walk(doc);
  return names;
}

/** `name | type | …` rows of the Altcraft tables. The email rows lost their name: `string | "john@example.com" | …`. */
function altcraftTableNames(text: string): string[] {
  const rows = text.split("\n").filter((l) => / \| /.test(l) && !/^(Parameter|Параметр|---)/.test(l));
  return rows
    .map((l) => (/^string \| "[^"]*@/.test(l) ? "email" : l.split(" | ")[0]!.trim()))
    .filter((n) => /^[a-z_]+$/.test(n));
}

const specs = {
  altcraft: ["profiles-update.en.txt", "profiles-update.ru.txt", "profiles-update-batch.en.txt"],
  edna: ["subscribers-update.en.txt"],
  pushtech: ["contact-update.en.txt"],
} as const;

async function seedNames(api: keyof typeof specs, file: string): Promise<string[]> {
  const text = await readFile(`${seeds}/${file}`, "utf8");
  if (api === "altcraft") return altcraftTableNames(text);
  if (api === "edna") {
    // "blacklistedbooleanIndicates…": the name runs into its type in this page's table.
    return [...text.matchAll(/^([A-Za-z]+?)(boolean|array|string)[A-Z]/gm)].map((m) => m[1]!);
  }
  const table = text.slice(text.indexOf("Name Description"), text.indexOf("\nRequest\n"));
  return [...table.matchAll(/^([a-z_]+)(?:\[([a-z_]+)\])? /gm)].flatMap((m) => (m[2] ? [m[1]!, m[2]] : [m[1]!]));
}

describe.each(Object.entries(specs) as [keyof typeof specs, readonly string[]][])("specs/%s", (api, files) => {
  test.each(files)("declares every parameter of %s", async (file) => {
    const doc = parse(await readFile(`specs/${api}/openapi.yaml`, "utf8"));
    const declared = declaredNames(doc);
    const names = await seedNames(api, file);
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((n) => !declared.has(n))).toEqual([]);
  });
});

test("the seed readers find the parameters they should", async () => {
  expect(await seedNames("edna", "subscribers-update.en.txt")).toEqual(["blacklisted", "addresses", "address", "type", "parameterValues", "name", "valueType", "value", "tagValues", "name"]);
  const pushtech = await seedNames("pushtech", "contact-update.en.txt");
  expect(pushtech).toContain("list_subscriptions");
  expect(pushtech).toContain("list_id");
  expect(pushtech).toContain("gdpr_remote_ip");
  expect(pushtech).toHaveLength(38); // 30 fields + 4 list/channel subscription entries of 2 names each
  const batch = await seedNames("altcraft", "profiles-update-batch.en.txt");
  expect(batch).toEqual(expect.arrayContaining(["token", "data", "db_id", "matching", "email", "phone", "profile_id", "field_name", "field_value", "resource_id", "cc_data"]));
});
