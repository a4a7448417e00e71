/**
 * CSV input (RFC 4180: `,` between cells, `"` quotes, `""` for a quote inside a quoted cell, `\n`
 * or `\r\n` between rows, a leading BOM ignored, blank lines skipped; the syntax in csv-syntax.ts).
 * The first row names the fields; every other row is one item.
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
 * A row with another number of cells than the header, a cell that does not convert, a row that is
 * not valid UTF-8 (never sent with U+FFFD in place of its bytes), or a row over the record limit
 * (records.ts; not held in memory, only measured) is a bad record with its line number: reported,
 * and reading goes on. A CSV syntax error (a stray or unclosed quote) stops reading at its line
 * (an InputError): the rows before it are sent, but after a quoting error no row boundary can be
 * trusted.
 */
import { CsvScanner, splitCells } from "./csv-syntax.js";
import { InputError, type InputRecord, type ReaderOptions } from "./input.js";
import { MAX_RECORD_BYTES, RecordSyntaxError, splitRecords } from "./records.js";

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
const CR = 0x0d;
const utf8 = new TextDecoder("utf-8", { fatal: true });

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

/** Reads CSV records as items, in input order. */
export async function* readCsv(stream: AsyncIterable<Buffer | string>, options: ReaderOptions = {}): AsyncGenerator<InputRecord> {
  const maxBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  let columns: Column[] | undefined;
  try {
    for await (const raw of splitRecords(stream, new CsvScanner(), maxBytes)) {
      const { line, end } = raw;
      if (raw.bytes === undefined) {
        if (columns === undefined) throw new InputError(`the CSV header row is ${raw.size} bytes, more than the limit of ${maxBytes}`);
        yield {
          ok: false,
          error: `the row is ${raw.size} bytes, more than the ${maxBytes} an item may take`,
          text: `${raw.head!.toString("utf8").slice(0, MAX_TEXT)}…`,
          line,
          end,
          tooLarge: { bytes: raw.size, maxBytes },
        };
        continue;
      }
      const bytes = raw.start === 0 && raw.bytes[0] === 0xef && raw.bytes[1] === 0xbb && raw.bytes[2] === 0xbf ? raw.bytes.subarray(3) : raw.bytes;
      if (bytes.length === 0 || (bytes.length === 1 && bytes[0] === CR)) continue; // a blank line
      let text: string;
      try {
        text = utf8.decode(bytes); // whole rows: a character's bytes never straddle two
      } catch {
        if (columns === undefined) throw new InputError("the CSV header row is not valid UTF-8");
        yield { ok: false, error: "not valid UTF-8", text: cut(bytes.toString("latin1")), line, end };
        continue;
      }
      const cells = splitCells(text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text);
      if (columns === undefined) {
        columns = parseHeader(cells);
        continue;
      }
      const result = rowToItem(columns, cells);
      yield "item" in result ? { ok: true, item: result.item, line, end } : { ok: false, error: result.error, text: cut(text), line, end };
    }
  } catch (e) {
    if (!(e instanceof RecordSyntaxError)) throw e;
    throw new InputError(`${columns === undefined ? "the CSV header row" : `CSV line ${e.line}`}: ${e.message}; the rows after it were not read`);
  }
}

const quote = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
const cut = (text: string) => {
  const t = text.replace(/^[\r\n]+/, "").replace(/\r?\n$/, "");
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT)}…` : t;
};
