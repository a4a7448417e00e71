import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { parsePointer } from "./pointer.js";
import { SpecError, type SpecProblem } from "./spec-error.js";

/** A spec parsed from YAML, with a way back from a JSON Pointer to its line in the file. */
export interface LoadedSpec {
  /** The API's name: the folder under specs/ (`altcraft`). */
  api: string;
  /** The path used in messages and file headers, relative to the working directory (`specs/altcraft/openapi.yaml`). */
  file: string;
  document: Record<string, unknown>;
  locate(pointer: string): { line: number; column: number } | undefined;
}

export function parseSpec(api: string, file: string, text: string): LoadedSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SpecError(
      file,
      doc.errors.map((e): SpecProblem => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { pointer: "", message: `YAML: ${e.message.split("\n")[0]}`, line: pos.line, column: pos.col };
      }),
    );
  }
  const document: unknown = doc.toJS({ maxAliasCount: 100 });
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new SpecError(file, [{ pointer: "", message: "expected an OpenAPI document (a YAML mapping) at the top level" }]);
  }
  return {
    api,
    file,
    document: document as Record<string, unknown>,
    locate(pointer) {
      // The deepest node that exists on the way: a missing key is reported where it should be.
      let node: Node | null = doc.contents;
      for (const token of parsePointer(pointer)) {
        let next: unknown = undefined;
        if (isMap(node)) next = node.get(token, true);
        else if (isSeq(node)) next = node.get(Number(token), true);
        if (next === undefined || next === null || typeof next !== "object") break;
        node = next as Node;
      }
      if (!node?.range) return undefined;
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    },
  };
}
