import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { Journal, JournalError, RangeSet, paramsHash, readJournal, type JournalHeader } from "../../src/cli/import/journal.js";
import { ProgressReporter, duration } from "../../src/cli/import/progress.js";
import { Recorder, ranges } from "../../src/cli/import/recorder.js";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "profilekit-journal-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const header = (over: Partial<JournalHeader> = {}): JournalHeader => ({
  journal: "profilekit-import",
  version: 1,
  operation: "altcraft.updateProfilesBatch",
  input: "/data/profiles.ndjson",
  inputFormat: "ndjson",
  inputBytes: 1234,
  params: paramsHash({ db_id: 1, matching: "custom", field_name: "Custom_ID" }),
  ...over,
});
const counts = (accepted: number, rejected = 0, failed = 0) => ({ accepted, rejected, failed });

describe("RangeSet", () => {
  test("merges overlapping and adjacent ranges given in any order; has() and size", () => {
    const set = new RangeSet([
      [20, 29],
      [0, 9],
      [40, 40],
      [10, 14],
      [12, 19],
      [50, 59],
    ]);
    expect(set.ranges).toEqual([
      [0, 29],
      [40, 40],
      [50, 59],
    ]);
    expect(set.size).toBe(41);
    expect([0, 29, 30, 39, 40, 41, 49, 50, 59, 60].map((i) => set.has(i))).toEqual([true, true, false, false, true, false, false, true, true, false]);
    expect(new RangeSet([]).has(0)).toBe(false);
  });
});

