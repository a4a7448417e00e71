import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { parseHeader, readCsv, rowToItem } from "../../src/cli/import/csv.js";
import { InputError, type InputRecord } from "../../src/cli/import/input.js";
import { readNdjson } from "../../src/cli/import/ndjson.js";

/** The input as a stream of `size`-byte chunks (1: every chunk boundary falls somewhere). */
function stream(input: string | Buffer, size = 65536): Readable {
  const bytes = typeof input === "string" ? Buffer.from(input) : input;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

async function all(records: AsyncIterable<InputRecord>): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

const brief = (rs: InputRecord[]) => rs.map((r) => (r.ok ? { line: r.line, item: r.item } : { line: r.line, error: r.error }));

describe("NDJSON reader", () => {
  const text = '\ufeff{"a":1}\r\n\n  \n{"b":"é"}\n{"c":\n[1,2]\n42\nnull\n{"d":true}';

  test("one record per non-blank line, with its line number; bad lines are records too, and reading goes on", async () => {
    expect(brief(await all(readNdjson(stream(text))))).toEqual([
      { line: 1, item: { a: 1 } },
      { line: 4, item: { b: "é" } },
      { line: 5, error: expect.stringMatching(/^not JSON: /) },
      { line: 6, error: "expected a JSON object, found an array" },
      { line: 7, error: "expected a JSON object, found number" },
      { line: 8, error: "expected a JSON object, found null" },
      { line: 9, item: { d: true } }, // no final newline
    ]);
  });

  test("the same records whatever the chunk boundaries; `end` is the byte offset after each line", async () => {
    const whole = await all(readNdjson(stream(text)));
    expect(await all(readNdjson(stream(text, 1)))).toEqual(whole);
    expect(await all(readNdjson(stream(text, 7)))).toEqual(whole);
    const bytes = Buffer.from(text);
    expect(whole.map((r) => r.end)).toEqual([bytes.indexOf("\n") + 1, ...[4, 5, 6, 7, 8].map((n) => nthNewline(bytes, n) + 1), bytes.length]);
  });

  test("invalid UTF-8 is a bad line; the bad text is kept, cut short", async () => {
    const bytes = Buffer.concat([Buffer.from('{"ok":1}\n{"x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"y":"' + "z".repeat(500) + "\n")]);
    const records = await all(readNdjson(stream(bytes)));
    expect(records[1]).toMatchObject({ ok: false, line: 2, error: "not valid UTF-8" });
    expect(records[2]).toMatchObject({ ok: false, line: 3 });
    expect((records[2] as { text: string }).text.length).toBeLessThanOrEqual(201);
  });

  test("an empty input has no records", async () => {
    expect(await all(readNdjson(stream("")))).toEqual([]);
    expect(await all(readNdjson(stream("\n\n")))).toEqual([]);
  });
});

function nthNewline(bytes: Buffer, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) at = bytes.indexOf(0x0a, at + 1);
  return at;
}

