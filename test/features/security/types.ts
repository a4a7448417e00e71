// Type rules of the security feature: one client option per scheme, typed by how its credential is written.
import { createSecurityClient, type SecurityClientOptions } from "./expected/security/index.js";
import { assertType, type Equal } from "../type-assert.js";

createSecurityClient();
createSecurityClient({ basicAuth: { username: "u", password: "p" }, bearerAuth: "t", oauth: async () => "token", oidc: "t", tokenAuth: "t" });
createSecurityClient({ apiKeyHeader: "k", apiKeyQuery: "q", apiKeyCookie: "c" });

// @ts-expect-error a basic credential is { username, password }
createSecurityClient({ basicAuth: "u:p" });
// @ts-expect-error a basic credential needs a password
createSecurityClient({ basicAuth: { username: "u" } });
// @ts-expect-error an API key is a string, not a provider
createSecurityClient({ apiKeyHeader: () => "k" });
// @ts-expect-error no scheme is named token here: each option is its scheme's name
createSecurityClient({ token: "t" });

assertType<Equal<SecurityClientOptions["basicAuth"], { username: string; password: string } | undefined>>();
assertType<Equal<SecurityClientOptions["oauth"], string | (() => string | Promise<string>) | undefined>>();
