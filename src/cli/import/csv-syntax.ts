/**
 * CSV syntax (RFC 4180): `,` between cells, `"` around a cell that holds `,`, `"` or a line break,
 * `""` for a quote inside one, `\n` or `\r\n` after a row. Two passes, each linear: `CsvScanner`
 * finds where rows end in the raw bytes (a `\n` outside quotes) and refuses a quote out of place
 * at once — after one, no row boundary could be trusted —; `splitCells` then cuts a row already
 * known to be well formed into its cells. The bytes of a UTF-8 character are never `"`, `,` or
 * `\n`, so the scanner works on bytes and rows are decoded whole.
 */
import type { Scanner } from "./records.js";

const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

// Where the scanner is in a row.
const CELL_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside a quoted cell: the cell ends, or a second quote makes it a literal one. */
const AFTER_QUOTE = 3;
const AFTER_QUOTE_CR = 4;

export class CsvScanner implements Scanner {
  inner = 0;
  private state = CELL_START;
  /** A leading BOM is no cell: its bytes matched so far, among the first bytes of the input seen. */
  private bom = 0;
  private seen = 0;

  scan(chunk: Buffer, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (this.seen < BOM.length && this.seen++ === this.bom && byte === BOM[this.bom]) {
        this.bom++;
        continue;
      }
      switch (this.state) {
        case QUOTED: {
          // Fast path through the cell: to its next quote, counting the line breaks on the way.
          const quote = chunk.indexOf(QUOTE, i);
          const stop = quote === -1 ? chunk.length : quote;
          for (let nl = chunk.indexOf(NEWLINE, i); nl !== -1 && nl < stop; nl = chunk.indexOf(NEWLINE, nl + 1)) this.inner++;
          if (quote === -1) return -1;
          this.state = AFTER_QUOTE;
          i = quote;
          break;
        }
        case AFTER_QUOTE:
          if (byte === QUOTE) this.state = QUOTED;
          else if (byte === COMMA) this.state = CELL_START;
          else if (byte === CR) this.state = AFTER_QUOTE_CR;
          else if (byte === NEWLINE) return this.rowEnd(i);
          else throw new Error(`a quoted cell ends, then ${show(byte)} follows instead of "," or the end of the row`);
          break;
        case AFTER_QUOTE_CR:
          if (byte !== NEWLINE) throw new Error('a quoted cell ends, then "\\r" follows without "\\n"');
          return this.rowEnd(i);
        default: // CELL_START, UNQUOTED
          if (byte === NEWLINE) return this.rowEnd(i);
          if (byte === COMMA) this.state = CELL_START;
          else if (byte === QUOTE) {
            if (this.state === UNQUOTED) throw new Error('a quote inside a cell that does not start with one (quote the whole cell and double the quote: "5\'11""")');
            this.state = QUOTED;
          } else this.state = UNQUOTED;
      }
    }
    return -1;
  }

  private rowEnd(i: number): number {
    this.state = CELL_START;
    return i;
  }

  finish(): void {
    if (this.state === QUOTED) throw new Error("a quote is never closed: the cell it opens runs to the end of the input");
  }
}

const show = (byte: number) => (byte >= 0x20 && byte < 0x7f ? JSON.stringify(String.fromCharCode(byte)) : `byte 0x${byte.toString(16).padStart(2, "0")}`);

/** The cells of one row (without its line break), already checked by CsvScanner. */
export function splitCells(row: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (row.charCodeAt(i) === QUOTE) {
      let value = "";
      let from = i + 1;
      for (;;) {
        const quote = row.indexOf('"', from);
        if (quote === -1) throw new Error("splitCells: a quote is never closed (the row was not scanned)");
        value += row.slice(from, quote);
        if (row.charCodeAt(quote + 1) !== QUOTE) {
          i = quote + 1;
          break;
        }
        value += '"';
        from = quote + 2;
      }
      cells.push(value);
    } else {
      const comma = row.indexOf(",", i);
      const stop = comma === -1 ? row.length : comma;
      cells.push(row.slice(i, stop));
      i = stop;
    }
    if (i >= row.length) return cells;
    i++; // the comma
    if (i === row.length) {
      cells.push("");
      return cells;
    }
  }
}
