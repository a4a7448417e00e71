// Type rules of the header-cookie-params feature: required header and cookie parameters make `init` required.
import { createHeaderCookieParamsClient } from "./expected/header-cookie-params/index.js";

const client = createHeaderCookieParamsClient();

void client.getSession({ header: { "X-Request-Id": "r1", "X-Tags": ["a", "b"], "X-Point": { x: 1 } }, cookie: { session: "s", prefs: ["dark"], note: "a b" } });

// @ts-expect-error X-Request-Id and session are required: init cannot be left out
void client.getSession();
// @ts-expect-error the required header is missing
void client.getSession({ header: {}, cookie: { session: "s" } });
// @ts-expect-error the required cookie is missing
void client.getSession({ header: { "X-Request-Id": "r1" } });
// @ts-expect-error X-Tags is an array
void client.getSession({ header: { "X-Request-Id": "r1", "X-Tags": "a" }, cookie: { session: "s" } });
