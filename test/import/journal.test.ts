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
  version: 2,
  operation: "altcraft.updateProfilesBatch",
  input: "/data/profiles.ndjson",
  inputFormat: "ndjson",
  inputBytes: 1234,
  params: paramsHash({ db_id: 1, matching: "custom", field_name: "Custom_ID" }),
  ...over,
});
const counts = (accepted: number, rejected = 0, failed = 0) => ({ accepted, rejected, failed });
/** An entry whose records take 10 bytes each; `segment` fingerprints the first 100,000 bytes (made-up digest). */
const entry = (first: number, last: number, c = counts(last - first + 1)) => ({ first, last, bytes: [first * 10, (last + 1) * 10] as const, counts: c });
const segment = { start: 0, end: 100_000, sha256: "0".repeat(64) };
const segmentLine = { read: [0, 100_000], sha256: "0".repeat(64) };

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
    j.append([entry(1000, 1999, counts(999, 1))], segment);
    j.append([entry(0, 999), entry(3000, 3000, counts(0, 1))]);
    j.close();
    const lines = readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      header(),
      segmentLine,
      { first: 1000, last: 1999, bytes: [10000, 20000], counts: counts(999, 1) },
      { first: 0, last: 999, bytes: [0, 10000], counts: counts(1000) },
      { first: 3000, last: 3000, bytes: [30000, 30010], counts: counts(0, 1) },
    ]);
    expect(readJournal(file)?.entries).toHaveLength(3);
    expect(readJournal(file)?.segments).toEqual([segment]);
  });

  test("reopened for the same run: resumed, covering exactly the ranges written (out of order), with their counts", () => {
    const file = path.join(dir, "j.ndjson");
    const first = Journal.open(file, header());
    first.append([entry(2000, 2999)], segment);
    first.append([entry(0, 999, counts(998, 1, 1))]);
    first.close();
    // Key order of the params does not matter.
    const again = Journal.open(file, header({ params: paramsHash({ field_name: "Custom_ID", matching: "custom", db_id: 1 }) }));
    expect(again.resumed).toBe(true);
    expect(again.covered.ranges).toEqual([
      [0, 999],
      [2000, 2999],
    ]);
    expect(again.previous).toEqual(counts(1998, 1, 1));
    again.append([entry(1000, 1999)]);
    again.close();
    expect(Journal.open(file, header()).covered.ranges).toEqual([[0, 2999]]);
  });

  test("another run's journal is refused, saying why", () => {
    const file = path.join(dir, "j.ndjson");
    Journal.open(file, header()).close();
    const refuse = (h: JournalHeader) => expect(() => Journal.open(file, h));
    refuse(header({ params: paramsHash({ db_id: 2 }) })).toThrow(
      new JournalError(`--journal ${file} belongs to another import: it was written with other --params. Use another --journal file, or delete this one to start over.`),
    );
    refuse(header({ input: "/data/other.ndjson" })).toThrow(/its input is \/data\/profiles\.ndjson \(ndjson, 1234 bytes\), this run's is \/data\/other\.ndjson \(ndjson, 1234 bytes\)/);
    refuse(header({ inputBytes: 1235 })).toThrow(/1234 bytes\), this run's is .*1235 bytes/);
    refuse(header({ operation: "altcraft.other" })).toThrow(/it is for altcraft\.updateProfilesBatch, this run is altcraft\.other/);
    // Refusing changed nothing.
    expect(readFileSync(file, "utf8")).toBe(`${JSON.stringify(header())}\n`);
  });

  test("a last line cut short by a crash is dropped, and the next entry starts on a line of its own", () => {
    const file = path.join(dir, "j.ndjson");
    const j = Journal.open(file, header());
    j.append([entry(0, 9)], segment);
    j.close();
    appendFileSync(file, '{"first":10,"last":1');
    const again = Journal.open(file, header());
    expect(again.covered.ranges).toEqual([[0, 9]]);
    again.append([entry(10, 19)]);
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
    writeFileSync(file, `${JSON.stringify(header())}\n{"first":9,"last":0,"bytes":[0,90],"counts":{"accepted":10,"rejected":0,"failed":0}}\n`);
    expect(() => Journal.open(file, header())).toThrow(/line 2 is not an import journal line/);
    // Entries without the bytes they take (version 1's) are not this version's.
    writeFileSync(file, `${JSON.stringify(header())}\n{"first":0,"last":9,"counts":{"accepted":10,"rejected":0,"failed":0}}\n`);
    expect(() => Journal.open(file, header())).toThrow(/line 2 is not an import journal line \(expected \{first, last, bytes/);
  });

  test("a version 1 journal (no fingerprint) is refused, saying how to start over", () => {
    const file = path.join(dir, "j.ndjson");
    writeFileSync(file, `${JSON.stringify({ ...header(), version: 1 })}\n`);
    expect(() => Journal.open(file, header())).toThrow(
      new JournalError(
        `--journal ${file} is a version 1 journal, written by an earlier profilekit that did not fingerprint the input; this profilekit reads version 2. Delete it (or use another --journal) to start over.`,
      ),
    );
  });

  test("entries that do not fit the fingerprint are refused before anything is skipped", () => {
    const file = path.join(dir, "j.ndjson");
    const write = (...lines: unknown[]) => writeFileSync(file, [header(), ...lines].map((l) => `${JSON.stringify(l)}\n`).join(""));
    const refused = (why: RegExp) => expect(() => Journal.open(file, header())).toThrow(why);
    const small = { read: [0, 100], sha256: "0".repeat(64) };
    write(small, entry(0, 9)); // bytes 0–100: fits
    expect(Journal.open(file, header()).covered.ranges).toEqual([[0, 9]]);
    write(small, entry(0, 9), entry(10, 19)); // bytes 100–200: past what was fingerprinted
    refused(/does not fit its input: records 10–19 \(bytes 100–200\) lie past the 100 bytes of the input it fingerprinted/);
    write(small, { ...entry(0, 9), last: 199 }); // 200 records in 100 bytes
    refused(/records 0–199 \(bytes 0–100\): more records than bytes/);
    write(small, { first: 50, last: 59, bytes: [0, 10], counts: counts(10) }); // 50 records before it in 0 bytes
    refused(/records 50–59 \(bytes 0–10\): more records before them than bytes/);
    write(small, entry(0, 4), { first: 5, last: 9, bytes: [60, 100], counts: counts(5) }); // a gap in the bytes, none in the records
    refused(/records 5–9 \(bytes 60–100\) do not follow on from records 0–4/);
    write(small, entry(0, 9), entry(5, 5));
    refused(/records 5–5 \(bytes 50–60\) overlap records 0–9/);
    write({ read: [0, 50], sha256: "0".repeat(64) }, { read: [60, 100], sha256: "0".repeat(64) });
    refused(/its fingerprint jumps from byte 50 to byte 60/);
  });

  test("an empty file is a new journal", () => {
    const file = path.join(dir, "j.ndjson");
    writeFileSync(file, "");
    expect(Journal.open(file, header()).resumed).toBe(false);
  });
});

describe("the recorder", () => {
  const b = (i: number) => [i * 10, i * 10 + 10] as const; // record i takes bytes 10i–10i+10

  test("journal entries are runs of consecutive indices whose bytes follow on, with their counts", () => {
    expect(
      ranges([
        { index: 5, status: "accepted", bytes: b(5) },
        { index: 3, status: "rejected", bytes: b(3) },
        { index: 4, status: "accepted", bytes: b(4) },
        { index: 9, status: "failed", bytes: b(9) },
        { index: 10, status: "accepted", bytes: b(10) },
      ]),
    ).toEqual([
      { first: 3, last: 5, bytes: [30, 60], counts: counts(2, 1) },
      { first: 9, last: 10, bytes: [90, 110], counts: counts(1, 0, 1) },
    ]);
  });

  test("flush writes the --failed lines, then the input's fingerprint and the journal lines; a resumed run appends to the --failed file", () => {
    const file = path.join(dir, "j.ndjson");
    const failed = path.join(dir, "failed.ndjson");
    const j = Journal.open(file, header());
    const cuts = [segment, undefined];
    const r = new Recorder(j, failed, false, () => cuts.shift());
    r.add(0, "accepted", b(0));
    r.add(1, "rejected", b(1), { index: 1, line: 2, status: "rejected", reason: "server", code: 404, message: "Profile not found", item: { Custom_ID: "x" } });
    expect(r.pending).toBe(2);
    expect(readJournal(file)?.entries).toEqual([]);
    r.flush();
    expect(r.pending).toBe(0);
    expect(readJournal(file)?.entries).toEqual([{ first: 0, last: 1, bytes: [0, 20], counts: counts(1, 1) }]);
    expect(readJournal(file)?.segments).toEqual([segment]);
    r.add(2, "accepted", b(2));
    r.flush(); // nothing new read: no segment line
    expect(
      readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.includes('"read"')),
    ).toHaveLength(1);
    r.close();
    j.close();
    const again = new Recorder(undefined, failed, true);
    again.add(7, "failed", b(7), { index: 7, status: "failed", error: "timeout", attempts: 5, item: {} });
    again.flush();
    again.close();
    expect(
      readFileSync(failed, "utf8")
        .trimEnd()
        .split("\n")
        .map((l) => (JSON.parse(l) as { index: number }).index),
    ).toEqual([1, 7]);
    expect(r.counts).toEqual(counts(2, 1));
  });

  test("a --failed line cut short by a crash is dropped when a resumed run appends", () => {
    const failed = path.join(dir, "failed.ndjson");
    writeFileSync(failed, '{"index":1,"status":"failed"}\n{"index":2,"sta');
    const r = new Recorder(undefined, failed, true);
    r.add(2, "failed", b(2), { index: 2, status: "failed", error: "timeout", attempts: 5, item: {} });
    r.flush();
    r.close();
    expect(
      readFileSync(failed, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { index: number }).index),
    ).toEqual([1, 2]);
    writeFileSync(failed, '{"index":1,"sta'); // no whole line at all
    const only = new Recorder(undefined, failed, true);
    only.add(1, "failed", b(1), { index: 1, status: "failed", error: "timeout", attempts: 5, item: {} });
    only.flush();
    only.close();
    expect(readFileSync(failed, "utf8")).toBe('{"index":1,"status":"failed","error":"timeout","attempts":5,"item":{}}\n');
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
