// Type rules of the xml feature: an API with an XML body takes the `format` option, per client and per call.
import { createXmlClient, type UpsertContactRequest, type UpsertContactResponse } from "./expected/xml/index.js";
import { assertType, type Equal } from "../type-assert.js";

const client = createXmlClient({ format: "xml" });
export const contact: UpsertContactRequest = { name: "Ann", emailAddress: "ann@example.com", age: 30, tags: ["a"] };
export const answer: Promise<UpsertContactResponse> = client.upsertContact(contact, { format: "json" });

// @ts-expect-error the format is json or xml
createXmlClient({ format: "yaml" });
// @ts-expect-error the format is json or xml, per call too
void client.upsertContact(contact, { format: "yaml" });

// JSON and XML of one schema are one type.
assertType<Equal<UpsertContactRequest, UpsertContactResponse>>();
