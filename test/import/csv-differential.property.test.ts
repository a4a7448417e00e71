import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { readCsv } from "../../src/cli/import/csv.js";
import { CsvScanner, splitCells } from "../../src/cli/import/csv-syntax.js";
import { InputError, type InputRecord } from "../../src/cli/import/input.js";
import { MAX_RECORD_BYTES, RecordSyntaxError, splitRecords } from "../../src/cli/import/records.js";

// Our RFC 4180 reader (csv-syntax.ts: CsvScanner finds row ends in raw bytes, splitCells cuts a
// row into cells) against the csv-parse library it replaced, on random well-formed files fed in
// random chunks (1-byte ones included, so chunk ends split UTF-8 characters and "\r\n"), and on
// malformed ones, which both must refuse. Compared at two levels:
//
// - raw cells: splitRecords + CsvScanner + splitCells with the few lines of glue readCsv keeps to
//   itself (a leading BOM, blank lines, the "\r" of a "\r\n", UTF-8 decoding) copied below;
// - readCsv itself, the public reader, under a header of plain names ("c0", "c1", …): a text
//   column gives its cell as it is, and an empty cell is left out, so each item gives its row back.
//
// The deliberate differences between the two readers are the explicit cases at the end. The
// properties allow for them: csv-parse is asked only about files with one line-break style (files
// mixing "\n" and "\r\n" are checked against the generated rows alone), and a blank line, a row
// to csv-parse, is expected to be skipped by ours.

const SEED = Number(process.env.PROFILEKIT_PROPERTY_SEED ?? 20_260_417);
const utf8 = new TextDecoder("utf-8", { fatal: true });

type Eol = "\n" | "\r\n";

interface Cell {
  value: string;
  quoted: boolean;
}

interface CsvFile {
  rows: Cell[][];
  /** After each row; the last one only counts with `finalBreak`. */
  eols: Eol[];
  finalBreak: boolean;
  bom: boolean;
}

const needsQuotes = (value: string) => /[",\r\n]/.test(value);
const encodeCell = (c: Cell) => (c.quoted ? `"${c.value.replaceAll('"', '""')}"` : c.value);
const encodeRow = (cells: readonly Cell[]) => cells.map(encodeCell).join(",");

/** The text of a file, and for each row the 1-based line it starts on. */
function encode(file: CsvFile): { text: string; lines: number[] } {
  let text = file.bom ? "\ufeff" : "";
  let line = 1;
  const lines: number[] = [];
  file.rows.forEach((cells, i) => {
    lines.push(line);
    const row = encodeRow(cells);
    const eol = i < file.rows.length - 1 || file.finalBreak ? file.eols[i]! : "";
    text += row + eol;
    line += countNewlines(row + eol);
  });
  return { text, lines };
}

const countNewlines = (s: string) => s.split("\n").length - 1;

/** A row that is an empty line: one column, its cell empty and not quoted. */
const isBlank = (cells: readonly Cell[]) => cells.length === 1 && !cells[0]!.quoted && cells[0]!.value === "";

/** The line breaks the text uses between rows, when it uses one kind only (undefined: mixed). */
function eolStyle(file: CsvFile): Eol | "none" | undefined {
  const used = new Set(file.eols.slice(0, file.finalBreak ? file.rows.length : file.rows.length - 1));
  return used.size === 0 ? "none" : used.size === 1 ? [...used][0] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Generators

/** Text pieces: plain (ASCII, Unicode up to 4-byte UTF-8, combining marks, NUL), and what needs quotes. */
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(..."abcxyz 09-_.;:'\t#="), minLength: 1, maxLength: 6 }) },
  { weight: 3, arbitrary: fc.constantFrom("é", "ж", "€", "😀", "中文", "\u00a0", "e\u0301", "\u0000", "\u2028", "\uffff", "ÿ", "\u{10ffff}") },
  { weight: 3, arbitrary: fc.constantFrom(",", '"', '""', "\n", "\r\n", "\r", '","', '\n"') },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 3 }) },
);
const value = fc.oneof({ weight: 1, arbitrary: fc.constant("") }, { weight: 5, arbitrary: fc.array(piece, { minLength: 1, maxLength: 5 }).map((p) => p.join("")) });
/** Quoted when it must be, and sometimes when it need not. */
const cell = fc.record({ value, quoteAnyway: fc.integer({ min: 0, max: 3 }).map((n) => n === 0) }).map(({ value, quoteAnyway }): Cell => ({ value, quoted: quoteAnyway || needsQuotes(value) }));
const eol = fc.constantFrom<Eol>("\n", "\r\n");

