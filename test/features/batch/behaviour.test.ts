import { expect, test } from "vitest";
import { json, loopback } from "../loopback.js";
import { createBatchClient, type BulkImportProfilesItem, type BulkImportProfilesParams } from "./expected/batch/index.js";

// x-batch with the items deep in the body and one job per chunk: each chunk request carries the whole
// envelope with its items at /data/attributes/profiles/data; every item of an accepted chunk is reported
// with the chunk's number and the job id found at chunkId (/data/id).

const server = loopback();
const params: BulkImportProfilesParams = { data: { type: "profile-bulk-import-job", attributes: { profiles: {} } } };
const item = (n: number): BulkImportProfilesItem => ({ type: "profile", attributes: { email: `p${n}@example.com` } });
const job = (id: string) => json({ data: { type: "profile-bulk-import-job", id } }, 202, "application/vnd.api+json");

test("three items in chunks of two: two requests, each item reported with its job", async () => {
  server.reply(job("job-1"), job("job-2"));
  const report = await createBatchClient({ baseUrl: server.url }).bulkImportProfiles.all(params, [item(1), item(2), item(3)], { maxItems: 2, concurrency: 1 });

  expect(server.got.map((g) => ({ url: g.url, contentType: g.headers["content-type"], body: JSON.parse(g.body.toString()) }))).toEqual([
    { url: "/api/profile-bulk-import-jobs", contentType: "application/vnd.api+json", body: { data: { type: "profile-bulk-import-job", attributes: { profiles: { data: [item(1), item(2)] } } } } },
    { url: "/api/profile-bulk-import-jobs", contentType: "application/vnd.api+json", body: { data: { type: "profile-bulk-import-job", attributes: { profiles: { data: [item(3)] } } } } },
  ]);
  expect({ itemsRead: report.itemsRead, accepted: report.accepted, rejected: report.rejected, failed: report.failed, notSent: report.notSent }).toEqual({
    itemsRead: 3,
    accepted: 3,
    rejected: 0,
    failed: 0,
    notSent: 0,
  });
  expect(report.items.map((o) => (o.status === "accepted" ? { index: o.index, chunk: o.chunk } : o))).toEqual([
    { index: 0, chunk: { index: 0, id: "job-1" } },
    { index: 1, chunk: { index: 0, id: "job-1" } },
    { index: 2, chunk: { index: 1, id: "job-2" } },
  ]);
});

test("an item that breaks the schema is rejected before sending; the others go", async () => {
  server.reply(job("job-1"));
  const bad = { type: "profile", attributes: { email: "nope" } } as BulkImportProfilesItem;
  const report = await createBatchClient({ baseUrl: server.url }).bulkImportProfiles.all(params, [item(1), bad], { concurrency: 1 });
  expect(server.got).toHaveLength(1);
  expect(JSON.parse(server.got[0]!.body.toString()).data.attributes.profiles.data).toEqual([item(1)]);
  expect(report.items[1]).toMatchObject({ index: 1, status: "rejected", reason: "validation", issues: [expect.objectContaining({ keyword: "format" })] });
});
