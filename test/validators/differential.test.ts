/**
 * Differential test of the generated validators (generated/<api>/validators.ts) against ajv
 * (JSON Schema 2020-12, ajv-formats "full"), both compiled from the same spec: on random valid
 * bodies and on valid bodies with one rule broken (test/helpers/schema-arbitrary.ts), both must
 * give the same verdict. Only the verdict is compared (not the messages or their number).
 *
 * The payloads are JSON values, which is what the validators see in practice (a response body
 * from JSON.parse, a request body that is about to be JSON.stringify'd). Outside JSON the peer is
 * not a reference: with `strict: false` ajv also turns off `strictNumbers`, so it takes NaN and
 * Infinity as numbers (and Infinity as an integer), and it reads a property whose value is
 * `undefined` as absent (`required`, `properties`) but as present (`additionalProperties: false`).
 *
 * FC_SEED=<n> replays a run (fast-check prints the seed and the path of a failure);
 * DIFF_VERBOSE=1 prints how often each kind of mutation is really invalid.
 */
import fc from "fast-check";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import * as altcraft from "../../generated/altcraft/validators.js";
import * as edna from "../../generated/edna/validators.js";
import * as pushtech from "../../generated/pushtech/validators.js";
import { ajvFor, ajvFormatsDateTime, rfc3339DateTime } from "../helpers/ajv-peer.js";
import { canonical, deepClone, mutation, validValue } from "../helpers/schema-arbitrary.js";
import { bodiesOf, loadDoc, type Body, type Doc } from "../helpers/spec-bodies.js";

// ------------------------------------------------------------------ the validators under test

interface ValidationIssue {
  path: string;
  keyword: string;
  message: string;
}
type Verdict = { ok: true; value: unknown } | { ok: false; errors: ValidationIssue[] };
type Validate = (value: unknown) => Verdict;
interface ValidatorsModule {
  requestValidators: Readonly<Record<string, Validate>>;
  responseValidators: Readonly<Record<string, Validate>>;
}
const modules: Record<string, ValidatorsModule> = { altcraft, edna, pushtech };
/** The named exports, for `validate<OperationId>Request` and the like. */
const exportsOf = (api: string): Record<string, unknown> => ({ ...(modules[api] as unknown as Record<string, unknown>) });

// ------------------------------------------------------------------ the specs

const apis = ["altcraft", "edna", "pushtech"] as const;
const docs = Object.fromEntries(apis.map((api) => [api, loadDoc(api)])) as Record<(typeof apis)[number], Doc>;
const bodies = apis.flatMap((api) => bodiesOf(api, docs[api]));

const peers = Object.fromEntries(apis.map((api) => [api, ajvFor(docs[api])])) as Record<string, (schema: string) => ValidateFunction>;

// ------------------------------------------------------------------ helpers

function oursFor(body: Body): Validate {
  const mod = modules[body.api]!;
  const map = body.direction === "request" ? mod.requestValidators : mod.responseValidators;
  const v = map[body.operationId];
  if (typeof v !== "function") throw new Error(`generated/${body.api}/validators.ts has no ${body.direction}Validators.${body.operationId}`);
  return v;
}

/**
 * ajv's verdict. Neither validator gets a copy: ajv runs without useDefaults/removeAdditional/
 * coerceTypes, and "ours does not change the value it checks" below holds ours to the same.
 */
function peerVerdict(body: Body, value: unknown): { ok: boolean; errors: ErrorObject[] } {
  const validate = peers[body.api]!(body.schema);
  const ok = validate(value);
  return { ok, errors: validate.errors ? [...validate.errors] : [] };
}

/** JSON with -0 shown (JSON.stringify writes 0). */
const show = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (Object.is(x, -0) ? "-0 (negative zero)" : x));

