// Type rules of the form-body feature: a form body is typed by its schema, like JSON.
import { createFormBodyClient } from "./expected/form-body/index.js";

const client = createFormBodyClient();

void client.subscribe({ email: "a@example.com", tags: ["news"], address: { city: "Paris" }, prefs: { lang: "en", weekly: true } });

// @ts-expect-error email is required
void client.subscribe({ tags: ["news"] });
// @ts-expect-error tags is an array of strings
void client.subscribe({ email: "a@example.com", tags: "news" });
