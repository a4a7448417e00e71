import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { XmlDecodeError } from "../../src/runtime/errors/xml-decode-error.js";
import { decodeXml, encodeXml, plainNumber } from "../../src/runtime/xml.js";
import { loadDoc } from "../helpers/spec-bodies.js";
import { deepSame, expectSame, pointerTokens, resolvePointer, xmlCanonical } from "../helpers/xml-canonical.js";
import { xmlCases, type XmlCase } from "./bodies.js";

// The seed pages' XML examples (kept in specs/altcraft/openapi.yaml under the application/xml
// media types) against their JSON examples, and the seed's malformed answer. The pages' XML blocks
// are verbatim copies in test/fixtures/seeds/ (its README says which page and section each comes from).

const fixtures = "test/fixtures/seeds";
const doc = loadDoc("altcraft") as any;

/** The examples (name → value) of an operation's request or 200 answer in one media type. */
function examplesOf(c: XmlCase, media: "application/json" | "application/xml"): [string, unknown][] {
  let found: any;
  for (const item of Object.values(doc.paths as Record<string, any>)) {
    for (const op of Object.values(item as Record<string, any>)) if (op?.operationId === c.operationId) found = op;
  }
  if (!found) throw new Error(`no operation ${c.operationId}`);
  const content = c.direction === "request" ? found.requestBody?.content : found.responses?.["200"]?.content;
  return Object.entries(content?.[media]?.examples ?? {}).map(([name, e]: [string, any]) => [name, e.value]);
}

const xmlExamples = xmlCases.flatMap((c) => examplesOf(c, "application/xml").map(([name, text]) => ({ c, name, text: text as string })));

/** The seed XML blocks, one per fixture file: the page, the section of the page it is the XML example of. */
const SEED_BLOCKS = {
  "altcraft-update-request.xml": { page: "profiles-update.en.txt", section: "request" },
  "altcraft-update-response.malformed.xml": { page: "profiles-update.en.txt", section: "response" },
  "altcraft-batch-request.xml": { page: "profiles-update-batch.en.txt", section: "request" },
  "altcraft-batch-response.xml": { page: "profiles-update-batch.en.txt", section: "response" },
} as const;

/** A seed page's `<xml>…</xml>` block, as the page prints it (the fixture file without its final newline). */
function seedXmlBlock(file: keyof typeof SEED_BLOCKS): string {
  const text = readFileSync(`${fixtures}/${file}`, "utf8");
  if (!text.endsWith("</xml>\n")) throw new Error(`${fixtures}/${file}: expected one <xml>…</xml> block and a final newline`);
  return text.slice(0, -1);
}

const lines = (text: string): string[] =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");

test("every Altcraft body with an XML shape has an application/xml example", () => {
  expect(xmlExamples.map(({ c, name }) => `${c.name} ${name}`)).toEqual([
    "updateProfile request seed",
    "updateProfilesBatch request seed",
    "updateProfile response seed",
    "updateProfilesBatch response seed",
  ]);
});

describe.each(xmlExamples)("$c.name, XML example $name", ({ c, text }) => {
  test("decodes with the operation's shape into a value the generated validator accepts", () => {
    const value = decodeXml(text, c.body);
    expect(c.validate(value)).toEqual({ ok: true, value });
  });

  test("re-encodes into XML that decodes to the same value", () => {
    const value = decodeXml(text, c.body);
    const again = encodeXml(value, c.body);
    expectSame(decodeXml(again, c.body), value);
  });
});

test("the seed fixtures are the pages' XML blocks: one block per file, each with its page and section in the fixtures' README", () => {
  expect(
    readdirSync(fixtures)
      .filter((f) => f.endsWith(".xml"))
      .sort(),
  ).toEqual(Object.keys(SEED_BLOCKS).sort());
  const readme = readFileSync(`${fixtures}/README.md`, "utf8").split("\n");
  for (const [file, { page, section }] of Object.entries(SEED_BLOCKS)) {
    const text = seedXmlBlock(file as keyof typeof SEED_BLOCKS);
    expect(
      [...text.matchAll(/<xml>[\s\S]*?<\/xml>/g)].map((m) => m[0]),
      file,
    ).toEqual([text]);
    // The README's table row: the page (named on the row, or on the row above with "the same page") and the section.
    const row = readme.findIndex((l) => l.startsWith(`| \`${file}\` |`));
    expect(row, `${file} in the README's table`).toBeGreaterThan(0);
    expect(readme[row], file).toContain(section === "request" ? '"Request example", XML tab' : '"Response example", XML tab');
    expect(readme[row]!.includes(page) || (readme[row]!.includes("the same page") && readme[row - 1]!.includes(page)), `${file} comes from ${page}`).toBe(true);
  }
});

