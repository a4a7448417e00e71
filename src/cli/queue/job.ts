/**
 * What one BullMQ job holds: one chunk of records, as the producer cut it within the API's limits, with
 * everything a worker needs to send it except the credential and the base URL (each worker's own
 * environment). Read back from Redis, the data is checked before anything is sent: a JSON Pointer
 * names what is wrong.
 */
export interface ChunkJob {
  run: string;
  /** The chunk's number in its run (0, 1, …). */
  chunk: number;
  /** `<api>.<operation>`. */
  target: string;
  /** The request body without its items (never a credential: the producer refuses one). */
  params: Record<string, unknown>;
  format?: "json" | "xml";
  maxItems?: number;
  /** The records, in input order. */
  items: Record<string, unknown>[];
  /** Each record's input index and line, in the same order. */
  at: [index: number, line: number][];
}

/** Job data that is not a ChunkJob: `pointer` says where. */
export class JobDataError extends Error {
  override name = "JobDataError";
  constructor(
    readonly pointer: string,
    expected: string,
  ) {
    super(`job data at ${pointer || "(the root)"}: expected ${expected}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isIndex = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

export function readChunkJob(data: unknown): ChunkJob {
  if (!isObject(data)) throw new JobDataError("", "an object");
  const need = (ok: boolean, pointer: string, expected: string) => {
    if (!ok) throw new JobDataError(pointer, expected);
  };
  need(typeof data.run === "string" && /^[0-9a-f]{24}$/.test(data.run), "/run", "a run id (24 hex digits)");
  need(isIndex(data.chunk), "/chunk", "a chunk number (a whole number ≥ 0)");
  need(typeof data.target === "string", "/target", "<api>.<operation>");
  need(isObject(data.params), "/params", "an object (the request body without its items)");
  need(data.format === undefined || data.format === "json" || data.format === "xml", "/format", '"json" or "xml"');
  need(data.maxItems === undefined || (isIndex(data.maxItems) && data.maxItems > 0), "/maxItems", "a whole number ≥ 1");
  need(Array.isArray(data.items) && data.items.length > 0, "/items", "a non-empty array of records");
  need(Array.isArray(data.at) && data.at.length === (data.items as unknown[]).length, "/at", "one [index, line] per item");
  (data.items as unknown[]).forEach((item, i) => need(isObject(item), `/items/${i}`, "a record (an object)"));
  (data.at as unknown[]).forEach((pair, i) => need(Array.isArray(pair) && pair.length === 2 && isIndex(pair[0]) && isIndex(pair[1]), `/at/${i}`, "[index, line], whole numbers ≥ 0"));
  return data as unknown as ChunkJob;
}
