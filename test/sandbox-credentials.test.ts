import { describe, expect, test } from "vitest";
import type { SecuritySchemeDescriptor } from "../src/runtime/operation.js";
import { credentialsFor } from "../src/sandbox/credentials.js";

const bearer: SecuritySchemeDescriptor = { type: "http", option: "token", scheme: "bearer", template: "Bearer {credential}", bodyField: "token" };
const pushtech: SecuritySchemeDescriptor = { type: "http", option: "token", scheme: "token", template: "Token token={credential}" };
const apiKey: SecuritySchemeDescriptor = { type: "apiKey", option: "apiKey", in: "header", name: "x-api-key" };
const headers = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()];

// The sandbox reads a credential where the generated description says the client sends it.
describe("credentialsFor", () => {
  test.each([
    ["bearer header", bearer, { authorization: "Bearer s3cret" }, undefined, ["s3cret"]],
    ["bearer, any case and spaces", bearer, { authorization: "  bearer   s3cret " }, undefined, ["s3cret"]],
    ["bearer in the body field", bearer, {}, { token: "s3cret", db_id: 1 }, ["s3cret"]],
    ["both", bearer, { authorization: "Bearer a" }, { token: "b" }, ["a", "b"]],
    ["a body field of another type is still offered", bearer, {}, { token: 5 }, [5]],
    ["another scheme's header", bearer, { authorization: "Basic eA==" }, undefined, []],
    ["Pushtech's template", pushtech, { authorization: "Token token=s3cret" }, undefined, ["s3cret"]],
    ["Pushtech's template, quoted (RFC 9110 auth-param)", pushtech, { authorization: 'Token token="s 3"' }, undefined, ["s 3"]],
    ["Pushtech's template, spaces around =", pushtech, { authorization: "token  token = s3cret" }, undefined, ["s3cret"]],
    ["Pushtech's template, nothing after =", pushtech, { authorization: "Token token=" }, undefined, []],
    ["an API key header", apiKey, { "x-api-key": "k" }, undefined, ["k"]],
    ["no API key", apiKey, { authorization: "Bearer k" }, undefined, []],
  ] as const)("%s", (_name, scheme, h, body, want) => {
    expect(credentialsFor(scheme, { header: headers(h), body })).toEqual(want);
  });
});