test("the spec's XML examples are the seed pages' text (the answer with its closing tag fixed)", () => {
  const spec = (name: string): string => xmlExamples.find((e) => e.c.name === name)!.text;
  expect(lines(spec("updateProfile request"))).toEqual(lines(seedXmlBlock("altcraft-update-request.xml")));
  expect(lines(spec("updateProfilesBatch request"))).toEqual(lines(seedXmlBlock("altcraft-batch-request.xml")));
  expect(lines(spec("updateProfilesBatch response"))).toEqual(lines(seedXmlBlock("altcraft-batch-response.xml")));
  const answerFixed = seedXmlBlock("altcraft-update-response.malformed.xml").replace("axe9<profile_id>", "axe9</profile_id>");
  expect(lines(spec("updateProfile response"))).toEqual(lines(answerFixed));
});

// ------------------------------------------------------------------ XML example vs JSON example

interface Difference {
  /** JSON Pointer into both examples. */
  path: string;
  /** "different": the two examples show different data there (either may lack it). "as-text": the JSON number is XML text, kept as a string at a free-form position. */
  kind: "different" | "as-text";
  reason: string;
}

/**
 * Where the seed's XML example does not show the same thing as its JSON example, on purpose.
 * Everything else must be deep-equal.
 */
const DIFFERENCES: Record<string, Difference[]> = {
  "updateProfile request": [
    // The XML example updates another profile: only token, db_id, matching, email, detect_geo and
    // the data fields that happen to match (email, _os, _browser) are meant to be the same.
    { path: "/data/_fname", kind: "different", reason: "another profile: FirstName in XML, Olly in JSON" },
    { path: "/data/_lname", kind: "different", reason: "another profile: LastName in XML, Lambert in JSON" },
    { path: "/data/_bdate", kind: "different", reason: "another profile: a date (1990-07-06) in XML, a date-time (1990-02-22T21:00:00Z) in JSON" },
    { path: "/data/_regdate", kind: "different", reason: "another profile: a date (2023-07-06) in XML, a date-time (2019-03-14T22:00:00Z) in JSON" },
    { path: "/data/_ip", kind: "different", reason: "another profile: 192.168.0.179 in XML, 94.231.119.122 in JSON" },
    { path: "/data/_regip", kind: "different", reason: "only the JSON example sends the registration IP" },
    { path: "/data/_tz", kind: "different", reason: "only the JSON example sends the time zone" },
    { path: "/data/_postal_code", kind: "different", reason: "another profile: 1230000 in XML, 390000 in JSON" },
    { path: "/data/_sex", kind: "different", reason: "the XML example sends the word female, the JSON one the code 0" },
    { path: "/data/_vendor", kind: "different", reason: "another lead source: 9 in XML, form_#31 in JSON" },
    { path: "/data/phones", kind: "different", reason: "another phone: +79511059000 in XML, +79000000000 in JSON" },
    { path: "/data/subscriptions", kind: "different", reason: "other subscriptions: two email ones (resources 29, 28) in XML, six channels with custom_fields and cats in JSON" },
    { path: "/data/custom_field", kind: "different", reason: "only the JSON example sends a custom field" },
  ],
  "updateProfilesBatch request": [
    { path: "/data/0/Custom_ID", kind: "as-text", reason: 'custom fields are free-form: the XML text 77 stays the string "77" (the JSON has the number 77)' },
    { path: "/data/1/_fname", kind: "different", reason: "the seed's second profile is Alex in XML, Victor in JSON" },
    { path: "/data/1/Custom_ID", kind: "different", reason: "the seed's second profile has Custom_ID 345 in XML, 88 in JSON" },
  ],
  "updateProfile response": [{ path: "/profile_id", kind: "different", reason: "the two answers show different profile ids (c1are24fu213lwith21that2axe9 in XML)" }],
  "updateProfilesBatch response": [],
};