function disagreement(body: Body, value: unknown, peer: { ok: boolean; errors: ErrorObject[] }, ours: Verdict, note = ""): string {
  const ajvErrors = peer.errors.map((e) => `${e.instancePath || "/"} ${e.keyword}: ${e.message ?? ""}${e.params ? " " + JSON.stringify(e.params) : ""}`);
  const ourErrors = ours.ok ? [] : ours.errors.map((e) => `${e.path || "/"} ${e.keyword}: ${e.message}`);
  return [
    `${body.api} ${body.operationId} ${body.direction} (${body.schema}): ajv says ${peer.ok ? "VALID" : "INVALID"}, ours says ${ours.ok ? "VALID" : "INVALID"}${note}`,
    `payload: ${show(value)}`,
    `ajv errors:${ajvErrors.length ? "\n  " + ajvErrors.join("\n  ") : " none"}`,
    `our errors:${ourErrors.length ? "\n  " + ourErrors.join("\n  ") : " none"}`,
  ].join("\n");
}

/** The `is<Schema>` fast path of the generated module, when it has one (it must agree with `validate…().ok`). */
function isFor(body: Body): ((value: unknown) => boolean) | undefined {
  const f = exportsOf(body.api)[`is${body.schema}`];
  return typeof f === "function" ? (f as (value: unknown) => boolean) : undefined;
}

/** Where ours and the peer disagree on `value`, or undefined. */
function disagreementOn(body: Body, value: unknown, note = ""): string | undefined {
  const peer = peerVerdict(body, value);
  const ours = oursFor(body)(value);
  if (peer.ok !== ours.ok) return disagreement(body, value, peer, ours, note);
  const is = isFor(body);
  if (is && is(value) !== ours.ok) {
    return `${disagreement(body, value, peer, ours, note)}\nand is${body.schema}() says ${ours.ok ? "false" : "true"}: the fast path disagrees with validate…()`;
  }
  return undefined;
}

/** A smaller payload that still shows the disagreement: drop properties and items while it does (greedy, bounded). */
function minimize(still: (v: unknown) => boolean, value: unknown): unknown {
  let best = value;
  let budget = 3000;
  const candidates = function* (v: unknown): Generator<unknown> {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) yield [...v.slice(0, i), ...v.slice(i + 1)];
      for (let i = 0; i < v.length; i++) for (const c of candidates(v[i])) yield v.map((x, j) => (j === i ? c : x));
    } else if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      const rebuild = (skip: string | undefined, key?: string, c?: unknown): unknown => {
        const out: Record<string, unknown> = {};
        for (const k of keys) if (k !== skip) Object.defineProperty(out, k, { value: k === key ? c : o[k], enumerable: true, writable: true, configurable: true });
        return out;
      };
      for (const k of keys) yield rebuild(k);
      for (const k of keys) for (const c of candidates(o[k])) yield rebuild(undefined, k, c);
    }
  };
  for (let progress = true; progress && budget > 0;) {
    progress = false;
    for (const c of candidates(best)) {
      if (--budget <= 0) break;
      if (still(c)) {
        best = c;
        progress = true;
        break;
      }
    }
  }
  return best;
}

function assertAgree(body: Body, value: unknown, note = ""): void {
  const found = disagreementOn(body, value, note);
  if (found === undefined) return;
  const smaller = minimize((v) => disagreementOn(body, v) !== undefined, value);
  throw new Error(smaller === value ? found : `${disagreementOn(body, smaller)}\n\nfound on:\n${found}`);
}

const envSeed = process.env["FC_SEED"] === undefined ? undefined : Number(process.env["FC_SEED"]);
const seedOption = envSeed === undefined ? {} : { seed: envSeed };
/** For fc.sample (which does not print its seed): the seed used, to print it with a failure. */
const sampleSeed = envSeed ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
const verbose = process.env["DIFF_VERBOSE"] === "1";

const label = (b: Body): string => `${b.api} ${b.operationId} ${b.direction} (${b.schema})`;

// ------------------------------------------------------------------ tests

