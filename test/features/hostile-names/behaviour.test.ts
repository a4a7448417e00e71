import { expect, test } from "vitest";
import { loopback } from "../loopback.js";
import { createHostileNamesClient, type HostileNamesClient } from "./expected/hostile-names/index.js";

// Hostile names at run time: each renamed method calls its own operation, the client is not a thenable,
// hostile parameter names are percent-encoded, hostile property names go through as written.

const server = loopback();
const client = (): HostileNamesClient => createHostileNamesClient({ baseUrl: server.url });

const rows: [string, (c: HostileNamesClient) => Promise<unknown>, string][] = [
  ["deleteOperation (operationId delete)", (c) => c.deleteOperation({ id: "1" }), "DELETE /items/1"],
  ["thenOperation (operationId then)", (c) => c.thenOperation(), "GET /then"],
  ["constructorOperation (operationId constructor)", (c) => c.constructorOperation(), "GET /constructor"],
  ["proto (operationId __proto__)", (c) => c.proto(), "GET /proto"],
  ["putSquare (operationId put-square)", (c) => c.putSquare(), "PUT /square"],
  ["getAnonymousByKey (no operationId)", (c) => c.getAnonymousByKey({ key: "k" }), "GET /anonymous/k"],
  ["fetchNamed (x-profilekit-name)", (c) => c.fetchNamed(), "GET /named"],
  [
    "postCrmV3ObjectsContactsCreate: hostile query names encoded",
    (c) => c.postCrmV3ObjectsContactsCreate({ query: { 'q"uote': "1", "*/": "2", "`tick`": "3", "${x}": "4", ключ: "5" } }),
    "POST /crm/v3/objects/contacts?q%22uote=1&%2A%2F=2&%60tick%60=3&%24%7Bx%7D=4&%D0%BA%D0%BB%D1%8E%D1%87=5",
  ],
];

test.each(rows)("%s", async (_, call, line) => {
  await expect(call(client())).resolves.toBeUndefined();
  const got = server.only();
  expect(`${got.method} ${got.url}`).toBe(line);
});

test("hostile property names are sent and read as written", async () => {
  const weird = { 'say "hi"': "a", "*/ closes": "b", "`back`": "c", "${x}": "d", имя: "e", "emoji 😀": "f", "</script>": "g" };
  server.reply({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(weird) });
  await expect(client().contactsUpdate(weird)).resolves.toEqual(weird);
  expect(JSON.parse(server.only().body.toString())).toEqual(weird);
});

test("awaiting the client gives the client: it is not a thenable", async () => {
  const c = client();
  expect("then" in c).toBe(false);
  await expect(Promise.resolve(c)).resolves.toBe(c);
  const made = async () => c;
  expect(await made()).toBe(c);
  // Nothing was called by awaiting it.
  expect(server.got).toHaveLength(0);
});
