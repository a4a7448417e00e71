import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";

// Every parameter of every vendor page's tables must be in the spec. The names are data the project keeps:
// specs/<api>/documented.json, transcribed by hand from the pages, table by table.

interface Documented {
  $comment: string;
  pages: { page: string; source: string; tables: { table: string; names: string[] }[] }[];
}

const apis = ["altcraft", "edna", "pushtech"] as const;
type Api = (typeof apis)[number];

async function documented(api: Api): Promise<Documented> {
  return JSON.parse(await readFile(`specs/${api}/documented.json`, "utf8")) as Documented;
}

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

/** What the pages hold, page by page (by source file), table by table: how many names each table lists. */
const COUNTS: Record<Api, Record<string, Record<string, number>>> = {
  altcraft: {
    "profiles-update.en.txt": { "Request parameters": 9, "Subscriptions array": 18, "Response parameters": 3 },
    "profiles-update.ru.txt": { "Параметры запроса": 9, "Массив subscriptions": 18, "Возвращаемые параметры": 3 },
    "profiles-update-batch.en.txt": { "Request parameters": 11, "Subscriptions array": 18, "Response parameters": 3 },
  },
  edna: { "subscribers-update.en.txt": { "Request Parameters": 10 } },
  // 30 fields + 4 list/channel subscription entries of 2 names each; the `[custom field]` row is not a name.
  pushtech: { "contact-update.en.txt": { Parameters: 38 } },
};

describe.each(apis)("specs/%s", (api) => {
  test("documented.json lists the pages and tables it should, each table non-empty, names only", async () => {
    const d = await documented(api);
    expect(d.$comment).toMatch(/transcribed/);
    expect(d.$comment).toContain("test/specs.test.ts");
    const counts = Object.fromEntries(d.pages.map((p) => [p.source, Object.fromEntries(p.tables.map((t) => [t.table, t.names.length]))]));
    expect(counts).toEqual(COUNTS[api]);
    for (const p of d.pages) {
      expect(p.page, p.source).toMatch(/\S/);
      for (const t of p.tables) {
        expect(t.names.length, `${p.source}, ${t.table}`).toBeGreaterThan(0);
        for (const n of t.names) expect(n, `${p.source}, ${t.table}`).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      }
    }
  });

  test("declares every parameter of every table of its vendor pages", async () => {
    const declared = declaredNames(parse(await readFile(`specs/${api}/openapi.yaml`, "utf8")));
    const missing = (await documented(api)).pages.flatMap((p) => p.tables.flatMap((t) => t.names.filter((n) => !declared.has(n)).map((n) => `${p.source}, ${t.table}: ${n}`)));
    expect(missing).toEqual([]);
  });
});

test("the transcriptions hold the parameters the pages' readers used to find", async () => {
  const names = async (api: Api, source: string): Promise<string[]> => (await documented(api)).pages.find((p) => p.source === source)!.tables.flatMap((t) => t.names);
  expect(await names("edna", "subscribers-update.en.txt")).toEqual(["blacklisted", "addresses", "address", "type", "parameterValues", "name", "valueType", "value", "tagValues", "name"]);
  const pushtech = await names("pushtech", "contact-update.en.txt");
  expect(pushtech).toContain("list_subscriptions");
  expect(pushtech).toContain("list_id");
  expect(pushtech).toContain("gdpr_remote_ip");
  expect(pushtech).toHaveLength(38);
  const batch = await names("altcraft", "profiles-update-batch.en.txt");
  expect(batch).toEqual(expect.arrayContaining(["token", "data", "db_id", "matching", "email", "phone", "profile_id", "field_name", "field_value", "resource_id", "cc_data"]));
  // The email rows of the Altcraft tables lost their name on the page: each is the parameter `email`.
  for (const source of ["profiles-update.en.txt", "profiles-update.ru.txt", "profiles-update-batch.en.txt"]) {
    const subscriptions = (await documented("altcraft")).pages.find((p) => p.source === source)!.tables[1]!.names;
    expect(subscriptions.slice(5, 8), source).toEqual(["channel", "email", "channel"]);
  }
});
