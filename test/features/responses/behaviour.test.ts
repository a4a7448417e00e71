import { expect, test } from "vitest";
import { HttpError } from "../../../src/runtime/index.js";
import { json, loopback, type Reply } from "../loopback.js";
import { createResponsesClient, type ResponsesClient } from "./expected/responses/index.js";

// Answers by status: each 2xx read as its declared schema's value (200 or 201 of one method, a 2XX
// range), 204 as undefined; an error status as an HttpError whose body is checked against the schema
// of its status (404), else of `default`.

const server = loopback();
const client = (): ResponsesClient => createResponsesClient({ baseUrl: server.url });
const item = { id: "1", name: "A" };

const answers: [string, (c: ResponsesClient) => Promise<unknown>, Reply, unknown][] = [
  ["200: the Item", (c) => c.getItem({ id: "1" }), json(item), item],
  ["200 of putItem: an Item", (c) => c.putItem({ id: "1" }, item), json(item), item],
  ["201 of putItem: a Created", (c) => c.putItem({ id: "1" }, item), json({ id: "1", created: true }, 201), { id: "1", created: true }],
  ["204: undefined", (c) => c.deleteItem({ id: "1" }), { status: 204 }, undefined],
  ["2XX range, 202: the Job", (c) => c.startJob(), json({ jobId: "j1" }, 202), { jobId: "j1" }],
  ["2XX range, 200: the Job", (c) => c.startJob(), json({ jobId: "j2" }), { jobId: "j2" }],
];

test.each(answers)("%s", async (_, call, reply, value) => {
  server.reply(reply);
  await expect(call(client())).resolves.toEqual(value);
});

const errors: [string, (c: ResponsesClient) => Promise<unknown>, Reply, { status: number; body: unknown; bodyIssues: unknown }][] = [
  [
    "404 with its own schema",
    (c) => c.getItem({ id: "9" }),
    json({ code: "not_found", message: "no item 9" }, 404),
    { status: 404, body: { code: "not_found", message: "no item 9" }, bodyIssues: undefined },
  ],
  [
    "404 breaking its schema: bodyIssues say where",
    (c) => c.getItem({ id: "9" }),
    json({ code: "gone" }, 404),
    {
      status: 404,
      body: { code: "gone" },
      bodyIssues: [expect.objectContaining({ path: "/code", keyword: "const" }), expect.objectContaining({ path: "/message", keyword: "required" })],
    },
  ],
  ["500: the default schema", (c) => c.getItem({ id: "1" }), json({ error: "boom" }, 500), { status: 500, body: { error: "boom" }, bodyIssues: undefined }],
  [
    "409 breaking the default schema",
    (c) => c.putItem({ id: "1" }, item),
    json({ message: "conflict" }, 409),
    { status: 409, body: { message: "conflict" }, bodyIssues: [expect.objectContaining({ path: "/error", keyword: "required" })] },
  ],
  [
    "a non-JSON error answer: the text",
    (c) => c.deleteItem({ id: "1" }),
    { status: 503, headers: { "content-type": "text/plain" }, body: "down" },
    { status: 503, body: "down", bodyIssues: undefined },
  ],
];

test.each(errors)("%s", async (_, call, reply, expected) => {
  server.reply(reply);
  const error = await call(client()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HttpError);
  const e = error as HttpError;
  expect({ status: e.status, body: e.body, bodyIssues: e.bodyIssues }).toEqual(expected);
});