test("the specs have the operations this suite is written for", () => {
  expect(bodies.map((b) => `${b.api} ${b.operationId} ${b.direction} ${b.schema}`).sort()).toEqual(
    [
      "altcraft updateProfile request UpdateProfileRequest",
      "altcraft updateProfile response UpdateProfileResponse",
      "altcraft updateProfilesBatch request UpdateProfilesBatchRequest",
      "altcraft updateProfilesBatch response UpdateProfilesBatchResponse",
      "edna patchSubscriber request PatchSubscriberRequest",
      "edna replaceSubscriber request ReplaceSubscriberRequest",
      "pushtech updateContact request UpdateContactRequest",
      "pushtech updateContact response UpdateContactResponse",
    ].sort(),
  );
});

describe.each(apis)("generated/%s/validators.ts exports", (api) => {
  test("a validator per operation and direction, by name and in the maps", () => {
    const mine = bodies.filter((b) => b.api === api);
    const mod = modules[api]!;
    const named = exportsOf(api);
    expect(Object.keys(mod.requestValidators).sort()).toEqual(
      mine
        .filter((b) => b.direction === "request")
        .map((b) => b.operationId)
        .sort(),
    );
    expect(Object.keys(mod.responseValidators).sort()).toEqual(
      mine
        .filter((b) => b.direction === "response")
        .map((b) => b.operationId)
        .sort(),
    );
    for (const b of mine) {
      const pascal = b.operationId[0]!.toUpperCase() + b.operationId.slice(1);
      const direction = b.direction === "request" ? "Request" : "Response";
      expect(named[`validate${pascal}${direction}`], `validate${pascal}${direction}`).toBe(oursFor(b));
    }
  });
});

describe("the seed examples are valid for both", () => {
  const cases = bodies.flatMap((b) => b.examples.map(([name, value]) => [`${label(b)} examples.${name}`, b, value] as const));
  test("there are examples to check", () => {
    expect(cases.length).toBeGreaterThanOrEqual(bodies.length);
  });
  test.each(cases)("%s", (_name, body, value) => {
    const peer = peerVerdict(body, value);
    const ours = oursFor(body)(deepClone(value));
    expect(peer.ok, disagreement(body, value, peer, ours, " (ajv should accept a seed example)")).toBe(true);
    expect(ours.ok, disagreement(body, value, peer, ours, " (ours should accept a seed example)")).toBe(true);
  });
});

