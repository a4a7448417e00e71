import { expect, test } from "vitest";
import { loopback } from "../loopback.js";
import { createFormBodyClient, type SubscribeRequest } from "./expected/form-body/index.js";

// application/x-www-form-urlencoded on the wire: spaces as +, arrays repeated (form, exploded), an object
// without encoding as JSON text, an object with style deepObject as name[key]=value (brackets encoded, as
// URLSearchParams writes them).

const server = loopback();

const rows: [string, SubscribeRequest, string][] = [
  ["a scalar: spaces as +, + and @ encoded", { email: "a+b c@example.com" }, "email=a%2Bb+c%40example.com"],
  ["an array: the name repeats", { email: "a@example.com", tags: ["news", "offers"] }, "email=a%40example.com&tags=news&tags=offers"],
  [
    "an object without encoding: JSON text",
    { email: "a@example.com", address: { city: "Paris", zip: "75001" } },
    "email=a%40example.com&address=%7B%22city%22%3A%22Paris%22%2C%22zip%22%3A%2275001%22%7D",
  ],
  ["an object with deepObject encoding", { email: "a@example.com", prefs: { lang: "en", weekly: true } }, "email=a%40example.com&prefs%5Blang%5D=en&prefs%5Bweekly%5D=true"],
];

test.each(rows)("%s", async (_, body, text) => {
  await expect(createFormBodyClient({ baseUrl: server.url }).subscribe(body)).resolves.toBeUndefined();
  const got = server.only();
  expect(got.method).toBe("POST");
  expect(got.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  expect(got.body.toString()).toBe(text);
});
