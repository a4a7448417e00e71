/** A problem in a spec, located by file, JSON Pointer and (when the loader knows it) line. */
export interface SpecProblem {
  pointer: string;
  message: string;
  line?: number;
  column?: number;
}

export class SpecError extends Error {
  override name = "SpecError";
  constructor(
    readonly file: string,
    readonly problems: readonly SpecProblem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join("\n"));
  }
}

export function formatProblem(file: string, p: SpecProblem): string {
  const where = p.line === undefined ? file : `${file}:${p.line}:${p.column ?? 1}`;
  return `${where} ${p.pointer === "" ? "(document)" : p.pointer}: ${p.message}`;
}