describe.each(bodies.map((b) => [label(b), b] as const))("%s", (_name, body) => {
  const doc = docs[body.api as (typeof apis)[number]];

  test("the generators mean something: ≥ 95% of valid values and ≤ 30% of mutated values are valid for ajv", () => {
    const valid = fc.sample(validValue(doc, body.schema), { numRuns: 1000, seed: sampleSeed });
    const rejected = valid.filter((v) => !peerVerdict(body, v).ok);
    const mutated = fc.sample(mutation(doc, body.schema), { numRuns: 1000, seed: sampleSeed + 1 });
    const stillValid: unknown[] = [];
    const byRule = new Map<string, [number, number]>();
    for (const m of mutated) {
      const counts = byRule.get(m.rule) ?? [0, 0];
      counts[0] += 1;
      if (peerVerdict(body, m.value).ok) {
        counts[1] += 1;
        stillValid.push(m.value);
      }
      byRule.set(m.rule, counts);
    }
    const summary = [...byRule]
      .sort((a, b) => b[1][0] - a[1][0])
      .map(([rule, [n, ok]]) => `${rule} ${n} (${ok} still valid)`)
      .join(", ");
    if (verbose) {
      console.log(`${label(body)}: valid ${1000 - rejected.length}/1000 accepted by ajv; mutated ${1000 - stillValid.length}/1000 rejected; ${summary}`);
    }
    const firstRejected = rejected[0];
    expect(
      rejected.length,
      `seed ${sampleSeed}: ${rejected.length}/1000 "valid" values rejected by ajv, e.g. ${show(firstRejected)}: ${JSON.stringify(firstRejected === undefined ? [] : peerVerdict(body, firstRejected).errors)}`,
    ).toBeLessThanOrEqual(50);
    expect(stillValid.length, `seed ${sampleSeed}: ${stillValid.length}/1000 mutated values still valid for ajv (${summary})`).toBeLessThanOrEqual(300);
  });

  test("10,000 payloads (valid and mutated): ours and ajv give the same verdict", () => {
    const arb = fc.oneof(
      validValue(doc, body.schema).map((value) => ({ value, rule: "none (valid)", path: "" })),
      mutation(doc, body.schema),
    );
    fc.assert(
      fc.property(arb, (m) => assertAgree(body, m.value, ` (mutation: ${m.rule} at "${m.path}")`)),
      { numRuns: 10_000, ...seedOption },
    );
  }, 120_000);

  test("an invalid verdict comes with issues, each a JSON Pointer, a keyword and a message; a valid one with the value", () => {
    const ours = oursFor(body);
    const pointer = /^(?:\/(?:[^~/]|~[01])*)*$/;
    fc.assert(
      fc.property(
        fc.oneof(
          validValue(doc, body.schema),
          mutation(doc, body.schema).map((m) => m.value),
        ),
        (value) => {
          const verdict = ours(value);
          if (verdict.ok) {
            expect(verdict.value).toBe(value);
            return;
          }
          expect(verdict.errors.length).toBeGreaterThan(0);
          for (const issue of verdict.errors) {
            expect(issue.path).toMatch(pointer);
            expect(typeof issue.keyword).toBe("string");
            expect(typeof issue.message).toBe("string");
            expect(issue.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 500, ...seedOption },
    );
  }, 60_000);

  test("ours does not change the value it checks", () => {
    const ours = oursFor(body);
    fc.assert(
      fc.property(
        fc.oneof(
          validValue(doc, body.schema),
          mutation(doc, body.schema).map((m) => m.value),
        ),
        (value) => {
          const before = canonical(value);
          ours(value);
          expect(canonical(value)).toBe(before);
        },
      ),
      { numRuns: 300, ...seedOption },
    );
  }, 60_000);
});

// ------------------------------------------------------------------ pinned cases

describe("known differences: ajv-formats' date-time is wider than RFC 3339 (see RFC3339_DATE_TIME_SHAPE)", () => {
  const pushtechRequest = bodies.find((b) => b.api === "pushtech" && b.direction === "request")!;
  const wider = [
    "1990-02-22\t21:00:00Z",
    "1990-02-22\n21:00:00Z",
    "1990-02-22\u00a021:00:00Z",
    "1990-02-22\u202821:00:00Z",
    "1990-02-22T21:00:00+0530",
    "1990-02-22T21:00:00+05",
    "1990-02-22 21:00:00-0800",
  ];
  test.each(wider)("%j: ajv-formats accepts it; RFC 3339, the peer and ours do not", (s) => {
    expect(ajvFormatsDateTime(s)).toBe(true);
    expect(rfc3339DateTime(s)).toBe(false);
    expect(oursFor(pushtechRequest)({ born_date: s }).ok).toBe(false);
  });
  const rfc = [
    "1990-02-22T21:00:00Z",
    "1990-02-22t21:00:00z",
    "1990-02-22 21:00:00Z",
    "2016-12-31T23:59:60Z",
    "2017-01-01T00:59:60+01:00",
    "1990-02-22T21:00:00.123456789-00:00",
    "0000-02-29T00:00:00+23:59",
  ];
  test.each(rfc)("%j: accepted by ajv-formats, RFC 3339 and ours", (s) => {
    expect(ajvFormatsDateTime(s)).toBe(true);
    expect(rfc3339DateTime(s)).toBe(true);
    expect(oursFor(pushtechRequest)({ born_date: s }).ok).toBe(true);
  });
});

/**
 * Edge cases, fixed so that every run sees them whatever the seed: own `__proto__` keys (as
 * JSON.parse makes them), property names found on Object.prototype, numbers that are integers
 * in JSON (1.0, 1e21, -0), leap days and seconds, IPv6 forms, the x-each-item-requires field
 * named like an inherited property. Only agreement is asserted.
 */
const edgeCases: Record<string, string[]> = {
  "altcraft updateProfile request": [
    `{"db_id":1,"data":{},"email":"a@b.co"}`,
    `{"db_id":1.0,"data":{},"email":"x@1.2"}`,
    `{"db_id":1e21,"data":{},"email":"a@b.co"}`,
    `{"db_id":9007199254740993,"data":{},"email":"a@b.co"}`,
    `{"db_id":1,"data":{"__proto__":{"action":"incr","value":1}},"email":"a@b.co"}`,
    `{"db_id":1,"data":{"constructor":"x","toString":[1,"a",{"b":2}]},"email":"a@b.co"}`,
    `{"db_id":1,"data":{"_sex":-0,"_bdate":"0000-02-29","_regdate":"1900-02-29"},"email":"a@b.co"}`,
    `{"db_id":1,"data":{"_ip":"::ffff:1.2.3.4","_regip":"1:2:3:4:5:6:7::"},"email":"a@b.co"}`,
    `{"db_id":1,"data":{"_ip":"::ffff:01.2.3.4"},"email":"a@b.co"}`,
    `{"db_id":1,"data":{"_regip":"01.2.3.4"},"email":"a@b.co"}`,
    `{"db_id":1,"data":{"_regip":"1:2:3:4:5:6:7:8:9"},"email":"a@b.co"}`,
    `{"db_id":1,"data":{},"matching":"phone","phone":"1","email":"a@b.co"}`,
    `{"db_id":1,"data":{},"matching":"email_phone","phone":"1","email":"a@b.co"}`,
    `{"db_id":1,"data":{},"matching":"email_phone"}`,
    `{"db_id":1,"data":{},"matching":"custom","field_name":"f","field_value":1.5}`,
    `{"db_id":1,"data":{},"matching":"custom","field_name":"f","field_value":2.0}`,
    `{"db_id":1,"data":{"subscriptions":[{"channel":"email","email":"a@b.co","email_data":{"email":"a@b.co"}}]},"email":"a@b.co"}`,
    `{"db_id":1,"data":{"subscriptions":[{"channel":"email"}]},"email":"a@b.co"}`,
    `{"db_id":1,"data":{"subscriptions":[{"channel":"telegram_bot","cc_data":{"id":1.5}}]},"email":"a@b.co"}`,
    `{"db_id":1,"data":{"subscriptions":[{"channel":"sms","phone":"1","status":-2}]},"email":"a@b.co"}`,
    `{"db_id":1,"data":{"subscriptions":[{"channel":"sms","phone":"1","status":"-2"}]},"email":"a@b.co"}`,
    `{"token":"","db_id":1,"data":{},"email":"a@b.co"}`,
    `{"db_id":1,"data":[],"email":"a@b.co"}`,
    `[]`,
    `null`,
  ],
  "altcraft updateProfilesBatch request": [
    `{"db_id":1,"matching":"custom","field_name":"constructor","data":[{}]}`,
    `{"db_id":1,"matching":"custom","field_name":"constructor","data":[{"constructor":1}]}`,
    `{"db_id":1,"matching":"custom","field_name":"__proto__","data":[{"__proto__":1}]}`,
    `{"db_id":1,"matching":"custom","field_name":"__proto__","data":[{}]}`,
    `{"db_id":1,"matching":"custom","field_name":"toString","data":[{"toString":"x"},{}]}`,
    `{"db_id":1,"matching":"custom","field_name":"","data":[{"":null}]}`,
    `{"db_id":1,"matching":"custom","field_name":"email","data":[{"email":"not-an-email"}]}`,
    `{"db_id":1,"matching":"custom","field_name":"subscriptions","data":[{"subscriptions":[]}]}`,
    `{"db_id":1,"matching":"custom_sub","field_name":"x","data":[{"x":1},{"y":1}]}`,
    `{"db_id":1,"matching":"email","field_name":"x","data":[{"y":1}]}`,
    `{"db_id":1,"data":[]}`,
    `{"db_id":1,"data":[{}],"resource_id":0}`,
    `{"db_id":1,"matching":"phone","data":[{"_fname":"A"}]}`,
    `{"db_id":1,"matching":"phone","data":[{"phones":[]}]}`,
    `{"db_id":1,"matching":"phone","phone":"+7","data":[{"phones":[]}]}`,
    `{"db_id":1,"matching":"custom","field_name":"CRM_ID","field_value":"123420","data":[{"_fname":"Lala"}]}`,
    `{"db_id":1,"matching":"custom","field_name":"CRM_ID","data":[{"CRM_ID":null}]}`,
    `{"db_id":1,"matching":"custom","field_name":"CRM_ID","field_value":7,"data":[{"CRM_ID":null}]}`,
    `{"db_id":1,"matching":"profile_id","data":[{"profile_id":5}]}`,
    `{"db_id":1,"matching":"push_sub","data":[{"subscriptions":[{"channel":"sms","phone":"1"}]}]}`,
    `{"db_id":1,"matching":"push_sub","data":[{"subscriptions":[{"channel":"push","provider":"p","subscription_id":"s"}]}]}`,
    `{"db_id":1,"matching":"push_sub","provider":"p","data":[{}]}`,
    `{"db_id":1,"matching":"email_phone","phone":"1","data":[{}]}`,
    `{"db_id":1,"matching":"email_phone","data":[{"phones":["1"]},{"email":"a@b.co"},{}]}`,
  ],
  "edna replaceSubscriber request": [
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"},{"address":"b","type":"EXT_USER_ID"}],"parameterValues":[],"tagValues":[]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID","extra":1}],"parameterValues":[],"tagValues":[]}`,
    `{"addresses":[],"parameterValues":[],"tagValues":[]}`,
    `{"addresses":[{"address":"","type":"EXT_USER_ID"}],"parameterValues":[],"tagValues":[]}`,
    `{"addresses":[{"address":"\\ud800","type":"EXT_USER_ID"}],"parameterValues":[],"tagValues":[]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"}],"parameterValues":[{"name":"n","valueType":"NUMBER","value":"-0"},{"name":"n","valueType":"NUMBER","value":"01"}],"tagValues":[]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"}],"parameterValues":[{"name":"n","valueType":"NUMBER","value":"1."}],"tagValues":[]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"}],"parameterValues":[{"name":"n","valueType":"NUMBER","value":"١"}],"tagValues":[]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"}],"parameterValues":[{"name":"n","valueType":"NUMBER","value":"1\\n"}],"tagValues":[]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"}],"parameterValues":[{"name":"d","valueType":"DATE","value":"0000-02-29"},{"name":"d","valueType":"DATE","value":"2024-02-29"}],"tagValues":[]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"}],"parameterValues":[{"name":"d","valueType":"DATE","value":"2100-02-29"}],"tagValues":[]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"}],"parameterValues":[{"name":"b","valueType":"BOOLEAN","value":true}],"tagValues":[]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"}],"parameterValues":[{"name":"b","valueType":"STRING","value":"x","extra":1}],"tagValues":[]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"}],"parameterValues":[],"tagValues":[{"name":""}]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"}],"parameterValues":[]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"}],"parameterValues":[],"tagValues":[],"blacklisted":"true"}`,
  ],
  "edna patchSubscriber request": [
    `{"addresses":[{"address":"a","type":"PHONE"},{"address":"b","type":"EXT_USER_ID"}]}`,
    `{"addresses":[{"address":"a","type":"PHONE"}]}`,
    `{"addresses":[{"type":"EXT_USER_ID"}]}`,
    `{"addresses":[{"address":"a","type":"ext_user_id"}]}`,
    `{"addresses":[{"address":"a","type":"EXT_USER_ID"}],"__proto__":{}}`,
  ],
  "pushtech updateContact request": [
    `{}`,
    `{"__proto__":"x"}`,
    `{"constructor":{}}`,
    `{"toString":[1,{"a":1}],"valueOf":null,"hasOwnProperty":true}`,
    `{"language":"ES"}`,
    `{"language":"es"}`,
    `{"language":"ESP"}`,
    `{"phone":"+"}`,
    `{"phone":"+1"}`,
    `{"phone_countrycode":"1234"}`,
    `{"last_latitude":90,"last_longitude":-180}`,
    `{"last_latitude":90.0000001}`,
    `{"last_latitude":-0}`,
    `{"facebook_friends":1.0,"twitter_followers":1e21}`,
    `{"facebook_friends":-1}`,
    `{"born_date":"2016-12-31T23:59:60Z"}`,
    `{"born_date":"2016-12-31T23:59:60+01:00"}`,
    `{"born_date":"2017-01-01T00:59:60+01:00"}`,
    `{"born_date":"2016-12-31T23:59:60.999Z"}`,
    `{"gdpr_date":"1990-02-22T21:00:00"}`,
    `{"gdpr_remote_ip":"::"}`,
    `{"gdpr_remote_ip":"::ffff:300.1.1.1"}`,
    `{"gdpr_remote_ip":"fe80::1%eth0"}`,
    `{"email":"a@b"}`,
    `{"email":"\\"quoted\\"@example.com"}`,
    `{"email":"a@[127.0.0.1]"}`,
    `{"email":"a@[IPv6:::1]"}`,
    `{"email":"a@0.xn--1ai"}`,
    `{"email":"a@xn--bcher-kva.example"}`,
    `{"email":"a@0.xn--p1i"}`,
    `{"email":"0@xn--a.com"}`,
    `{"email":"aa0a@0.xn---p1ai"}`,
    `{"email":"a@xn--d1acufc.xn--p1ai"}`,
    `{"gender":"male"}`,
    `{"list_subscriptions":[{"list_id":"1","subscribed":"true"}]}`,
    `{"channel_subscriptions":[{"channel":"email"},{"channel":"email"}]}`,
    `{"tags":"tag1"}`,
  ],
  "pushtech updateContact response": [`{"id":""}`, `{"id":"x","custom":[1]}`, `{"id":"x","custom":{}}`, `{}`, `{"id":1}`],
};

