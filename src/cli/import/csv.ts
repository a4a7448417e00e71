/**
 * CSV input, read with csv-parse (RFC 4180: `,` between cells, `"` quotes, `""` for a quote inside
 * a quoted cell, `\n` or `\r\n` between rows, a leading BOM ignored, blank lines skipped). The first
 * row names the fields; every other row is one item.
 *
 * ## Column names
 *
 * - Dots nest: `a.b` gives `{"a": {"b": …}}`. A segment of digits (after the first) is an array
 *   position: `subscriptions.0.channel`, `subscriptions.0.email`, `subscriptions.1.channel` give
 *   `{"subscriptions": [{"channel": …, "email": …}, {"channel": …}]}`.
 * - A type suffix converts the cell: `:string` (the default: no suffix), `:number`, `:boolean`
 *   (`true`/`false`/`1`/`0`, any case), `:json` (the cell is JSON: an object, an array, `null`,
 *   `""`). Without a suffix a cell is sent as text: `00123` stays `"00123"`, `true` stays `"true"`.
 *   Example header: `Custom_ID,_fname,visits:number,subscriptions.0.channel,subscriptions.0.email,subscriptions.0.resource_id:number,tags:json`.
 * - A name may not hold `:` other than for the suffix, nor empty segments (`a..b`). A name may not
 *   be both a value and a container (`a` and `a.b`), nor a container both an object and an array
 *   (`a.0` and `a.x`); names may not repeat. A header that breaks these rules stops the import.
 *
 * ## Cells
 *
 * - An empty cell is left out: the field is not sent, so the stored value is kept. To send an empty
 *   string or null, use a `:json` column with `""` or `null`.
 * - An object none of whose cells is filled is left out; array positions left out close up
 *   (cells for positions 0 and 2 only give a two-element array).
 *
 * ## Bad rows
 *
 * A row with another number of cells than the header, or a cell that does not convert, is a bad
 * record with its line number: reported, and reading goes on. A CSV syntax error (a stray or
 * unclosed quote) stops reading at its line (an InputError): the rows before it are sent, but
 * after a quoting error csv-parse cannot be trusted to split the rest into the right rows.
 */
import { pipeline, type Readable } from "node:stream";
import { parse, type CsvError, type InfoRecord, type Options } from "csv-parse";
import { InputError, type InputRecord } from "./input.js";

export type CellType = "string" | "number" | "boolean" | "json";

export interface Column {
  name: string;
  /** Object keys and array positions (numbers). */
  path: (string | number)[];
  type: CellType;
}

const TYPES: readonly CellType[] = ["string", "number", "boolean", "json"];
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const MAX_TEXT = 200;

/** The columns of a header row; throws InputError for a header that breaks the convention. */
export function parseHeader(names: readonly string[]): Column[] {
  const columns = names.map((raw, i): Column => {
    const where = `CSV header, column ${i + 1} (${JSON.stringify(raw)})`;
    const colon = raw.lastIndexOf(":");
    const name = colon === -1 ? raw : raw.slice(0, colon);
    const type = colon === -1 ? "string" : raw.slice(colon + 1);
    if (!(TYPES as readonly string[]).includes(type)) throw new InputError(`${where}: unknown type suffix ":${type}" (expected :string, :number, :boolean or :json)`);
    if (name.includes(":")) throw new InputError(`${where}: a name holds ":" only before its type suffix`);
    const segments = name.split(".");
    if (segments.some((s) => s === "")) throw new InputError(`${where}: empty name or name segment`);
    return { name: raw, path: segments.map((s, k) => (k > 0 && /^[0-9]+$/.test(s) ? Number(s) : s)), type: type as CellType };
  });
  // Every path prefix is a container of one kind; no leaf is a container; no name twice.
  const containers = new Map<string, "object" | "array">();
  const leaves = new Map<string, string>();
  for (const c of columns) {
    const key = c.path.join(".");
    const other = leaves.get(key);
    if (other !== undefined) throw new InputError(`CSV header: columns ${JSON.stringify(other)} and ${JSON.stringify(c.name)} name the same field`);
    leaves.set(key, c.name);
    for (let k = 1; k < c.path.length; k++) {
      const prefix = c.path.slice(0, k).join(".");
      const kind = typeof c.path[k] === "number" ? "array" : "object";
      const seen = containers.get(prefix);
      if (seen !== undefined && seen !== kind) throw new InputError(`CSV header: ${JSON.stringify(prefix)} is used both as an array (positions) and as an object (keys)`);
      containers.set(prefix, kind);
    }
  }
  for (const [key, name] of leaves) if (containers.has(key)) throw new InputError(`CSV header: column ${JSON.stringify(name)} is a value, but other columns nest under ${JSON.stringify(key)}`);
  return columns;
}

