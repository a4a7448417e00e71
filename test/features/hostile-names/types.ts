// Type rules of the hostile-names feature: every hostile operationId gives a callable method, the client is not
// a thenable, and hostile property and parameter names are typed as written.
import { createHostileNamesClient, type ContactsUpdateRequest, type HostileNamesClient } from "./expected/hostile-names/index.js";
import { assertType, type Equal } from "../type-assert.js";

const client = createHostileNamesClient();

void client.deleteOperation({ id: "1" });
void client.thenOperation();
void client.constructorOperation();
void client.proto();
void client.putSquare();
void client.contactsUpdate({});
void client.postCrmV3ObjectsContactsCreate({ query: { 'q"uote': "1", "*/": "2", "`tick`": "3", "${x}": "4", ключ: "5" } });
void client.getAnonymousByKey({ key: "k" });
void client.fetchNamed();

// @ts-expect-error `delete` is not a method: it is deleteOperation
void client.delete;
// @ts-expect-error `then` is not a method: the client is not a thenable
void client.then;
// @ts-expect-error x-profilekit-name replaces the operationId's name
void client.getNamedThing;

// Awaiting the client (or returning it from an async function) gives the client itself.
export async function made(): Promise<HostileNamesClient> {
  return client;
}
assertType<Equal<Awaited<HostileNamesClient>, HostileNamesClient>>();

export const weird: ContactsUpdateRequest = { 'say "hi"': "a", "*/ closes": "b", "`back`": "c", "${x}": "d", имя: "e", "emoji 😀": "f", "</script>": "g" };
// @ts-expect-error property values are strings
export const wrong: ContactsUpdateRequest = { имя: 1 };