test("the batch's 10,000 items are a recommendation, not a limit (never reached by the arbitraries): 10,001 items pass for both", () => {
  const body = bodies.find((b) => b.api === "altcraft" && b.operationId === "updateProfilesBatch" && b.direction === "request")!;
  const batch = (n: number) => ({ db_id: 1, data: Array.from({ length: n }, (_, i) => ({ email: `u${i}@example.com` })) });
  assertAgree(body, batch(10_001));
  expect(peerVerdict(body, batch(10_001)).ok).toBe(true);
  // Past 10,000 items the lookup rule still holds for each one: the last item without its email is named.
  const missing = batch(10_001);
  missing.data[10_000] = {} as { email: string };
  assertAgree(body, missing);
  expect(oursFor(body)(missing)).toMatchObject({ ok: false, errors: [{ path: "/data/10000", keyword: "x-each-item-requires" }] });
});

describe("pinned edge cases: ours and ajv agree", () => {
  const cases = Object.entries(edgeCases).flatMap(([name, payloads]) => {
    const body = bodies.find((b) => `${b.api} ${b.operationId} ${b.direction}` === name);
    if (!body) throw new Error(`no body ${name}`);
    return payloads.map((json) => [`${name}: ${json}`, body, json] as const);
  });
  test.each(cases)("%s", (_name, body, json) => {
    assertAgree(body, JSON.parse(json));
  });
});