/** One row as an item, or the text of its problem. */
export function rowToItem(columns: readonly Column[], cells: readonly string[]): { item: Record<string, unknown> } | { error: string } {
  if (cells.length !== columns.length) return { error: `the row has ${cells.length} cells, the header ${columns.length}` };
  const item: Record<string, unknown> = {};
  const arrays: unknown[][] = [];
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const converted = convert(cells[i]!, column.type);
    if (converted === undefined) continue;
    if ("error" in converted) return { error: `column ${JSON.stringify(column.name)}: ${converted.error}` };
    let node: Record<string | number, unknown> = item;
    for (let k = 0; k < column.path.length - 1; k++) {
      const key = column.path[k]!;
      if (node[key] === undefined) {
        const child = typeof column.path[k + 1] === "number" ? [] : {};
        if (Array.isArray(child)) arrays.push(child);
        node[key] = child;
      }
      node = node[key] as Record<string | number, unknown>;
    }
    node[column.path.at(-1)!] = converted.value;
  }
  // Close up the positions left out (filter skips holes), keeping each array's identity.
  for (const array of arrays) {
    const dense = array.filter(() => true);
    array.length = 0;
    array.push(...dense);
  }
  return { item };
}

function convert(cell: string, type: CellType): { value: unknown } | { error: string } | undefined {
  if (cell === "") return undefined;
  if (type === "string") return { value: cell };
  const text = cell.trim();
  if (text === "") return undefined;
  if (type === "number") return NUMBER.test(text) ? { value: Number(text) } : { error: `${quote(text)} is not a number` };
  if (type === "boolean") {
    const lower = text.toLowerCase();
    if (lower === "true" || lower === "1") return { value: true };
    if (lower === "false" || lower === "0") return { value: false };
    return { error: `${quote(text)} is not a boolean (true, false, 1 or 0)` };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: `${quote(text)} is not JSON (${(e as Error).message})` };
  }
}

interface Row {
  seq: number;
  cells: string[];
  /** csv-parse's line count at the end of the record. */
  lines: number;
  end: number;
  raw: string;
}

/** Reads CSV records as items, in input order. */
export async function* readCsv(stream: Readable): AsyncGenerator<InputRecord> {
  let seq = 0;
  let syntaxError: { seq: number; code: string; message: string; line: number } | undefined;
  const options: Options<Row, { record: string[] }> = {
    bom: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // Records before a syntax error still come out (without this, the error destroys the stream
    // with them still buffered); the error itself stops the reading below.
    skip_records_with_error: true,
    on_record: (record: { record: string[] }, context: InfoRecord): Row => ({ seq: seq++, cells: record.record, lines: context.lines, end: context.bytes, raw: context.raw ?? "" }),
    on_skip: (error: CsvError | undefined) => {
      syntaxError ??= { seq: seq++, code: error?.code ?? "", message: error?.message ?? "unreadable row", line: typeof error?.lines === "number" ? error.lines : 0 };
      return undefined;
    },
  };
  const parser = parse(options as unknown as Options); // with `raw`, on_record gets { record, raw }: the typings do not model it
  pipeline(stream, parser, () => {}); // errors reach the loop below through the parser
  const stop = (e: NonNullable<typeof syntaxError>): never => {
    parser.destroy();
    const where =
      columns === undefined ? "the CSV header row" : e.code === "CSV_QUOTE_NOT_CLOSED" ? `CSV after line ${lastLine}: a quote is never closed` : `CSV line ${e.line - drift}`;
    throw new InputError(`${where}: ${e.message.replace(/ at line \d+/, "")}; the rows after it were not read`);
  };
  let columns: Column[] | undefined;
  // csv-parse counts a CRLF inside a quoted cell as two lines: `drift` takes those back.
  let drift = 0;
  let lastLine = 1;
  for await (const value of parser) {
    const row = value as Row;
    if (syntaxError && syntaxError.seq < row.seq) stop(syntaxError);
    drift += count(row.cells, /\r\n/g);
    lastLine = row.lines - drift;
    const line = lastLine - count(row.cells, /\r\n|\r|\n/g);
    if (columns === undefined) {
      columns = parseHeader(row.cells);
      continue;
    }
    const result = rowToItem(columns, row.cells);
    yield "item" in result ? { ok: true, item: result.item, line, end: row.end } : { ok: false, error: result.error, text: cut(row.raw), line, end: row.end };
  }
  if (syntaxError) stop(syntaxError);
}

/** Line breaks (or whatever `pattern` matches) in the cells of a row. */
function count(cells: readonly string[], pattern: RegExp): number {
  let n = 0;
  for (const cell of cells) if (cell.length > 0) n += cell.match(pattern)?.length ?? 0;
  return n;
}

const quote = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
const cut = (text: string) => {
  const t = text.replace(/^[\r\n]+/, "").replace(/\r?\n$/, "");
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT)}…` : t;
};
