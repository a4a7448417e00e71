import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { xmlShapes } from "../generated/altcraft/xml.js";
import { decodeXml, encodeXml } from "../src/runtime/xml.js";
import { bodiesOf, loadDoc } from "../test/helpers/spec-bodies.js";
import { compare, fmt, printTable } from "./compare.js";

/**
 * Ours (shape-aware) against fast-xml-parser alone on the same document, same process. Encode:
 * XMLBuilder on the same value. Decode: XMLParser alone, and XMLParser after XMLValidator (what a
 * safe decoder must do: the parser alone accepts unclosed tags). "time ×" is our time over theirs.
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
  const cases = [
    ["updateProfile seed", profile, xmlShapes["updateProfile"]!.request!],
    ["updateProfilesBatch, 10,000 items", batch, xmlShapes["updateProfilesBatch"]!.request!],
  ] as const;
  for (const [label, value, body] of cases) {
    const xml = encodeXml(value, body);
    const size = `${(new TextEncoder().encode(xml).length / 1024).toFixed(0)} KiB`;
    const time = label.includes("10,000") ? 2000 : 500;
    const enc = await compare(
      () => encodeXml(value, body),
      () => builder.build({ xml: value }),
      time,
    );
    rows.push([`encode ${label} (${size})`, "XMLBuilder", fmt(enc.ours), fmt(enc.peer), (1 / enc.ratio).toFixed(2) + "×"]);
    const dec = await compare(
      () => decodeXml(xml, body),
      () => parser.parse(xml),
      time,
    );
    rows.push([`decode ${label}`, "XMLParser", fmt(dec.ours), fmt(dec.peer), (1 / dec.ratio).toFixed(2) + "×"]);
    const safe = await compare(
      () => decodeXml(xml, body),
      () => XMLValidator.validate(xml) === true && parser.parse(xml),
      time,
    );
    rows.push([`decode ${label}`, "XMLValidator + XMLParser", fmt(safe.ours), fmt(safe.peer), (1 / safe.ratio).toFixed(2) + "×"]);
  }
  printTable(
    "XML: profilekit (shape-aware) vs fast-xml-parser alone, same document, same process (ops/s; time × = our time / theirs, < 1 is faster)",
    ["operation", "peer", "profilekit", "peer ops/s", "time ×"],
    rows,
  );
}