function csvFile(options: { mixedEols: boolean }): fc.Arbitrary<CsvFile> {
  return fc
    .record({
      columns: fc.integer({ min: 1, max: 5 }),
      rowCount: fc.integer({ min: 1, max: 8 }),
      style: eol,
      mixed: options.mixedEols ? fc.boolean() : fc.constant(false),
      finalBreak: fc.boolean(),
      bom: fc.boolean(),
    })
    .chain(({ columns, rowCount, style, mixed, finalBreak, bom }) =>
      fc.record({
        rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: rowCount, maxLength: rowCount }),
        eols: mixed ? fc.array(eol, { minLength: rowCount, maxLength: rowCount }) : fc.constant(Array<Eol>(rowCount).fill(style)),
        finalBreak: fc.constant(finalBreak),
        bom: fc.constant(bom),
      }),
    )
    .map((file) => {
      // A file whose first character is U+FEFF starts with a BOM whatever was meant (its UTF-8
      // bytes are the BOM's): both readers drop it. Quoted, a first cell keeps it.
      const [[first, ...cells], ...rows] = file.rows as [[Cell, ...Cell[]], ...Cell[][]];
      return first.value.startsWith("\ufeff") && !first.quoted ? { ...file, rows: [[{ ...first, quoted: true }, ...cells], ...rows] } : file;
    });
}

/** Chunk sizes, used in turn: all 1 byte, a few small ones, or the whole file at once. */
const chunkSizes = fc.oneof(fc.constant([1]), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }), fc.constant([1 << 20]));

function chunked(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    chunks.push(bytes.subarray(at, at + n));
    at += n;
  }
  return chunks;
}

async function* feed(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  for (const c of chunks) yield c;
}

// ---------------------------------------------------------------------------------------------
// The readers

interface Rows {
  rows: { line: number; cells: string[] }[];
  /** A syntax error, with the line its row starts on. */
  error?: { line: number; message: string };
}

/** Our rows of raw cells: splitRecords + CsvScanner + splitCells and readCsv's glue (csv.ts). */
async function ourRows(chunks: readonly Buffer[]): Promise<Rows> {
  const rows: Rows["rows"] = [];
  try {
    for await (const raw of splitRecords(feed(chunks), new CsvScanner(), MAX_RECORD_BYTES)) {
      // Copied from readCsv, which keeps it private: a BOM at the start is no cell, a blank line
      // no row, a row is decoded whole and its "\r" (of "\r\n") dropped before splitting.
      expect(raw.bytes).toBeDefined();
      const bytes = raw.start === 0 && raw.bytes![0] === 0xef && raw.bytes![1] === 0xbb && raw.bytes![2] === 0xbf ? raw.bytes!.subarray(3) : raw.bytes!;
      if (bytes.length === 0 || (bytes.length === 1 && bytes[0] === 0x0d)) continue;
      const text = utf8.decode(bytes);
      rows.push({ line: raw.line, cells: splitCells(text.endsWith("\r") ? text.slice(0, -1) : text) });
    }
  } catch (e) {
    if (!(e instanceof RecordSyntaxError)) throw e;
    return { rows, error: { line: e.line, message: e.message } };
  }
  return { rows };
}

/** Our rows through readCsv, under the header `c0,c1,…` (first line): each item's cells back. */
async function ourItems(chunks: readonly Buffer[], columns: number): Promise<Rows> {
  const names = Array.from({ length: columns }, (_, i) => `c${i}`);
  const rows: Rows["rows"] = [];
  try {
    for await (const r of readCsv(feed(chunks))) {
      if (!r.ok) throw new Error(`unexpected bad record on line ${r.line}: ${r.error}`);
      expect(Object.keys(r.item).every((k) => names.includes(k))).toBe(true);
      rows.push({ line: r.line, cells: names.map((n) => (r.item[n] === undefined ? "" : (r.item[n] as string))) });
    }
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const line = /^CSV line (\d+): /.exec(e.message);
    return { rows, error: { line: line ? Number(line[1]) : 1, message: e.message } };
  }
  return { rows };
}

/** The header `c0,…` (its names quoted as the file's first row is), its line break, then the file. */
function withHeader(file: CsvFile, text: string): string {
  const header = file.rows[0]!.map((c, i) => ({ value: `c${i}`, quoted: c.quoted }));
  return (file.bom ? "\ufeff" : "") + encodeRow(header) + file.eols[0]! + (file.bom ? text.slice(1) : text);
}

type Theirs = { rows: string[][] } | { error: { code: string; lines: number; message: string } };

