import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { parseJsonWithLines } from "./json-positions.js";
import { parsePointer } from "./pointer.js";
import { SpecError, type SpecProblem } from "./spec-error.js";

/** A spec parsed from YAML, with a way back from a JSON Pointer to its line in the file. */
export interface LoadedSpec {
  /** The API's name: the folder under specs/ (`altcraft`), or the key under `apis` in profilekit.config.*. */
  api: string;
  /** The path used in messages and file headers, relative to the working directory (`specs/altcraft/openapi.yaml`). */
  file: string;
  document: Record<string, unknown>;
  locate(pointer: string): { line: number; column: number } | undefined;
  /**
   * What loading did to the document that the generator should tell (`converted from Swagger 2.0 by
   * swagger2openapi 7.0.8`); each is printed as `note: <file>: <note>`. Empty for a spec used as written.
   */
  notes: string[];
}

/** A YAML (or JSON: JSON is YAML) text parsed with the position of every node: what specs, overlays and configs are read with. */
export interface ParsedYaml {
  value: unknown;
  /** The line and column of the node at `pointer`, or of the deepest node on the way when it does not exist. */
  locate(pointer: string): { line: number; column: number } | undefined;
}

/** Parses YAML keeping positions; a syntax error or a repeated key is a SpecError at the document with its line. */
export function parseYamlWithLines(file: string, text: string): ParsedYaml {
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
  return {
    value: doc.toJS({ maxAliasCount: 100 }) as unknown,
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

/** One file's spec as written (no bundling, conversion or overlays: `loadApi` in input/load-api.ts does those). */
export function parseSpec(api: string, file: string, text: string): LoadedSpec {
  const { value: document, locate } = parseJsonWithLines(file, text) ?? parseYamlWithLines(file, text);
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new SpecError(file, [{ pointer: "", message: "expected an OpenAPI document (a YAML mapping) at the top level" }]);
  }
  return { api, file, document: document as Record<string, unknown>, locate, notes: [] };
}
