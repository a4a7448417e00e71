import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { XmlEncodeError } from "../../src/runtime/errors/xml-encode-error.js";
import { decodeXml, encodeXml, type XmlBody } from "../../src/runtime/xml.js";
import { validValue } from "../helpers/schema-arbitrary.js";
import { loadDoc } from "../helpers/spec-bodies.js";
import { deepSame, expectSame, noNotes, plainForXml, problemsAt, repairForXml, xmlCanonical, xmlProblems, type CanonicalNotes, type XmlProblemKind } from "../helpers/xml-canonical.js";
import { namedFieldLost, xmlCases, type Validate } from "./bodies.js";

// Every valid body, through the vendor's XML and back: it comes back as what XML can carry
// (xmlCanonical, test/helpers/xml-canonical.ts), or encodeXml refuses it at a place XML cannot
// carry. And its "plain" form (free-form positions holding text, no union-position ambiguity)
// comes back as itself. The two properties share their runs: generating and decoding the bodies
// is most of the time this file takes.

const RUNS = 10_000;
const doc = loadDoc("altcraft");

/** What the runs met, for the report (printed) and for a floor on coverage (asserted). */
interface Tally {
  runs: number;
  /** Values encodeXml refused, by the first place XML cannot carry. */
  refused: Record<XmlProblemKind, number>;
  /** Runs whose value (as sent: repaired when refused) had the note; each run counted once per note. */
  notes: CanonicalNotes;
  /** Runs where the decoded value had to be valid (none of the excuses below; repaired values included). */
  validityChecked: number;
  /** …of which had a free-form number, boolean or null read back as text. */
  validWithAnyScalar: number;
  /** Decoded value invalid, excused: a union-position string read as a number, or the field that field_name names lost. */
  invalidAfterTrip: number;
  /** Plain forms checked; those that differ from the value sent make a trip of their own (the others made it already). */
  plain: number;
  plainTrips: number;
  /** …of which were written otherwise than `v` (so decoded on their own). */
  plainDecodes: number;
  /** Values written with a name that is an XML name but not a portable one (astral, U+1680, U+FEFF). */
  optionalNamesWritten: number;
}

const newTally = (): Tally => ({
  runs: 0,
  refused: { text: 0, name: 0, "nested-array": 0, "not-finite": 0 },
  notes: noNotes(),
  validityChecked: 0,
  validWithAnyScalar: 0,
  invalidAfterTrip: 0,
  plain: 0,
  plainTrips: 0,
  plainDecodes: 0,
  optionalNamesWritten: 0,
});

/** What a trip made: the bytes, the value read back, the keys xmlCanonical left out (empty arrays). */
interface Trip {
  x: string;
  back: unknown;
  dropped: Set<string>;
}

/**
 * encode → decode gives xmlCanonical(v); re-encoding the decoded value gives the same bytes; the
 * value stays valid.
 */
function roundTrip(v: unknown, b: XmlBody, validate: Validate, tally: Tally, encoded?: string): Trip {
  const notes = noNotes();
  const dropped = new Set<string>();
  const expected = xmlCanonical(v, b.shape, notes, dropped);
  for (const k of Object.keys(notes) as (keyof CanonicalNotes)[]) if (notes[k] > 0) tally.notes[k]++;

  const x = encoded ?? encodeXml(v, b);
  const back = decodeXml(x, b);
  expectSame(back, expected);

  // Idempotent re-encoding, byte for byte. Only a string at a union position whose text the
  // runtime writes otherwise once read as a number ("007" at [integer, string] → 7 → "7") may
  // change the bytes, once: the second trip is then byte-identical.
  const again = encodeXml(back, b);
  if (notes.unionTextChanged === 0) {
    if (again !== x) expect(again, "encodeXml(decodeXml(x)) === x").toBe(x);
  } else {
    const third = encodeXml(decodeXml(again, b), b);
    if (third !== again) expect(third, "the second trip is byte-identical").toBe(again);
  }

  // The trip keeps the value valid, free-form numbers/booleans/null turned into text included
  // (custom fields take strings), unless it read a union position's string as a number (status
  // "-5" → -5, below its minimum) or lost the field that field_name names (an empty array is no
  // element at all).
  const valid = validate(back).ok;
  if (notes.unionString === 0 && !namedFieldLost(v, dropped)) {
    if (notes.anyScalar > 0) tally.validWithAnyScalar++;
    tally.validityChecked++;
    if (!valid) expect(validate(back), "the value is still valid after the trip").toEqual({ ok: true });
  } else if (!valid) tally.invalidAfterTrip++;
  return { x, back, dropped };
}