/** A deep copy of `v` without what `paths` designate (object keys only). */
function without(v: unknown, paths: readonly string[]): unknown {
  const copy = structuredClone(v);
  for (const p of paths) {
    const { parent, key, found } = resolvePointer(copy, p);
    if (found && typeof parent === "object" && parent !== null && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key];
  }
  return copy;
}

describe.each(xmlCases)("$name: the XML example against the JSON example", (c) => {
  const json = examplesOf(c, "application/json");
  const xml = examplesOf(c, "application/xml");
  const differences = DIFFERENCES[c.name]!;

  test("both formats have the seed example", () => {
    expect(json.map(([n]) => n)).toContain("seed");
    expect(xml.map(([n]) => n)).toContain("seed");
  });

  const jsonSeed = json.find(([n]) => n === "seed")?.[1];
  const xmlSeed = xml.find(([n]) => n === "seed")?.[1] as string;

  test("deep-equal except where listed, each listed place really differing as stated", () => {
    const decoded = decodeXml(xmlSeed, c.body);
    for (const d of differences) {
      expect(pointerTokens(d.path).length, d.path).toBeGreaterThan(0);
      const inXml = resolvePointer(decoded, d.path);
      const inJson = resolvePointer(jsonSeed, d.path);
      if (d.kind === "as-text") {
        expect(typeof inJson.value, `${d.path}: ${d.reason}`).toBe("number");
        expect(inXml.value, `${d.path}: ${d.reason}`).toBe(plainNumber(inJson.value as number, d.path));
      } else {
        expect(inXml.found || inJson.found, `${d.path} is in neither example`).toBe(true);
        expect(inXml.found && inJson.found && deepSame(inXml.value, inJson.value), `${d.path} is listed as differing but is the same: ${d.reason}`).toBe(false);
      }
    }
    const listed = differences.map((d) => d.path);
    expectSame(without(decoded, listed), without(jsonSeed, listed), "the XML example (listed differences aside)");
  });

  if (c.name === "updateProfile request") {
    test("what the two examples mean to share is shared: token, db_id, matching, email, detect_geo", () => {
      const decoded = decodeXml(xmlSeed, c.body) as Record<string, unknown>;
      const j = jsonSeed as Record<string, unknown>;
      for (const k of ["token", "db_id", "matching", "email", "detect_geo"]) expect(decoded[k], k).toEqual(j[k]);
    });
  }

  test("the JSON example, encoded as XML, decodes back to itself (as XML carries it) and re-encodes byte for byte", () => {
    const x = encodeXml(jsonSeed, c.body);
    const back = decodeXml(x, c.body);
    expectSame(back, xmlCanonical(jsonSeed, c.body.shape));
    expect(c.validate(back)).toEqual({ ok: true, value: back });
    expect(encodeXml(back, c.body)).toBe(x);
    // Only the free-form numbers become text: the batch's Custom_ID 77 and 88.
    const asText = c.name === "updateProfilesBatch request" ? ["/data/0/Custom_ID", "/data/1/Custom_ID"] : [];
    for (const p of asText) expect(resolvePointer(back, p).value, p).toBe(String(resolvePointer(jsonSeed, p).value));
    expectSame(without(back, asText), without(jsonSeed, asText), "the JSON example after the trip");
  });
});

// ------------------------------------------------------------------ the seed's malformed answer

test("the seed's malformed answer (<profile_id> closed by another <profile_id>) is refused with its line and column", () => {
  const text = seedXmlBlock("altcraft-update-response.malformed.xml");
  expect(text).toContain("<profile_id>c1are24fu213lwith21that2axe9<profile_id>");

  let error: unknown;
  try {
    decodeXml(text, xmlCases.find((c) => c.name === "updateProfile response")!.body);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(XmlDecodeError);
  const e = error as XmlDecodeError;
  expect(e.reason).toMatch(/profile_id/);
  expect(e.line).toEqual(expect.any(Number));
  expect(e.column).toEqual(expect.any(Number));
  // The place: where the unclosed <profile_id> opens, or the </xml> that meets it still open.
  const at = (index: number): [number, number] => {
    const before = text.slice(0, index);
    return [before.split("\n").length, index - before.lastIndexOf("\n")];
  };
  const places = [at(text.lastIndexOf("<profile_id>")), at(text.lastIndexOf("</xml>"))];
  expect(places).toContainEqual([e.line, e.column]);
  expect(e.message).toContain(`line ${e.line}, column ${e.column}`);
});
