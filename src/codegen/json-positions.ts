import { escapeToken, parsePointer } from "./pointer.js";
import { SpecError } from "./spec-error.js";

/**
 * A JSON text parsed with the position of every value, in one pass over the text: JSON.parse for the
 * value, a scanner for the positions (a YAML parser keeps both, at ten times the cost on a 3 MB
 * vendor document). A key repeated in an object is refused, as the YAML reader refuses it: JSON.parse
 * would keep the last one silently. Undefined when the text is not JSON (the YAML reader takes it).
 */
export function parseJsonWithLines(file: string, text: string): { value: unknown; locate(pointer: string): { line: number; column: number } | undefined } | undefined {
  if (!/^\s*[[{]/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const offsets = scan(file, text);
  let lineStarts: number[] | undefined;
  const position = (offset: number) => {
    lineStarts ??= [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  return {
    value,
    locate(pointer) {
      // The deepest value that exists on the way: a missing key is reported where it should be.
      let found = offsets.get("");
      let at = "";
      for (const token of parsePointer(pointer)) {
        at += "/" + escapeToken(token);
        const next = offsets.get(at);
        if (next === undefined) break;
        found = next;
      }
      return found === undefined ? undefined : position(found);
    },
  };
}

/** The offset of every value by its JSON Pointer. The text is valid JSON (JSON.parse took it). */
function scan(file: string, text: string): Map<string, number> {
  const offsets = new Map<string, number>();
  // One frame per open object or array: its pointer, the next index (arrays) or the keys seen (objects).
  const stack: { pointer: string; index: number; keys: Set<string> | undefined }[] = [];
  let pendingKey: string | undefined;
  let i = 0;
  const valueAt = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return "";
    if (top.keys === undefined) return `${top.pointer}/${top.index++}`;
    return `${top.pointer}/${escapeToken(pendingKey!)}`;
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c /* , */ || c === 0x3a /* : */) {
      i++;
    } else if (c === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      while (text.charCodeAt(j) !== 0x22) {
        if (text.charCodeAt(j) === 0x5c) {
          escaped = true;
          j++;
        }
        j++;
      }
      const top = stack[stack.length - 1];
      const isKey = top?.keys !== undefined && pendingKey === undefined;
      if (isKey) {
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (top!.keys!.has(key)) throw new SpecError(file, [{ pointer: `${top!.pointer}/${escapeToken(key)}`, message: `the key "${key}" appears twice in one object`, ...lineOf(text, i) }]);
        top!.keys!.add(key);
        pendingKey = key;
      } else {
        offsets.set(valueAt(), i);
        pendingKey = undefined;
      }
      i = j + 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const pointer = valueAt();
      offsets.set(pointer, i);
      pendingKey = undefined;
      stack.push({ pointer, index: 0, keys: c === 0x7b ? new Set() : undefined });
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      i++;
    } else {
      // A number, true, false or null.
      offsets.set(valueAt(), i);
      pendingKey = undefined;
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    }
  }
  return offsets;
}

function lineOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