// ------------------------------------------------------------------ the arbitraries on the whole subset

/** A spec using every keyword of docs/specs.md's subset, also those the three specs do not use. */
const everything = parse(`
components:
  schemas:
    Everything:
      type: object
      required: [id, tags, kind, choice]
      additionalProperties: false
      properties:
        id: { type: string, format: uuid }
        site: { type: string, format: uri }
        day: { type: string, format: date }
        tags: { type: array, minItems: 1, maxItems: 3, uniqueItems: true, items: { type: string, minLength: 2, maxLength: 5, pattern: "^[a-z]+$" } }
        score: { type: number, exclusiveMinimum: 0, exclusiveMaximum: 10, multipleOf: 0.5 }
        count: { type: integer, minimum: -5, maximum: 5, multipleOf: 2 }
        nullable: { type: [string, "null"], maxLength: 3 }
        kind: { enum: [a, b, 3, null, true] }
        fixed: { const: { x: [1, 2] } }
        list: { type: array, minItems: 6, items: { type: integer }, contains: { const: 7 } }
        tree: { $ref: "#/components/schemas/Tree" }
        choice:
          oneOf:
            - { type: object, required: [k], properties: { k: { const: one }, a: { type: integer } }, additionalProperties: false }
            - { type: object, required: [k, b], properties: { k: { const: two }, b: { type: boolean } }, additionalProperties: false }
          discriminator: { propertyName: k }
        either: { anyOf: [{ type: string, format: ipv4 }, { type: string, format: ipv6 }] }
        merged:
          allOf:
            - { type: object, required: [m], properties: { m: { enum: [x, y, z] } }, additionalProperties: false }
            - { properties: { m: { enum: [y, z, w] } } }
        open: { type: object, additionalProperties: { type: integer, minimum: 0 } }
        batch:
          type: object
          required: [by, rows]
          properties:
            by: { type: string }
            fallback: { type: string }
            rows: { type: array, items: { type: object, additionalProperties: { type: string } } }
          x-each-item-requires:
            items: rows
            description: a value of {by} (the row's own, its id, or the batch's fallback)
            anyOf:
              - itemPropertyNamedBy: by
              - item: { required: [id] }
              - request: { required: [fallback] }
    Tree:
      type: object
      required: [value]
      properties:
        value: { type: integer }
        children: { type: array, maxItems: 2, items: { $ref: "#/components/schemas/Tree" } }
`) as Doc;