/** csv-parse, as profilekit called it before csv-syntax.ts. */
function theirRows(text: string): Theirs {
  try {
    return { rows: parse(text, { bom: true, relax_column_count: false }) as string[][] };
  } catch (e) {
    const err = e as { code?: string; lines?: number; message: string };
    expect(err.code, err.message).toBeTypeOf("string"); // a CsvError, not a crash
    return { error: { code: err.code!, lines: err.lines!, message: err.message } };
  }
}

// ---------------------------------------------------------------------------------------------
// Well-formed files

describe("CSV reader vs csv-parse: well-formed files", () => {
  test("the same rows of cells, whatever the chunk boundaries; each row with the line it starts on (1,500 runs)", async () => {
    const started = performance.now();
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(csvFile({ mixedEols: true }), chunkSizes, async (file, sizes) => {
        const { text, lines } = encode(file);
        const bytes = Buffer.from(text);
        // The model: every row but a blank line (ours skips those, csv-parse does not: see below).
        const expected = file.rows.flatMap((cells, i) => (isBlank(cells) ? [] : [{ line: lines[i]!, cells: cells.map((c) => c.value) }]));

        const ours = await ourRows(chunked(bytes, sizes));
        expect(ours.error).toBeUndefined();
        expect(ours.rows).toEqual(expected);

        const style = eolStyle(file);
        if (style !== undefined) {
          // csv-parse takes one line-break style per file (the first it meets), so only those.
          const theirs = theirRows(text);
          if (!("rows" in theirs)) throw new Error(`csv-parse refused a well-formed file: ${theirs.error.message}`);
          // A final blank line without a line break after it is no row to csv-parse either.
          const modelRows = file.rows.filter((cells, i) => !(i === file.rows.length - 1 && !file.finalBreak && isBlank(cells)));
          expect(theirs.rows).toEqual(modelRows.map((cells) => cells.map((c) => c.value))); // the generator is right
          expect(ours.rows.map((r) => r.cells)).toEqual(theirs.rows.filter((_, i) => !isBlank(modelRows[i]!)));
          compared++;
        }

        // The public reader gives the same cells, one line further down (under its header).
        const items = await ourItems(chunked(Buffer.from(withHeader(file, text)), sizes), file.rows[0]!.length);
        expect(items.error).toBeUndefined();
        expect(items.rows).toEqual(expected.map((r) => ({ line: r.line + 1, cells: r.cells })));
      }),
      { numRuns: 1_500, seed: SEED },
    );
    expect(compared).toBeGreaterThan(800); // most files use one line-break style (about two thirds)
    console.log(`well-formed: 1,500 runs (${compared} compared with csv-parse) in ${Math.round(performance.now() - started)} ms`);
  });
});

// ---------------------------------------------------------------------------------------------
// Malformed files

type Defect =
  /** `ab"c`: a quote inside a cell that does not start with one. */
  | { kind: "stray"; before: string; after: string }
  /** `"ab"x`: text after the closing quote. */
  | { kind: "after"; cell: string; junk: string }
  /** `"ab…`: a quote never closed; the input ends inside the cell (`trailing` line break or not). */
  | { kind: "unclosed"; cell: string; trailing: "" | Eol };

/** Plain text without `,`, `"`, line breaks or U+FEFF, never empty. */
const plain = fc.array(fc.oneof(fc.constantFrom(..."ab xyz09-_;'\t"), fc.constantFrom("é", "😀", "中")), { minLength: 1, maxLength: 5 }).map((p) => p.join(""));

const defect: fc.Arbitrary<Defect> = fc.oneof(
  fc.record({
    kind: fc.constant("stray" as const),
    before: plain,
    after: fc.oneof(
      fc.constant(""),
      plain,
      plain.map((p) => `${p}"`),
    ),
  }),
  fc.record({ kind: fc.constant("after" as const), cell: value, junk: plain }),
  fc.record({ kind: fc.constant("unclosed" as const), cell: value, trailing: fc.constantFrom<"" | Eol>("", "\n", "\r\n") }),
);

interface Malformed {
  text: string;
  file: CsvFile;
  /** The rows before the bad one (whole, valid). */
  goodRows: number;
  /** The line the bad row starts on. */
  line: number;
  /** Whether csv-parse should name that line too (see the explicit cases). */
  sameLine: boolean;
}

