import { expect, test } from "vitest";
import { RequestLog } from "../../src/sandbox/request-log.js";

test("the request record keeps the latest `capacity` requests, oldest first, and counts those let go", () => {
  const log = new RequestLog(3);
  for (let i = 0; i < 5; i++) log.add({ at: i, method: "POST", path: "/p", status: 200 });
  expect(log.entries().map((e) => e.at)).toEqual([2, 3, 4]);
  expect(log.dropped).toBe(2);
  log.clear();
  expect(log.entries()).toEqual([]);
  expect(log.dropped).toBe(0);
  log.add({ at: 9, method: "PUT", path: "/q", status: "cut" });
  expect(log.entries()).toEqual([{ at: 9, method: "PUT", path: "/q", status: "cut" }]);
});
