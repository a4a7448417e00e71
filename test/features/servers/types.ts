// Type rules of the servers feature: every variable has an enum, so no baseUrl is needed; serverVariables are allowed.
import { createServersClient } from "./expected/servers/index.js";

createServersClient();
createServersClient({ serverVariables: { region: "us", version: "v1" } });
createServersClient({ baseUrl: "http://127.0.0.1:8080" });

// @ts-expect-error server variables are strings
createServersClient({ serverVariables: { region: 1 } });