test("the arbitraries on every keyword of the subset: ≥ 95% of valid values and ≤ 30% of mutated values are valid for ajv, every rule is broken somewhere", () => {
  const peer = ajvFor(everything)("Everything");
  const valid = fc.sample(validValue(everything, "Everything"), { numRuns: 1000, seed: sampleSeed });
  const rejected = valid.filter((v) => !peer(v));
  const first = rejected[0];
  if (first !== undefined) peer(first);
  expect(rejected.length, `seed ${sampleSeed}: e.g. ${show(first)}: ${JSON.stringify(peer.errors)}`).toBeLessThanOrEqual(50);
  const mutated = fc.sample(mutation(everything, "Everything"), { numRuns: 3000, seed: sampleSeed });
  const stillValid = mutated.filter((m) => peer(m.value));
  expect(stillValid.length, `seed ${sampleSeed}: e.g. ${show(stillValid[0])}`).toBeLessThanOrEqual(900);
  const rules = new Set(mutated.map((m) => m.rule));
  if (verbose) console.log(`Everything: valid ${1000 - rejected.length}/1000 accepted by ajv; mutated ${3000 - stillValid.length}/3000 rejected; rules ${[...rules].join(", ")}`);
  for (const rule of [
    "type",
    "required",
    "additionalProperties",
    "enum",
    "const",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "oneOf tag",
    "x-each-item-requires",
  ]) {
    expect(rules, rule).toContain(rule);
  }
  // Recursion stays bounded, and arrays short.
  const depth = (t: unknown): number =>
    t && typeof t === "object" && Array.isArray((t as { children?: unknown }).children) ? 1 + Math.max(0, ...(t as { children: unknown[] }).children.map(depth)) : 0;
  for (const v of valid as { tree?: unknown; list?: unknown[] }[]) {
    expect(depth(v.tree)).toBeLessThanOrEqual(6);
    expect((v.list ?? []).length).toBeLessThanOrEqual(6);
  }
});
