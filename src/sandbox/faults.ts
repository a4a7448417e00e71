/**
 * Fault injection, deterministic from a seed.
 *
 * Spec syntax (`--faults`): comma-separated rules, each `<kind>:<probability>[:<parameter>]`,
 * probabilities in [0, 1] summing to at most 1:
 *
 * | rule | effect |
 * | --- | --- |
 * | `<status>:<p>` (any 400–599, e.g. `500:0.1`, `503:0.05`) | answered with that status and a JSON error body; the request is not processed |
 * | `429:<p>[:<seconds>]` | answered 429 with `Retry-After: <seconds>` (default 1); not processed. `503:<p>:<seconds>` adds `Retry-After` too |
 * | `delay:<p>:<ms>` | waits `<ms>` milliseconds (default 200), then processes and answers normally |
 * | `cut:<p>` | processes the request, sends the status line, headers and half of the body, then destroys the socket (an empty body: destroyed before anything is sent) |
 *
 * Example: `500:0.1,503:0.05,429:0.05,delay:0.1:200,cut:0.05` with `--seed 42`.
 *
 * Each request (but the `/__admin/` routes) draws one number from a mulberry32 generator seeded
 * with `seed`, in arrival order: the rules take consecutive slices of [0, 1) in the order written,
 * so the same seed and the same sequence of requests give the same outcomes. No Math.random.
 */

export type FaultRule = { kind: "status"; status: number; probability: number; retryAfterSeconds?: number } | { kind: "delay"; probability: number; ms: number } | { kind: "cut"; probability: number };

/** The outcome drawn for one request. */
export type Fault = { kind: "none" } | { kind: "status"; status: number; retryAfterSeconds?: number } | { kind: "delay"; ms: number } | { kind: "cut" };

/** A fault spec that cannot be read; the message names the rule and what was expected. */
export class FaultSpecError extends Error {
  override name = "FaultSpecError";
}

/** mulberry32: a small, fast 32-bit PRNG; returns numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMBER = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

function probability(text: string | undefined, rule: string): number {
  if (text === undefined || !NUMBER.test(text) || Number(text) > 1) {
    throw new FaultSpecError(`fault rule "${rule}": expected a probability between 0 and 1 after the kind, found ${text === undefined ? "nothing" : JSON.stringify(text)}`);
  }
  return Number(text);
}

function wholeNumber(text: string, rule: string, what: string): number {
  if (!/^[0-9]{1,9}$/.test(text)) throw new FaultSpecError(`fault rule "${rule}": expected ${what} (a whole number), found ${JSON.stringify(text)}`);
  return Number(text);
}

/** Reads a fault spec such as `500:0.1,503:0.05,429:0.05,delay:0.1:200,cut:0.05`. An empty spec has no rules. */
export function parseFaults(spec: string): FaultRule[] {
  const rules: FaultRule[] = [];
  for (const raw of spec.split(",")) {
    const rule = raw.trim();
    if (rule === "") continue;
    const [kind, p, param, ...extra] = rule.split(":");
    if (extra.length > 0) throw new FaultSpecError(`fault rule "${rule}": too many ":" parts (expected <kind>:<probability>[:<parameter>])`);
    const probabilityValue = probability(p, rule);
    if (kind === "delay") {
      rules.push({ kind: "delay", probability: probabilityValue, ms: param === undefined ? 200 : wholeNumber(param, rule, "a delay in milliseconds") });
    } else if (kind === "cut") {
      if (param !== undefined) throw new FaultSpecError(`fault rule "${rule}": cut takes no parameter`);
      rules.push({ kind: "cut", probability: probabilityValue });
    } else if (kind !== undefined && /^[45][0-9][0-9]$/.test(kind)) {
      const status = Number(kind);
      if (param !== undefined && status !== 429 && status !== 503) throw new FaultSpecError(`fault rule "${rule}": only 429 and 503 take a parameter (Retry-After seconds)`);
      const retry = param !== undefined ? wholeNumber(param, rule, "Retry-After seconds") : status === 429 ? 1 : undefined;
      rules.push({ kind: "status", status, probability: probabilityValue, ...(retry !== undefined ? { retryAfterSeconds: retry } : {}) });
    } else {
      throw new FaultSpecError(`fault rule "${rule}": unknown kind ${JSON.stringify(kind)} (expected an HTTP status 400-599, "delay" or "cut")`);
    }
  }
  checkRules(rules);
  return rules;
}

/** Probabilities in [0, 1] that sum to at most 1. */
export function checkRules(rules: readonly FaultRule[]): void {
  let sum = 0;
  for (const r of rules) {
    if (!(r.probability >= 0 && r.probability <= 1)) throw new FaultSpecError(`fault probability ${r.probability} is not between 0 and 1`);
    if (r.kind === "status" && !(Number.isInteger(r.status) && r.status >= 400 && r.status <= 599)) throw new FaultSpecError(`fault status ${r.status} is not an HTTP status 400-599`);
    if (r.kind === "delay" && !(Number.isInteger(r.ms) && r.ms >= 0)) throw new FaultSpecError(`fault delay ${r.ms} is not a whole number of milliseconds`);
    sum += r.probability;
  }
  if (sum > 1 + 1e-9) throw new FaultSpecError(`fault probabilities add up to ${Number(sum.toFixed(6))}, more than 1`);
}

/** Draws one outcome per request from the rules, with a PRNG seeded by `seed`; `reset()` starts the sequence again. */
export class FaultPlan {
  private next: () => number;
  constructor(
    readonly rules: readonly FaultRule[],
    readonly seed: number,
  ) {
    checkRules(rules);
    this.next = mulberry32(seed);
  }

  reset(): void {
    this.next = mulberry32(this.seed);
  }

  draw(): Fault {
    if (this.rules.length === 0) return { kind: "none" };
    const r = this.next();
    let edge = 0;
    for (const rule of this.rules) {
      edge += rule.probability;
      if (r < edge) {
        if (rule.kind === "status") return { kind: "status", status: rule.status, ...(rule.retryAfterSeconds !== undefined ? { retryAfterSeconds: rule.retryAfterSeconds } : {}) };
        if (rule.kind === "delay") return { kind: "delay", ms: rule.ms };
        return { kind: "cut" };
      }
    }
    return { kind: "none" };
  }
}
