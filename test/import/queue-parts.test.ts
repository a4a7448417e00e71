// Issue 15: the queue's parts that need no Redis — the URL (its password never shown), the rate and
// its pace, the job data a worker reads back, and the refusals before anything is queued. The
// producer and workers against a real Redis: test/queue/ (`npm run test:queue`).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { importCommand, ImportError, runImport } from "../../src/cli/import-command.js";
import { parseQueueUrl, QueueError } from "../../src/cli/queue/connection.js";
import { JobDataError, readChunkJob } from "../../src/cli/queue/job.js";
import { paceMs, parseRate, runId } from "../../src/cli/queue/run.js";
import { workerCommand } from "../../src/cli/worker-command.js";
import { freePort } from "../helpers/redis-server.js";
import { PARAMS, TOKEN } from "./run-import.js";

const dir = mkdtempSync(path.join(tmpdir(), "profilekit-queue-parts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const input = path.join(dir, "in.ndjson");
writeFileSync(input, '{"Custom_ID":"c0"}\n');

describe("--queue URL", () => {
  test("redis:// and rediss:// with host, port, database; the password is shown as ***", () => {
    expect(parseQueueUrl("redis://127.0.0.1:6379/0")).toEqual({ url: "redis://127.0.0.1:6379/0", shown: "redis://127.0.0.1:6379/0", secrets: [] });
    const withPassword = parseQueueUrl("rediss://user:s3cr%40t-pw@redis.example:6380/2");
    expect(withPassword.shown).toBe("rediss://user:***@redis.example:6380/2");
    expect(withPassword.secrets).toEqual(["s3cr@t-pw", "s3cr%40t-pw"]);
    expect(parseQueueUrl("redis://localhost").shown).toBe("redis://localhost");
  });

  test("what is not a Redis URL is refused, naming what was expected, never showing the password", () => {
    const refusal = (text: string) => {
      try {
        parseQueueUrl(text);
      } catch (e) {
        expect(e).toBeInstanceOf(QueueError);
        return (e as Error).message;
      }
      throw new Error(`accepted ${text}`);
    };
    expect(refusal("localhost:6379")).toMatch(/expects a redis:\/\/ or rediss:\/\/ URL/);
    expect(refusal("http://:hunter2-pw@host/0")).toBe("--queue expects a redis:// or rediss:// URL, found http://:***@host/0");
    expect(refusal("redis://:hunter2-pw@host/db1")).toMatch(/the path is the database number/);
    expect(refusal("redis://:hunter2-pw@host/0?x=1")).toMatch(/no query or fragment/);
    expect(refusal("not a url :hunter2-pw@")).toMatch(/expects a Redis URL such as/);
    for (const text of ["http://:hunter2-pw@host/0", "redis://:hunter2-pw@host/db1", "redis://:hunter2-pw@host/0?x=1"]) expect(refusal(text)).not.toContain("hunter2-pw");
  });
});

describe("--rate", () => {
  test("<requests>/<seconds>, whole numbers; paced one job start per interval, 10% under the rate", () => {
    expect(parseRate("20/1")).toEqual({ requests: 20, seconds: 1 });
    expect(parseRate("100/60")).toEqual({ requests: 100, seconds: 60 });
    for (const bad of ["20", "0/1", "20/0", "1.5/1", "20/1s", "-1/1", ""]) expect(() => parseRate(bad)).toThrow(/--rate expects <requests>\/<seconds>/);
    expect(paceMs({ requests: 20, seconds: 1 })).toBe(55);
    // No window of `seconds` holds more than `requests` starts at that pace.
    for (const rate of [
      { requests: 20, seconds: 1 },
      { requests: 7, seconds: 3 },
      { requests: 1000, seconds: 1 },
    ]) {
      expect(Math.floor((rate.seconds * 1000) / paceMs(rate)) + 1).toBeLessThanOrEqual(rate.requests);
    }
  });
});

describe("a run's id", () => {
  test("the same sending gives the same id; any part that changes what is sent gives another", () => {
    const base = { target: "altcraft.updateProfilesBatch", paramsHash: "h", format: "json", maxItems: 100, maxBytes: 10_000_000, envelopeBytes: 90, input: "a".repeat(64) };
    expect(runId(base)).toMatch(/^[0-9a-f]{24}$/);
    expect(runId({ ...base })).toBe(runId(base));
    for (const change of [{ paramsHash: "g" }, { format: "xml" }, { maxItems: 99 }, { maxBytes: 1 }, { envelopeBytes: 91 }, { input: "b".repeat(64) }, { target: "x.y" }]) {
      expect(runId({ ...base, ...change })).not.toBe(runId(base));
    }
  });
});

describe("job data read back from Redis", () => {
  const good = { run: "0123456789abcdef01234567", chunk: 3, target: "altcraft.updateProfilesBatch", params: { db_id: 1 }, items: [{ Custom_ID: 1 }], at: [[7, 8]] };
  test("a chunk job is taken as it is", () => {
    expect(readChunkJob(good)).toEqual(good);
  });
  test("anything else names the JSON Pointer of the first problem and what was expected", () => {
    const cases: [unknown, string][] = [
      [null, "job data at (the root): expected an object"],
      [{ ...good, run: "x" }, "job data at /run: expected a run id (24 hex digits)"],
      [{ ...good, chunk: -1 }, "job data at /chunk: expected a chunk number (a whole number ≥ 0)"],
      [{ ...good, params: [] }, "job data at /params: expected an object (the request body without its items)"],
      [{ ...good, format: "yaml" }, 'job data at /format: expected "json" or "xml"'],
      [{ ...good, items: [] }, "job data at /items: expected a non-empty array of records"],
      [
        {
          ...good,
          items: [{}, 2],
          at: [
            [0, 1],
            [1, 2],
          ],
        },
        "job data at /items/1: expected a record (an object)",
      ],
      [{ ...good, at: [] }, "job data at /at: expected one [index, line] per item"],
      [{ ...good, at: [[1, "2"]] }, "job data at /at/0: expected [index, line], whole numbers ≥ 0"],
    ];
    for (const [data, message] of cases) {
      expect(() => readChunkJob(data)).toThrow(JobDataError);
      expect(() => readChunkJob(data)).toThrow(message);
    }
  });
});

describe("refused before anything is queued", () => {
  const queued = (o: Record<string, unknown>) =>
    runImport({
      target: "altcraft.updateProfilesBatch",
      input,
      params: PARAMS,
      baseUrl: "http://127.0.0.1:9/altcraft/api",
      env: { PROFILEKIT_ALTCRAFT_TOKEN: TOKEN },
      log: () => {},
      progress: { write: () => {} },
      queue: "redis://127.0.0.1:9/0",
      ...o,
    });

  test("stdin, a --journal, a credential in --params", async () => {
    await expect(queued({ input: "-" })).rejects.toThrow(new ImportError("--queue needs --input to be a file: a run is known by its content, which stdin cannot give before it is sent"));
    await expect(queued({ journal: path.join(dir, "j") })).rejects.toThrow(/--journal is for a local import; with --queue, Redis records what is done/);
    const leak = queued({ params: JSON.stringify({ db_id: 1, matching: "custom", field_name: "Custom_ID", token: TOKEN }) });
    await expect(leak).rejects.toThrow(/--params holds the API credential: job data is stored in Redis and credentials never go there/);
    await expect(leak).rejects.not.toThrow(TOKEN);
  });

  test("a Redis that does not answer: the URL (password hidden) and the reason", async () => {
    const port = await freePort();
    const error = await queued({ queue: `redis://:pw-7f3e9a@127.0.0.1:${port}/0` }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toBe(`cannot reach Redis at redis://:***@127.0.0.1:${port}/0: ECONNREFUSED`);
  });

  test("the CLI: --status, --rate and --queue-depth need --queue; a bad --rate names the flag; worker needs --queue", async () => {
    const run = async (f: typeof importCommand, args: string[]) => {
      const err: string[] = [];
      const code = await f(
        args,
        () => {},
        (l) => err.push(l),
      );
      return { code, err: err.join("\n") };
    };
    expect(await run(importCommand, ["--status"])).toMatchObject({ code: 1, err: expect.stringMatching(/--status shows a queue's runs: give --queue/) });
    expect(await run(importCommand, ["altcraft.updateProfilesBatch", "--input", input, "--rate", "20/1"])).toMatchObject({ code: 1, err: expect.stringMatching(/--rate goes with --queue/) });
    expect(await run(importCommand, ["altcraft.updateProfilesBatch", "--input", input, "--queue-depth", "4"])).toMatchObject({
      code: 1,
      err: expect.stringMatching(/--queue-depth goes with --queue/),
    });
    expect(await run(importCommand, ["altcraft.updateProfilesBatch", "--input", input, "--queue", "redis://127.0.0.1:9/0", "--rate", "fast"])).toMatchObject({
      code: 1,
      err: expect.stringMatching(/--rate expects <requests>\/<seconds>/),
    });
    expect(await run(workerCommand, [])).toMatchObject({ code: 1, err: expect.stringMatching(/--queue is required/) });
    expect(await run(workerCommand, ["--queue", "redis://127.0.0.1:9/0", "--concurrency", "0"])).toMatchObject({ code: 1, err: expect.stringMatching(/--concurrency expects a whole number ≥ 1/) });
  });
});