/**
 * The plain form of `v` (free-form scalars as text, free-form empty things as "", declared empty
 * arrays left out, union-position strings that read as another type given a "_") is still valid
 * and comes back from XML as itself. When it is `v` itself, the trip `v` made already showed it;
 * when its XML is the bytes `v` was sent as (free-form numbers are written as their text), the
 * value read back is the one `v`'s trip read (decodeXml depends on the bytes only).
 */
function plainTrip(v: unknown, trip: Trip, b: XmlBody, validate: Validate, tally: Tally): void {
  tally.plain++;
  const p = plainForXml(v, b.shape);
  if (deepSame(p, v)) return;
  tally.plainTrips++;
  if (!namedFieldLost(v, trip.dropped) && !validate(p).ok) expect(validate(p), "the plain form is still valid").toEqual({ ok: true });
  const x = encodeXml(p, b);
  if (x !== trip.x) tally.plainDecodes++;
  expectSame(x === trip.x ? trip.back : decodeXml(x, b), p, "the plain form after the trip");
}

describe.each(xmlCases)("$name", ({ schema, body: b, validate }) => {
  test(`decode(encode(v)) is xmlCanonical(v), or encodeXml refuses a place XML cannot carry; v's plain form comes back as itself (${RUNS} runs)`, () => {
    const tally = newTally();
    fc.assert(
      fc.property(validValue(doc, schema), (v) => {
        tally.runs++;
        if (!validate(v).ok) expect.fail(`the generator gave an invalid value: ${JSON.stringify(v)}`);
        const problems = xmlProblems(v, b.shape);
        let refused: XmlEncodeError | undefined;
        let x: string | undefined;
        try {
          x = encodeXml(v, b);
        } catch (e) {
          if (!(e instanceof XmlEncodeError)) throw e;
          refused = e;
        }
        const required = problems.filter((p) => !p.optional);
        if (!refused) {
          if (required.length > 0) expect.fail(`encodeXml accepted a value holding what XML cannot carry: ${JSON.stringify(required)}`);
          if (problems.length > 0) tally.optionalNamesWritten++;
          plainTrip(v, roundTrip(v, b, validate, tally, x), b, validate, tally);
          return;
        }
        // The path designates, in the value itself, a string with a character XML 1.0 cannot
        // carry, a key that cannot be an element name, or an array directly inside an array; and
        // it is the first such place in document order (the encoder stops at the first), names
        // the encoder may write (optional problems) aside.
        const kinds = problemsAt(v, refused.path);
        const index = problems.findIndex((p) => p.path === refused.path);
        const first = problems[index];
        if (kinds.length === 0 || first === undefined || !kinds.includes(first.kind) || problems.slice(0, index).some((p) => !p.optional)) {
          expect.fail(`XmlEncodeError at ${JSON.stringify(refused.path)} (${refused.reason}): found there ${JSON.stringify(kinds)}, problems ${JSON.stringify(problems)}`);
        }
        tally.refused[first.kind]++;
        // The same value with those places repaired (optional names renamed too) makes the trip.
        const repaired = repairForXml(v, b.shape);
        const left = xmlProblems(repaired, b.shape);
        if (left.length > 0) expect(left, "problems left after repairForXml").toEqual([]);
        plainTrip(repaired, roundTrip(repaired, b, validate, tally), b, validate, tally);
      }),
      { numRuns: RUNS },
    );
    console.info(`${schema}: ${JSON.stringify(tally)}`);
    expect(tally.runs).toBeGreaterThanOrEqual(RUNS);
    // The runs reach both branches, the free-form positions, and the validity check.
    expect(Object.values(tally.refused).reduce((a, n) => a + n, 0)).toBeGreaterThan(RUNS / 100);
    expect(tally.notes.anyScalar).toBeGreaterThan(RUNS / 100);
    expect(tally.validityChecked).toBeGreaterThan(RUNS * 0.9);
    expect(tally.validWithAnyScalar).toBeGreaterThan(RUNS / 100);
    expect(tally.plain).toBeGreaterThanOrEqual(RUNS);
    expect(tally.plainTrips).toBeGreaterThan(RUNS / 10);
  }, 120_000); // 10,000 runs: ~10 s alone, several times that on a loaded 2-core machine
});
