import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { xmlShapes } from "../generated/altcraft/xml.js";
import { decodeXml, encodeXml, xmlItemEncoder } from "../src/runtime/xml.js";
import { bodiesOf, loadDoc } from "../test/helpers/spec-bodies.js";
import { compare, fmt, printTable } from "./compare.js";

/**
 * Ours (compiled per shape) against fast-xml-parser alone on the same document, same process.
 * Encode: XMLBuilder on the same value; the batch's items one by one (xmlItemEncoder, the batch
 * engine's writer) against XMLBuilder building the same elements. Decode: XMLParser alone, and
 * XMLParser after XMLValidator (what a safe decoder must do: the parser alone accepts unclosed
 * tags). "time ×" is our time over theirs; "target" is issue 14's, for the rows it sets one.
 */
export async function benchXml(): Promise<void> {
  const doc = loadDoc("altcraft");
  const seed = (op: string) => bodiesOf("altcraft", doc).find((b) => b.operationId === op && b.direction === "request")!.examples[0]![1] as Record<string, unknown>;
  const profile = seed("updateProfile");
  const batchSeed = seed("updateProfilesBatch") as { data: Record<string, unknown>[] };
  // The seed batch's first profile (with its subscription), 10,000 times with its own Custom_ID and email.
  const batch = { ...batchSeed, data: Array.from({ length: 10_000 }, (_, i) => ({ ...batchSeed.data[0]!, Custom_ID: i, email: `user${i}@example.com` })) };
  const builder = new XMLBuilder({ ignoreAttributes: false });
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false });
  const rows: string[][] = [];
  const row = (operation: string, peer: string, r: { ours: number; peer: number; ratio: number }, target = "") =>
    rows.push([operation, peer, fmt(r.ours), fmt(r.peer), (1 / r.ratio).toFixed(2) + "×", target]);
  const cases = [
    ["updateProfile seed", profile, xmlShapes["updateProfile"]!.request!],
    ["updateProfilesBatch, 10,000 items", batch, xmlShapes["updateProfilesBatch"]!.request!],
  ] as const;
  for (const [label, value, body] of cases) {
    const isBatch = label.includes("10,000");
    const xml = encodeXml(value, body);
    const size = `${(new TextEncoder().encode(xml).length / 1024).toFixed(0)} KiB`;
    const time = isBatch ? 2000 : 500;
    // A batch call takes a tenth of a second or more: 64 of them per task and round made the run last many minutes.
    const iterations = isBatch ? 8 : undefined;
    const enc = await compare(
      () => encodeXml(value, body),
      () => builder.build({ xml: value }),
      time,
      3,
      iterations,
    );
    // Before: 0.35× on the seed, 0.72× on the batch (bench/README.md, 2026-11-23).
    row(`encode ${label} (${size})`, "XMLBuilder", enc, isBatch ? "≤ 0.33×" : "≤ 0.35×");
    if (isBatch) {
      const item = xmlItemEncoder(body, "data");
      const each = await compare(
        () => batch.data.map(item),
        () => batch.data.map((p) => builder.build({ data: p })),
        time,
        3,
        iterations,
      );
      row("encode the 10,000 items one by one (xmlItemEncoder)", "XMLBuilder per item", each);
    }
    const dec = await compare(
      () => decodeXml(xml, body),
      () => parser.parse(xml),
      time,
      3,
      iterations,
    );
    row(`decode ${label}`, "XMLParser", dec, "≤ 1.00×");
    const safe = await compare(
      () => decodeXml(xml, body),
      () => XMLValidator.validate(xml) === true && parser.parse(xml),
      time,
      3,
      iterations,
    );
    row(`decode ${label}`, "XMLValidator + XMLParser", safe);
  }
  printTable(
    "XML: profilekit (compiled per shape) vs fast-xml-parser alone, same document, same process (ops/s; time × = our time / theirs, < 1 is faster)",
    ["operation", "peer", "profilekit", "peer ops/s", "time ×", "target"],
    rows,
  );
}
