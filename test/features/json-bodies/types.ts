// Type rules of the json-bodies feature: bodies and answers typed by their schemas; an optional body.
import { createJsonBodiesClient, type CreateJsonApiProfileResponse, type CreateProfileError, type CreateProfileResponse, type components } from "./expected/json-bodies/index.js";
import { assertType, type Equal } from "../type-assert.js";

const client = createJsonBodiesClient();

export const created: Promise<CreateProfileResponse> = client.createProfile({ email: "a@example.com", name: "A" });
// The body of updateProfile is optional (requestBody.required is false).
void client.updateProfile({ id: "p1" });
void client.updateProfile({ id: "p1" }, { name: "B" });
void client.createJsonApiProfile({ data: { type: "profile", attributes: { email: "a@example.com" } } });

// @ts-expect-error email is required
void client.createProfile({ name: "A" });
// @ts-expect-error additionalProperties: false
void client.createProfile({ email: "a@example.com", nickname: "a" });
// @ts-expect-error createProfile's body is required
void client.createProfile();
// @ts-expect-error the JSON:API type is the constant "profile"
void client.createJsonApiProfile({ data: { type: "user", attributes: {} } });

assertType<Equal<CreateProfileResponse, components["schemas"]["Profile"]>>();
// The problem+json answer types HttpError.body.
assertType<Equal<CreateProfileError, components["schemas"]["Problem"]>>();
assertType<Equal<CreateJsonApiProfileResponse["data"]["type"], "profile">>();