const malformed: fc.Arbitrary<Malformed> = fc.record({ file: csvFile({ mixedEols: false }), at: fc.nat(), column: fc.nat(), defect, rest: fc.boolean() }).map(({ file, at, column, defect, rest }) => {
  const r = at % file.rows.length;
  const c = column % file.rows[0]!.length;
  const { text: head } = encode({ ...file, rows: file.rows.slice(0, r), finalBreak: true });
  const eol = file.eols[0]!;
  const row = file.rows[r]!;
  let bad = encodeRow(row.slice(0, c)) + (c > 0 ? "," : "");
  switch (defect.kind) {
    case "stray":
      bad += `${defect.before}"${defect.after}`;
      break;
    case "after":
      bad += `${encodeCell({ value: defect.cell, quoted: true })}${defect.junk}`;
      break;
    case "unclosed":
      bad += `"${defect.cell.replaceAll('"', '""')}${defect.trailing}`;
  }
  let text = head + bad; // with the BOM, if any
  if (defect.kind !== "unclosed" && rest) text += (c + 1 < row.length ? "," : "") + encodeRow(row.slice(c + 1)) + eol + encode({ ...file, rows: file.rows.slice(r + 1), bom: false }).text;
  // csv-parse names the line of the fault itself, and counts a "\r" inside quotes as a line (so a
  // quoted "\r\n" as two): the same line as ours when the bad row is one line up to its fault and
  // no quoted "\r" is above.
  const quotedCrAbove = [...file.rows.slice(0, r).flat(), ...row.slice(0, c)].some((x) => x.value.includes("\r"));
  const badRowBreaks =
    row.slice(0, c).some((x) => x.value.includes("\n")) ||
    (defect.kind === "after" && /[\r\n]/.test(defect.cell)) ||
    (defect.kind === "unclosed" && (/[\r\n]/.test(defect.cell) || defect.trailing === "\r\n"));
  return { text, file, goodRows: r, line: 1 + countNewlines(head), sameLine: !quotedCrAbove && !badRowBreaks };
});

describe("CSV reader vs csv-parse: malformed files", () => {
  test("both refuse a stray quote, text after a closing quote, a quote never closed; on the same line when both can say it (1,000 runs)", async () => {
    const started = performance.now();
    let sameLine = 0;
    await fc.assert(
      fc.asyncProperty(malformed, chunkSizes, async (m, sizes) => {
        const theirs = theirRows(m.text);
        if (!("error" in theirs)) throw new Error(`csv-parse read a malformed file: ${JSON.stringify(theirs.rows)}`);
        expect(["INVALID_OPENING_QUOTE", "CSV_INVALID_CLOSING_QUOTE", "CSV_QUOTE_NOT_CLOSED"]).toContain(theirs.error.code);

        const ours = await ourRows(chunked(Buffer.from(m.text), sizes));
        expect(ours.error, "ours read a malformed file").toBeDefined();
        expect(ours.error!.line).toBe(m.line); // the line the bad row starts on
        // The rows before it are read, as they are.
        const good = m.file.rows.slice(0, m.goodRows);
        expect(ours.rows.map((r) => r.cells)).toEqual(good.filter((cells) => !isBlank(cells)).map((cells) => cells.map((c) => c.value)));
        if (m.sameLine) {
          expect(theirs.error.lines).toBe(m.line);
          sameLine++;
        } else expect(theirs.error.lines).toBeGreaterThanOrEqual(m.line);

        // readCsv stops there too, with its line (one further down under its header), as an InputError.
        const items = await ourItems(chunked(Buffer.from(withHeader(m.file, m.text)), sizes), m.file.rows[0]!.length);
        expect(items.error?.message).toMatch(new RegExp(`^CSV line ${m.line + 1}: .*; the rows after it were not read$`, "s"));
        expect(items.rows.map((r) => r.cells)).toEqual(ours.rows.map((r) => r.cells));
      }),
      { numRuns: 1_000, seed: SEED },
    );
    expect(sameLine).toBeGreaterThan(250); // about a third
    console.log(`malformed: 1,000 runs (${sameLine} with the line compared) in ${Math.round(performance.now() - started)} ms`);
  });
});

// ---------------------------------------------------------------------------------------------
// The deliberate differences