describe("the journal", () => {
  test("a new journal starts with its header line; entries are appended and read back", () => {
    const file = path.join(dir, "j.ndjson");
    const j = Journal.open(file, header());
    expect(j.resumed).toBe(false);
    expect(j.covered.size).toBe(0);
    j.append([{ first: 1000, last: 1999, counts: counts(999, 1) }]);
    j.append([
      { first: 0, last: 999, counts: counts(1000) },
      { first: 3000, last: 3000, counts: counts(0, 1) },
    ]);
    j.close();
    const lines = readFileSync(file, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([header(), { first: 1000, last: 1999, counts: counts(999, 1) }, { first: 0, last: 999, counts: counts(1000) }, { first: 3000, last: 3000, counts: counts(0, 1) }]);
    expect(readJournal(file)?.entries).toHaveLength(3);
  });

  test("reopened for the same run: resumed, covering exactly the ranges written (out of order), with their counts", () => {
    const file = path.join(dir, "j.ndjson");
    const first = Journal.open(file, header());
    first.append([{ first: 2000, last: 2999, counts: counts(1000) }]);
    first.append([{ first: 0, last: 999, counts: counts(998, 1, 1) }]);
    first.close();
    // Key order of the params does not matter.
    const again = Journal.open(file, header({ params: paramsHash({ field_name: "Custom_ID", matching: "custom", db_id: 1 }) }));
    expect(again.resumed).toBe(true);
    expect(again.covered.ranges).toEqual([
      [0, 999],
      [2000, 2999],
    ]);
    expect(again.previous).toEqual(counts(1998, 1, 1));
    again.append([{ first: 1000, last: 1999, counts: counts(1000) }]);
    again.close();
    expect(Journal.open(file, header()).covered.ranges).toEqual([[0, 2999]]);
  });

  test("another run's journal is refused, saying why", () => {
    const file = path.join(dir, "j.ndjson");
    Journal.open(file, header()).close();
    const refuse = (h: JournalHeader) => expect(() => Journal.open(file, h));
    refuse(header({ params: paramsHash({ db_id: 2 }) })).toThrow(new JournalError(`--journal ${file} belongs to another import: it was written with other --params. Use another --journal file, or delete this one to start over.`));
    refuse(header({ input: "/data/other.ndjson" })).toThrow(/its input is \/data\/profiles\.ndjson \(ndjson, 1234 bytes\), this run's is \/data\/other\.ndjson \(ndjson, 1234 bytes\)/);
    refuse(header({ inputBytes: 1235 })).toThrow(/1234 bytes\), this run's is .*1235 bytes/);
    refuse(header({ operation: "altcraft.other" })).toThrow(/it is for altcraft\.updateProfilesBatch, this run is altcraft\.other/);
    // Refusing changed nothing.
    expect(readFileSync(file, "utf8")).toBe(`${JSON.stringify(header())}\n`);
  });

  test("a last line cut short by a crash is dropped, and the next entry starts on a line of its own", () => {
    const file = path.join(dir, "j.ndjson");
    const j = Journal.open(file, header());
    j.append([{ first: 0, last: 9, counts: counts(10) }]);
    j.close();
    appendFileSync(file, '{"first":10,"last":1');
    const again = Journal.open(file, header());
    expect(again.covered.ranges).toEqual([[0, 9]]);
    again.append([{ first: 10, last: 19, counts: counts(10) }]);
    again.close();
    expect(readJournal(file)?.entries.map((e) => [e.first, e.last])).toEqual([
      [0, 9],
      [10, 19],
    ]);
  });

  test("a file that is not a journal, or has a broken line in the middle, is refused", () => {
    const file = path.join(dir, "j.ndjson");
    writeFileSync(file, '{"hello":1}\n');
    expect(() => Journal.open(file, header())).toThrow(/line 1 is not an import journal line \(no profilekit-import header\)/);
    writeFileSync(file, `${JSON.stringify(header())}\n{"first":0,"last":9\n{"first":10,"last":19,"counts":{"accepted":10,"rejected":0,"failed":0}}\n`);
    expect(() => Journal.open(file, header())).toThrow(/line 2 is not an import journal line \(not JSON\)/);
    writeFileSync(file, `${JSON.stringify(header())}\n{"first":9,"last":0,"counts":{"accepted":10,"rejected":0,"failed":0}}\n`);
    expect(() => Journal.open(file, header())).toThrow(/line 2 is not an import journal line/);
  });

  test("an empty file is a new journal", () => {
    const file = path.join(dir, "j.ndjson");
    writeFileSync(file, "");
    expect(Journal.open(file, header()).resumed).toBe(false);
  });
});

describe("the recorder", () => {
  test("journal entries are runs of consecutive indices, with their counts", () => {
    expect(
      ranges([
        { index: 5, status: "accepted" },
        { index: 3, status: "rejected" },
        { index: 4, status: "accepted" },
        { index: 9, status: "failed" },
        { index: 10, status: "accepted" },
      ]),
    ).toEqual([
      { first: 3, last: 5, counts: counts(2, 1) },
      { first: 9, last: 10, counts: counts(1, 0, 1) },
    ]);
  });

  test("flush writes the --failed lines, then the journal lines; a resumed run appends to the --failed file", () => {
    const file = path.join(dir, "j.ndjson");
    const failed = path.join(dir, "failed.ndjson");
    const j = Journal.open(file, header());
    const r = new Recorder(j, failed, false);
    r.add(0, "accepted");
    r.add(1, "rejected", { index: 1, line: 2, status: "rejected", reason: "server", code: 404, message: "Profile not found", item: { Custom_ID: "x" } });
    expect(r.pending).toBe(2);
    expect(readJournal(file)?.entries).toEqual([]);
    r.flush();
    expect(r.pending).toBe(0);
    expect(readJournal(file)?.entries).toEqual([{ first: 0, last: 1, counts: counts(1, 1) }]);
    r.close();
    j.close();
    const again = new Recorder(undefined, failed, true);
    again.add(7, "failed", { index: 7, status: "failed", error: "timeout", attempts: 5, item: {} });
    again.flush();
    again.close();
    expect(readFileSync(failed, "utf8").trimEnd().split("\n").map((l) => (JSON.parse(l) as { index: number }).index)).toEqual([1, 7]);
    expect(r.counts).toEqual(counts(1, 1));
  });
});

describe("progress", () => {
  test("the line: items, rate, counts, percent and ETA when the size is known", () => {
    const out: string[] = [];
    const p = new ProgressReporter({ write: (s) => out.push(s), isTTY: false });
    const t0 = Date.now();
    p.update({ totalBytes: 1000, bytesRead: 100, skipped: 50 });
    p.sending(); // sending starts at byte 100
    p.update({ done: 400, accepted: 398, rejected: 1, failed: 1, bytesRead: 500 });
    expect(p.line(t0 + 4000)).toMatch(/^400 items {2}\d+\/s {2}accepted 398 {2}rejected 1 {2}failed 1 {2}skipped 50 \(journal\) {2}50% {2}ETA 0:0\d$/);
    expect(duration(75)).toBe("1:15");
    expect(duration(3725)).toBe("1:02:05");
  });
});
