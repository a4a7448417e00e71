import { expect, test } from "vitest";
import { HttpError, ValidationError } from "../../../src/runtime/index.js";
import { json, loopback, type Reply } from "../loopback.js";
import { createJsonBodiesClient, type JsonBodiesClient } from "./expected/json-bodies/index.js";

// JSON bodies on the wire: the Content-Type each media type is sent with, the body text, the Accept
// header, and the answer read back as the typed value.

const server = loopback();
const client = (): JsonBodiesClient => createJsonBodiesClient({ baseUrl: server.url });
const profile = { id: "p1", email: "a@example.com", name: "A" };
const jsonApi = { data: { type: "profile", id: "p1", attributes: { email: "a@example.com" } } };

const rows: {
  name: string;
  call: (c: JsonBodiesClient) => Promise<unknown>;
  reply: Reply;
  request: { method: string; url: string; contentType: string | undefined; accept: string; body: string };
  answer: unknown;
}[] = [
  {
    name: "application/json in, application/json out",
    call: (c) => c.createProfile({ email: "a@example.com", name: "A" }),
    reply: json(profile, 201),
    request: { method: "POST", url: "/profiles", contentType: "application/json", accept: "application/json", body: '{"email":"a@example.com","name":"A"}' },
    answer: profile,
  },
  {
    name: "an optional body given",
    call: (c) => c.updateProfile({ id: "p1" }, { name: "B" }),
    reply: json({ ...profile, name: "B" }),
    request: { method: "PATCH", url: "/profiles/p1", contentType: "application/json", accept: "application/json", body: '{"name":"B"}' },
    answer: { ...profile, name: "B" },
  },
  {
    name: "an optional body left out: no body, no Content-Type",
    call: (c) => c.updateProfile({ id: "p1" }),
    reply: json(profile),
    request: { method: "PATCH", url: "/profiles/p1", contentType: undefined, accept: "application/json", body: "" },
    answer: profile,
  },
  {
    name: "application/vnd.api+json both ways",
    call: (c) => c.createJsonApiProfile({ data: { type: "profile", attributes: { email: "a@example.com" } } }),
    reply: json(jsonApi, 201, "application/vnd.api+json"),
    request: {
      method: "POST",
      url: "/jsonapi/profiles",
      contentType: "application/vnd.api+json",
      accept: "application/vnd.api+json",
      body: '{"data":{"type":"profile","attributes":{"email":"a@example.com"}}}',
    },
    answer: jsonApi,
  },
];

test.each(rows)("$name", async ({ call, reply, request, answer }) => {
  server.reply(reply);
  await expect(call(client())).resolves.toEqual(answer);
  const got = server.only();
  expect({ method: got.method, url: got.url, contentType: got.headers["content-type"], accept: got.headers["accept"], body: got.body.toString() }).toEqual(request);
});

test("an application/problem+json answer is an HttpError with the problem as its body", async () => {
  const problem = { type: "https://example.com/probs/email", title: "Email taken", status: 400, detail: "a@example.com exists" };
  server.reply(json(problem, 400, "application/problem+json"));
  const error = await client()
    .createProfile({ email: "a@example.com" })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HttpError);
  expect(error).toMatchObject({ status: 400, body: problem, operation: "createProfile" });
  expect((error as HttpError).bodyIssues).toBeUndefined();
});

test("a problem that breaks its schema is still the body, with bodyIssues", async () => {
  server.reply(json({ title: "Email taken" }, 400, "application/problem+json"));
  const error = (await client()
    .createProfile({ email: "a@example.com" })
    .catch((e: unknown) => e)) as HttpError;
  expect(error.body).toEqual({ title: "Email taken" });
  expect(error.bodyIssues).toEqual([{ path: "/status", keyword: "required", message: expect.stringContaining("status") }]);
});

test("a body that breaks its schema is a ValidationError, and nothing is sent", async () => {
  const error = await client()
    .createProfile({ email: "a@example.com", nickname: "a" } as never)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: "/nickname", keyword: "additionalProperties" })]);
  expect(server.got).toHaveLength(0);
});
