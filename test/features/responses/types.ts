// Type rules of the responses feature: the success type is the union of the 2xx answers, a 204 is void,
// a range is its schema, and the error type is the union of the declared error answers.
import { createResponsesClient, type GetItemError, type PutItemError, type PutItemResponse, type StartJobResponse, type components } from "./expected/responses/index.js";
import { assertType, type Equal } from "../type-assert.js";

type Schemas = components["schemas"];
const client = createResponsesClient();

assertType<Equal<PutItemResponse, Schemas["Item"] | Schemas["Created"]>>();
assertType<Equal<Awaited<ReturnType<typeof client.putItem>>, Schemas["Item"] | Schemas["Created"]>>();
assertType<Equal<Awaited<ReturnType<typeof client.deleteItem>>, void>>();
assertType<Equal<StartJobResponse, Schemas["Job"]>>();
assertType<Equal<GetItemError, Schemas["NotFound"] | Schemas["Error"]>>();
assertType<Equal<PutItemError, Schemas["Error"]>>();

export async function narrow(): Promise<string> {
  const answer = await client.putItem({ id: "1" }, { id: "1", name: "A" });
  // A 201 is told apart by its own field.
  if ("created" in answer) return answer.id;
  // @ts-expect-error an Item has no `created`
  return String(answer.created);
}
