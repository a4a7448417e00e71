import { expect, test } from "vitest";
import { ConfigError } from "../../../src/runtime/index.js";
import { createServersClient, type ServersClient, type ServersClientOptions } from "./expected/servers/index.js";

// Which URL a call goes to: the first server with its variables (defaults, or serverVariables within
// their enums), an operation's own server, or baseUrl over both. The hosts are the spec's, so the
// request is caught by the client's `fetch` instead of a loopback server.

function capture(options: Omit<ServersClientOptions, "fetch">): { client: ServersClient; urls: string[] } {
  const urls: string[] = [];
  const fetch = async (request: Request) => {
    urls.push(request.url);
    return new Response(null, { status: 204 });
  };
  return { client: createServersClient({ ...options, fetch }), urls };
}

const rows: [string, Omit<ServersClientOptions, "fetch">, (c: ServersClient) => Promise<unknown>, string][] = [
  ["the variables' defaults", {}, (c) => c.listProfiles(), "https://eu.api.example.com/v2/profiles"],
  ["serverVariables within the enums", { serverVariables: { region: "us", version: "v1" } }, (c) => c.listProfiles(), "https://us.api.example.com/v1/profiles"],
  ["an operation's own server", { serverVariables: { region: "us" } }, (c) => c.getStatus(), "https://status.example.com/status"],
  ["baseUrl over the first server", { baseUrl: "http://127.0.0.1:9/api/" }, (c) => c.listProfiles(), "http://127.0.0.1:9/api/profiles"],
  ["baseUrl over an operation's own server", { baseUrl: "http://127.0.0.1:9/api" }, (c) => c.getStatus(), "http://127.0.0.1:9/api/status"],
];

test.each(rows)("%s", async (_, options, call, url) => {
  const { client, urls } = capture(options);
  await expect(call(client)).resolves.toBeUndefined();
  expect(urls).toEqual([url]);
});

test("a variable outside its enum is a ConfigError at /serverVariables/<name>", () => {
  expect(() => capture({ serverVariables: { region: "mars" } })).toThrow(ConfigError);
  expect(() => capture({ serverVariables: { region: "mars" } })).toThrow(/serverVariables\/region/);
});
