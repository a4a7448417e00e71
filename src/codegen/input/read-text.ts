import { readFile } from "node:fs/promises";
import { SpecError, type SpecProblem } from "../spec-error.js";

/**
 * A spec, overlay or config file's text; a file that is missing or unreadable is a SpecError naming
 * it (`file`, as messages name it), built by `error` (OverlayError for overlays).
 */
export async function readText(absolutePath: string, file: string, error = (problems: SpecProblem[]): SpecError => new SpecError(file, problems)): Promise<string> {
  try {
    return await readFile(absolutePath, "utf8");
  } catch (e) {
    const missing = e instanceof Error && "code" in e && e.code === "ENOENT";
    throw error([{ pointer: "", message: missing ? "no such file" : `could not read it: ${e instanceof Error ? e.message : String(e)}` }]);
  }
}