describe("CSV reader: the column convention", () => {
  test("dots nest, digit segments are array positions, suffixes convert, empty cells are left out", async () => {
    const csv = [
      "Custom_ID,_fname,visits:number,vip:boolean,tags:json,subscriptions.0.channel,subscriptions.0.email,subscriptions.0.resource_id:number,subscriptions.1.channel,subscriptions.1.phone,address.city",
      '00123,Olly,7,true,"[""a"",""b""]",email,olly@example.com,1,sms,+79000000001,Paris',
      "77,,,0,null,,,,sms,+79000000002,",
      '88,"Smith, Jr.",-1.5e2,FALSE,"""""",,,,,,',
    ].join("\n");
    expect(brief(await all(readCsv(stream(csv))))).toEqual([
      {
        line: 2,
        item: {
          Custom_ID: "00123", // no suffix: text, leading zeros kept
          _fname: "Olly",
          visits: 7,
          vip: true,
          tags: ["a", "b"],
          subscriptions: [
            { channel: "email", email: "olly@example.com", resource_id: 1 },
            { channel: "sms", phone: "+79000000001" },
          ],
          address: { city: "Paris" },
        },
      },
      // position 0 empty: the array closes up; null from a :json cell is sent
      { line: 3, item: { Custom_ID: "77", vip: false, tags: null, subscriptions: [{ channel: "sms", phone: "+79000000002" }] } },
      { line: 4, item: { Custom_ID: "88", _fname: "Smith, Jr.", visits: -150, vip: false, tags: "" } },
    ]);
  });

  test("a quoted cell over several lines: records keep their own start lines (LF and CRLF files)", async () => {
    const lf = 'id,note\n1,"two\nlines"\n\n2,x\n3,"a\nb\nc"\n4,y\n';
    const expected = (nl: string) => [
      { line: 2, item: { id: "1", note: `two${nl}lines` } },
      { line: 5, item: { id: "2", note: "x" } },
      { line: 6, item: { id: "3", note: `a${nl}b${nl}c` } },
      { line: 9, item: { id: "4", note: "y" } },
    ];
    expect(brief(await all(readCsv(stream(lf, 3))))).toEqual(expected("\n"));
    // A CRLF inside quotes is one line break, as in the file.
    expect(brief(await all(readCsv(stream(lf.replace(/\n/g, "\r\n"), 5))))).toEqual(expected("\r\n"));
  });

  test("bad rows are records with their line, and reading goes on", async () => {
    const csv = ["id,n:number,b:boolean,j:json", "1,2,true,{}", "2,two,,", "3,,maybe,", "4,,,{oops", "5,1", "6,1,1,1,extra", "8,8,,"].join("\n");
    const records = await all(readCsv(stream(csv)));
    expect(brief(records)).toEqual([
      { line: 2, item: { id: "1", n: 2, b: true, j: {} } },
      { line: 3, error: 'column "n:number": "two" is not a number' },
      { line: 4, error: 'column "b:boolean": "maybe" is not a boolean (true, false, 1 or 0)' },
      { line: 5, error: expect.stringMatching(/^column "j:json": "\{oops" is not JSON/) },
      { line: 6, error: "the row has 2 cells, the header 4" },
      { line: 7, error: "the row has 5 cells, the header 4" },
      { line: 8, item: { id: "8", n: 8 } },
    ]);
    expect(records[4]).toMatchObject({ text: "5,1" });
  });

  test("a CSV syntax error stops reading at its line, after the rows before it", async () => {
    const read = async (csv: string) => {
      const got: InputRecord[] = [];
      try {
        for await (const r of readCsv(stream(csv))) got.push(r);
        return { got, error: undefined };
      } catch (e) {
        return { got, error: e };
      }
    };
    const stray = await read(["id,x", "1,a", "2,b", '3,"bad"x', "4,d"].join("\n"));
    expect(brief(stray.got)).toEqual([
      { line: 2, item: { id: "1", x: "a" } },
      { line: 3, item: { id: "2", x: "b" } },
    ]);
    expect(stray.error).toBeInstanceOf(InputError);
    expect((stray.error as Error).message).toBe('CSV line 4: a quoted cell ends, then "x" follows instead of "," or the end of the row; the rows after it were not read');
    const unclosed = await read(["id,x", "1,a", '2,"open', "3,c"].join("\n"));
    expect(brief(unclosed.got)).toEqual([{ line: 2, item: { id: "1", x: "a" } }]);
    expect((unclosed.error as Error).message).toBe("CSV line 3: a quote is never closed: the cell it opens runs to the end of the input; the rows after it were not read");
    // A quote in the middle of a cell would shift every row boundary after it: reading stops there.
    const inner = await read(["id,height", "1,180", "2,5'11\"", "3,170", '4,"6\'1"""'].join("\n"));
    expect(brief(inner.got)).toEqual([{ line: 2, item: { id: "1", height: "180" } }]);
    expect((inner.error as Error).message).toMatch(/^CSV line 3: a quote inside a cell that does not start with one/);
  });

  test("a header that breaks the convention stops reading, naming the column", async () => {
    const header = async (h: string) => all(readCsv(stream(`${h}\n1,2\n`)));
    await expect(header("a,b:numbr")).rejects.toThrow(new InputError('CSV header, column 2 ("b:numbr"): unknown type suffix ":numbr" (expected :string, :number, :boolean or :json)'));
    await expect(header("a,a.b")).rejects.toThrow(/column "a" is a value, but other columns nest under "a"/);
    await expect(header("a.0,a.x")).rejects.toThrow(/"a" is used both as an array \(positions\) and as an object \(keys\)/);
    await expect(header("a:number,a")).rejects.toThrow(/columns "a:number" and "a" name the same field/);
    await expect(header("a,b..c")).rejects.toThrow(/empty name or name segment/);
    await expect(header('"a,b')).rejects.toThrow(/^the CSV header row: a quote is never closed/);
  });

  test("a BOM, CRLF rows and a header-only file", async () => {
    expect(brief(await all(readCsv(stream("\ufeffid,x\r\n1,2\r\n"))))).toEqual([{ line: 2, item: { id: "1", x: "2" } }]);
    expect(await all(readCsv(stream("id,x\n")))).toEqual([]);
    expect(await all(readCsv(stream("")))).toEqual([]);
  });

  test("invalid UTF-8 in a row is a bad record with its line (never sent as U+FFFD); reading goes on", async () => {
    const bytes = Buffer.concat([Buffer.from('id,name\n1,"Zoë"\n2,'), Buffer.from([0x41, 0xff, 0xfe, 0x42]), Buffer.from("\n3,日本 🎉\n4,\xe9t\xe9\n5,ok\n")]);
    for (const size of [65536, 1]) {
      const records = await all(readCsv(stream(bytes, size)));
      expect(brief(records)).toEqual([
        { line: 2, item: { id: "1", name: "Zoë" } },
        { line: 3, error: "not valid UTF-8" },
        { line: 4, item: { id: "3", name: "日本 🎉" } }, // multi-byte characters cut across chunks (size 1) come out whole
        { line: 5, item: { id: "4", name: "été" } },
        { line: 6, item: { id: "5", name: "ok" } },
      ]);
      expect(records[1]).toMatchObject({ text: "2,A\u00ff\u00feB" });
      expect(JSON.stringify(records)).not.toContain("\ufffd");
    }
    // Latin-1 text (é as the single byte 0xE9) is refused the same way.
    const latin1 = Buffer.concat([Buffer.from("id,name\n"), Buffer.from([0x31, 0x2c, 0x63, 0x61, 0x66, 0xe9, 0x0a])]);
    expect(brief(await all(readCsv(stream(latin1))))).toEqual([{ line: 2, error: "not valid UTF-8" }]);
    await expect(all(readCsv(stream(Buffer.from([0x69, 0xff, 0x0a, 0x31, 0x0a]))))).rejects.toThrow(new InputError("the CSV header row is not valid UTF-8"));
  });

  test("a BOM split across chunks, and a quoted first header cell after it", async () => {
    expect(brief(await all(readCsv(stream('\ufeff"id",x\n1,2\n', 1))))).toEqual([{ line: 2, item: { id: "1", x: "2" } }]);
  });

  test("rowToItem and parseHeader directly: top-level digits are keys, deep arrays nest", () => {
    const columns = parseHeader(["0", "m.0.0:number", "m.0.1:number", "m.1.0:number"]);
    expect(columns.map((c) => c.path)).toEqual([["0"], ["m", 0, 0], ["m", 0, 1], ["m", 1, 0]]);
    expect(rowToItem(columns, ["x", "1", "2", "3"])).toEqual({ item: { "0": "x", m: [[1, 2], [3]] } });
    expect(rowToItem(columns, ["", "", "2", ""])).toEqual({ item: { m: [[2]] } });
  });
});
