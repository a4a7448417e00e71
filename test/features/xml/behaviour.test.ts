import { expect, test } from "vitest";
import { json, loopback } from "../loopback.js";
import { createXmlClient, type UpsertContactRequest } from "./expected/xml/index.js";

// One schema in JSON and XML: `format: "xml"` sends <contact> (xml.name) with <email> for emailAddress
// (the property's xml.name) and a repeated element per list item, and decodes the XML answer to the same
// value as JSON would give.

const server = loopback();
const contact: UpsertContactRequest = { name: "Ann", emailAddress: "ann@example.com", age: 30, tags: ["a", "b"] };

test("format xml: an XML body, an XML answer decoded", async () => {
  server.reply({ status: 200, headers: { "content-type": "application/xml" }, body: "<contact><name>Ann</name><email>ann@example.com</email><age>30</age><tags>a</tags><tags>b</tags></contact>" });
  await expect(createXmlClient({ baseUrl: server.url, format: "xml" }).upsertContact(contact)).resolves.toEqual(contact);
  const got = server.only();
  expect(got.headers["content-type"]).toBe("application/xml");
  expect(got.headers["accept"]).toBe("application/xml");
  const body = got.body.toString();
  expect(body).toMatch(/^(<\?xml[^>]*\?>)?<contact>/);
  expect(body.replace(/^<\?xml[^>]*\?>/, "")).toBe("<contact><name>Ann</name><email>ann@example.com</email><age>30</age><tags>a</tags><tags>b</tags></contact>");
});

test("format json (the default): a JSON body and answer", async () => {
  server.reply(json(contact));
  await expect(createXmlClient({ baseUrl: server.url }).upsertContact(contact)).resolves.toEqual(contact);
  const got = server.only();
  expect(got.headers["content-type"]).toBe("application/json");
  expect(JSON.parse(got.body.toString())).toEqual(contact);
});

test("a list of one item is still a list when decoded", async () => {
  server.reply({ status: 200, headers: { "content-type": "application/xml" }, body: "<contact><name>Ann</name><tags>only</tags></contact>" });
  await expect(createXmlClient({ baseUrl: server.url, format: "xml" }).upsertContact({ name: "Ann" })).resolves.toEqual({ name: "Ann", tags: ["only"] });
});