describe("CSV reader vs csv-parse: the known, deliberate differences", () => {
  const bytes = (text: string) => [Buffer.from(text)];

  test("a blank line is skipped by ours; csv-parse reads it as a row of one empty cell, or refuses it in a wider file", async () => {
    // csv.ts: "blank lines skipped" — a stray empty line (an editor's, a concatenation's) is no item.
    expect((await ourRows(bytes("a\n\nb\n"))).rows.map((r) => r.cells)).toEqual([["a"], ["b"]]);
    expect(theirRows("a\n\nb\n")).toEqual({ rows: [["a"], [""], ["b"]] });
    expect((await ourRows(bytes("a,b\r\n\r\nc,d\r\n"))).rows.map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(theirRows("a,b\r\n\r\nc,d\r\n")).toMatchObject({ error: { code: "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH" } });
    // A quoted empty cell is no blank line: both read it.
    expect((await ourRows(bytes('a\n""\nb'))).rows.map((r) => r.cells)).toEqual([["a"], [""], ["b"]]);
    expect(theirRows('a\n""\nb')).toEqual({ rows: [["a"], [""], ["b"]] });
  });

  test("ours takes \\n or \\r\\n after each row; csv-parse settles on the first it meets and reads the other as text", async () => {
    expect((await ourRows(bytes("a,b\nc,d\r\ne,f\n"))).rows.map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e", "f"],
    ]);
    expect(theirRows("a,b\nc,d\r\ne,f\n")).toEqual({
      rows: [
        ["a", "b"],
        ["c", "d\r"],
        ["e", "f"],
      ],
    });
    expect((await ourRows(bytes("a\r\nb\nc\r\n"))).rows.map((r) => r.cells)).toEqual([["a"], ["b"], ["c"]]);
    expect(theirRows("a\r\nb\nc\r\n")).toEqual({ rows: [["a"], ["b\nc"]] });
    // After a quoted cell, the other style is even an error to csv-parse.
    expect((await ourRows(bytes('a,b\nc,"d"\r\ne,f\n'))).rows.map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e", "f"],
    ]);
    expect(theirRows('a,b\nc,"d"\r\ne,f\n')).toMatchObject({ error: { code: "CSV_INVALID_CLOSING_QUOTE" } });
  });

  test("a lone \\r is text to ours (outside quotes) or an error (after a closing quote); csv-parse may take it for a line break (old Mac files)", async () => {
    expect((await ourRows(bytes("a\rb\n"))).rows.map((r) => r.cells)).toEqual([["a\rb"]]);
    expect(theirRows("a\rb\n")).toEqual({ rows: [["a"], ["b\n"]] });
    expect((await ourRows(bytes('"a"\rb\n'))).error).toEqual({ line: 1, message: 'a quoted cell ends, then "\\r" follows without "\\n"' });
    expect(theirRows('"a"\rb\n')).toEqual({ rows: [["a"], ["b\n"]] });
    // At the very end of the input a "\r" is taken by ours for a cut "\r\n" (after a quoted cell too);
    // csv-parse keeps it in an unquoted cell, and refuses it after a quoted one.
    expect((await ourRows(bytes('x\r\n"a"\r'))).rows.map((r) => r.cells)).toEqual([["x"], ["a"]]);
    expect(theirRows('x\r\n"a"\r')).toMatchObject({ error: { code: "CSV_INVALID_CLOSING_QUOTE" } });
    expect((await ourRows(bytes("x\r\na\r"))).rows.map((r) => r.cells)).toEqual([["x"], ["a"]]);
    expect(theirRows("x\r\na\r")).toEqual({ rows: [["x"], ["a\r"]] });
  });

  test("a syntax error: ours names the line its row starts on; csv-parse the line of the fault, counting a quoted \\r\\n as two", async () => {
    // The row starts on line 2; the fault is on line 3; csv-parse says 4.
    expect((await ourRows(bytes('id,x\r\n1,"a\r\nb"c\r\n'))).error?.line).toBe(2);
    expect(theirRows('id,x\r\n1,"a\r\nb"c\r\n')).toMatchObject({ error: { code: "CSV_INVALID_CLOSING_QUOTE", lines: 4 } });
    // A quote never closed: ours names the row it opens in, csv-parse the last line.
    expect((await ourRows(bytes('id,x\n1,"a\nb\nc\n'))).error?.line).toBe(2);
    expect(theirRows('id,x\n1,"a\nb\nc\n')).toMatchObject({ error: { code: "CSV_QUOTE_NOT_CLOSED", lines: 4 } });
  });

  test("invalid UTF-8: ours refuses the row (a bad record, reading goes on); csv-parse reads U+FFFD in its place", async () => {
    // The reason csv-parse was replaced (with skipping an oversized row and going on).
    const input = Buffer.concat([Buffer.from("c0\na\n"), Buffer.from([0xff, 0x62]), Buffer.from("\nc\n")]);
    const records: InputRecord[] = [];
    for await (const r of readCsv(feed([input]))) records.push(r);
    expect(records.map((r) => (r.ok ? r.item : r.error))).toEqual([{ c0: "a" }, "not valid UTF-8", { c0: "c" }]);
    expect(parse(input, { bom: true, relax_column_count: false })).toEqual([["c0"], ["a"], ["\ufffdb"], ["c"]]);
  });
});
