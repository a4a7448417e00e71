import { afterAll, describe, expect, test } from "vitest";
import { HttpError, NetworkError } from "../../src/runtime/errors.js";
import { FaultPlan, FaultSpecError, mulberry32, parseFaults, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { CREDENTIALS, fixture, pushtechClient } from "./helpers.js";

const SPEC = "500:0.1,503:0.1,429:0.1,delay:0.1:25,cut:0.1";
const CONTACT = "/pushtech/api/v2/account/my-account/contact/550aac3da096734ce5000001";

const open: Sandbox[] = [];
afterAll(() => Promise.all(open.map((s) => s.close())));
async function sandboxWith(faults: string, seed: number) {
  const s = await startSandbox({ data: fixture(), faults, seed });
  open.push(s);
  return s;
}

interface Outcome {
  label: string;
  ms: number;
  retryAfter: string | null;
}

/** Sends `n` requests one after another (raw fetch) and names what each got: a status, "delay" or "cut". */
async function run(sandbox: Sandbox, n: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    let label: string;
    let retryAfter: string | null = null;
    try {
      const response = await fetch(sandbox.url + CONTACT, {
        method: "PUT",
        headers: { "content-type": "application/json", authorization: `Token token=${CREDENTIALS.pushtech}` },
        body: JSON.stringify({ loyalty_points: i }),
      });
      await response.text(); // a cut answer fails here (headers came, the body did not)
      const fault = response.headers.get("x-sandbox-fault");
      retryAfter = response.headers.get("retry-after");
      label = fault?.startsWith("delay") ? "delay" : String(response.status);
    } catch {
      label = "cut";
    }
    outcomes.push({ label, ms: performance.now() - started, retryAfter });
  }
  return outcomes;
}

describe("fault spec", () => {
  test("the documented syntax", () => {
    expect(parseFaults("500:0.1,503:0.05,429:0.05,delay:0.1:200,cut:0.05")).toEqual([
      { kind: "status", status: 500, probability: 0.1 },
      { kind: "status", status: 503, probability: 0.05 },
      { kind: "status", status: 429, probability: 0.05, retryAfterSeconds: 1 },
      { kind: "delay", probability: 0.1, ms: 200 },
      { kind: "cut", probability: 0.05 },
    ]);
    expect(parseFaults("429:0.5:3, 503:0.25:2")).toEqual([
      { kind: "status", status: 429, probability: 0.5, retryAfterSeconds: 3 },
      { kind: "status", status: 503, probability: 0.25, retryAfterSeconds: 2 },
    ]);
    expect(parseFaults("")).toEqual([]);
  });

  test.each([
    ["boom:0.1", /unknown kind "boom"/],
    ["500", /expected a probability between 0 and 1 after the kind, found nothing/],
    ["500:1.5", /found "1.5"/],
    ["500:abc", /found "abc"/],
    ["200:0.1", /unknown kind "200"/],
    ["500:0.6,503:0.6", /add up to 1.2, more than 1/],
    ["delay:0.1:soon", /a delay in milliseconds/],
    ["cut:0.1:5", /cut takes no parameter/],
    ["500:0.1:3", /only 429 and 503 take a parameter/],
  ])("%s is refused: %s", (spec, message) => {
    expect(() => parseFaults(spec)).toThrow(FaultSpecError);
    expect(() => parseFaults(spec)).toThrow(message);
  });

  test("mulberry32 is a pure function of its seed; the plan draws from it in order", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    const plan = new FaultPlan(parseFaults(SPEC), 42);
    const first = Array.from({ length: 20 }, () => plan.draw());
    plan.reset();
    expect(Array.from({ length: 20 }, () => plan.draw())).toEqual(first);
  });
});

describe("fault injection over HTTP", () => {
  test("same seed, same outcomes: twice on one sandbox (reset) and on a second sandbox; every kind appears", async () => {
    const one = await sandboxWith(SPEC, 42);
    const first = await run(one, 60);
    one.reset();
    const again = await run(one, 60);
    const two = await sandboxWith(SPEC, 42);
    const other = await run(two, 60);
    const labels = first.map((o) => o.label);
    expect(again.map((o) => o.label)).toEqual(labels);
    expect(other.map((o) => o.label)).toEqual(labels);
    expect(new Set(labels)).toEqual(new Set(["200", "500", "503", "429", "delay", "cut"]));
    // 429 carries Retry-After; a delay waited its 25 ms.
    for (const o of first.filter((x) => x.label === "429")) expect(o.retryAfter).toBe("1");
    for (const o of first.filter((x) => x.label === "delay")) expect(o.ms).toBeGreaterThanOrEqual(20);

    const differentSeed = await run(await sandboxWith(SPEC, 7), 60);
    expect(differentSeed.map((o) => o.label)).not.toEqual(labels);
  });

  test("a status fault leaves the store alone; a cut applies the update and loses the answer", async () => {
    const only500 = await sandboxWith("500:1", 1);
    const before = only500.store.snapshot();
    expect((await run(only500, 1))[0]!.label).toBe("500");
    expect(only500.store.snapshot()).toEqual(before);

    const onlyCut = await sandboxWith("cut:1", 1);
    expect((await run(onlyCut, 1))[0]!.label).toBe("cut");
    expect(onlyCut.store.pushtechContact("my-account", "550aac3da096734ce5000001")!.loyalty_points).toBe(0);
  });

  test("the generated client sees HttpError 503 / 429 and NetworkError for a cut", async () => {
    const kinds: string[] = [];
    for (const spec of ["503:1", "429:1:2", "cut:1"]) {
      const s = await sandboxWith(spec, 3);
      const error = await pushtechClient(`${s.url}/pushtech/api`)
        .updateContact({ account_id: "my-account", contact_id: "550aac3da096734ce5000001" }, { city: "Oslo" })
        .catch((e: unknown) => e);
      kinds.push(error instanceof HttpError ? `HttpError ${error.status}` : error instanceof NetworkError ? "NetworkError" : String(error));
    }
    expect(kinds).toEqual(["HttpError 503", "HttpError 429", "NetworkError"]);
  });

  test("admin routes and unknown paths never draw a fault", async () => {
    const s = await sandboxWith("500:1", 1);
    const headers = { "x-admin-token": s.adminToken };
    expect((await fetch(`${s.url}/__admin/store`, { headers })).status).toBe(200);
    expect((await fetch(`${s.url}/nope`)).status).toBe(404);
    expect((await fetch(`${s.url}/__admin/reset`, { method: "POST", headers })).status).toBe(200);
  });
});
