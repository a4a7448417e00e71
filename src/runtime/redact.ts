// Redaction: what keeps a credential out of everything an error object or a batch report carries.
//
// A secret is hidden wherever it could be printed:
// - from 4 characters on, everywhere, as a substring (a token inside a longer string is still a token);
// - shorter, only where it stands as a whole token: a header value ("Bearer k9Z"), a URL's user or
//   password, a path segment ("/k9Z/"), a JSON string equal to it, a word between non-alphanumerics.
//   "abc" is not a secret inside "abcdef", and redacting it there would print the rest of the word;
// - in the forms it takes on the way: percent-encoded (URLs), JSON-escaped, XML-escaped;
// - cut in two by a shortened snippet: "SECRETTOK…" or V8's `"SECRETTOK"...` in a JSON.parse error
//   hides the part next to the ellipsis when it is the start (or the end) of a secret.
// The user and password of any URL shown (`https://user:pass@host`) are always hidden.

/** What stands where a secret was. */
export const REDACTED = "[redacted]";

const MAX_TEXT = 500;
/** Secrets shorter than this are hidden only as whole tokens. */
const SHORT = 4;
/** How deep a value is walked; deeper parts are replaced (answers are JSON, never this deep in practice). */
const MAX_DEPTH = 64;

/** Hides the secrets of one client in text and in any value. Build one with {@link redactor}. */
export interface Redactor {
  /** The text with every secret and every URL userinfo replaced by `[redacted]`. Not shortened. */
  text(text: string): string;
  /**
   * A copy of the value with every string redacted as `text` does, object keys included, and every
   * number or boolean equal to a secret replaced. Returns the value itself when nothing had to change.
   */
  value<T>(value: T): T;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>\\]*@/gi;
const ELLIPSIS = /…|\.\.\./g;
const QUOTES = "\"'`";

const cache = new WeakMap<readonly unknown[], Redactor>();
const NONE: readonly unknown[] = [];

/** A redactor for these secrets (strings; anything else, and empty strings, are ignored). Cached per array. */
export function redactor(secrets: readonly unknown[] = NONE): Redactor {
  let r = cache.get(secrets);
  if (!r) {
    r = build(secrets);
    cache.set(secrets, r);
  }
  return r;
}

function build(given: readonly unknown[]): Redactor {
  const secrets = [...new Set(given.filter((s): s is string => typeof s === "string" && s.trim() !== "").flatMap(forms))];
  // Longest first: where two secrets overlap, the longer one is the one to hide.
  secrets.sort((a, b) => b.length - a.length);
  // Secrets a number or a boolean can print as ("401", "true"): such a value equal to one is hidden.
  const scalars = new Set(secrets.filter((s) => /^(?:-?[0-9][0-9.eE+-]*|true|false)$/.test(s)));
  const pattern = secrets.map(tokenPattern).join("|");
  const find = pattern ? new RegExp(pattern, "gu") : undefined;
  const cuttable = secrets.filter((s) => s.length >= 3);

  function text(input: string): string {
    let out = input;
    if (out.includes("@")) out = out.replace(USERINFO, `$1${REDACTED}@`);
    // Every match holds a secret as a substring: most strings hold none, and skip the pattern.
    if (find && secrets.some((s) => out.includes(s))) out = out.replace(find, REDACTED);
    if (cuttable.length > 0 && (out.includes("…") || out.includes("..."))) out = hideCutSecrets(out, cuttable);
    return out;
  }

  // Object keys repeat (every result of a batch answer has the same ones): their redaction is remembered.
  const keyCache = new Map<string, string>();
  function keyText(key: string): string {
    let out = keyCache.get(key);
    if (out === undefined) {
      out = text(key);
      if (keyCache.size >= 1000) keyCache.clear();
      keyCache.set(key, out);
    }
    return out;
  }

  function value(input: unknown, depth: number, seen: object[]): unknown {
    switch (typeof input) {
      case "string":
        return text(input);
      case "number":
      case "bigint":
      case "boolean":
        return scalars.size > 0 && scalars.has(String(input)) ? REDACTED : input;
      case "object": {
        if (input === null) return input;
        if (depth >= MAX_DEPTH) return "[too deep]";
        if (seen.includes(input)) return "[circular]";
        seen.push(input);
        try {
          if (Array.isArray(input)) {
            let copy: unknown[] | undefined;
            for (let i = 0; i < input.length; i++) {
              const item: unknown = input[i];
              const v = value(item, depth + 1, seen);
              if (v !== item) (copy ??= input.slice())[i] = v;
            }
            return copy ?? input;
          }
          // Copied only from the first change on: most values hold no secret and are returned as they are.
          const source = input as Record<string, unknown>;
          const names = Object.keys(source);
          let copy: Record<string, unknown> | undefined;
          for (let i = 0; i < names.length; i++) {
            const k = names[i]!;
            const item = source[k];
            const key = keyText(k);
            const v = value(item, depth + 1, seen);
            if (copy === undefined && (key !== k || v !== item)) {
              copy = {};
              for (let j = 0; j < i; j++) define(copy, names[j]!, source[names[j]!]);
            }
            if (copy !== undefined) define(copy, key, v);
          }
          return copy ?? input;
        } finally {
          seen.pop();
        }
      }
      default:
        return input;
    }
  }

  return {
    text,
    value: <T>(v: T) => value(v, 0, []) as T,
  };
}

/** An own property even for "__proto__" (an XML answer can have one): never a prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** The forms a secret takes in what a server sends back: as is, trimmed, percent-encoded, JSON- and XML-escaped. */
function forms(secret: string): string[] {
  const out = [secret, secret.trim()];
  try {
    out.push(encodeURIComponent(secret), encodeURI(secret));
  } catch {
    // A lone surrogate cannot be percent-encoded: then it is not in a URL either.
  }
  out.push(JSON.stringify(secret).slice(1, -1));
  out.push(secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;"));
  return out.filter((s) => s !== "");
}

/** A long secret matches anywhere; a short one only where it is not part of a longer word. */
function tokenPattern(secret: string): string {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  if ([...secret].length >= SHORT) return escaped;
  const chars = [...secret];
  const before = WORD_CHAR.test(chars[0]!) ? "(?<![\\p{L}\\p{N}])" : "";
  const after = WORD_CHAR.test(chars.at(-1)!) ? "(?![\\p{L}\\p{N}])" : "";
  return before + escaped + after;
}

/**
 * A snippet shortened by someone else ("…", or V8's `"SECRETTOKE"...`) may hold half a secret next to
 * the ellipsis: the end of the text before it that starts a secret, or the start of the text after it
 * that ends one (2 characters or more), is hidden.
 */
function hideCutSecrets(text: string, secrets: readonly string[]): string {
  const cuts: [number, number][] = [];
  for (const m of text.matchAll(ELLIPSIS)) {
    let end = m.index;
    if (end > 0 && QUOTES.includes(text[end - 1]!)) end--;
    let start = m.index + m[0].length;
    if (start < text.length && QUOTES.includes(text[start]!)) start++;
    for (const s of secrets) {
      for (let k = Math.min(s.length - 1, end); k >= 2; k--) {
        if (text.startsWith(s.slice(0, k), end - k)) {
          cuts.push([end - k, end]);
          break;
        }
      }
      for (let k = Math.min(s.length - 1, text.length - start); k >= 2; k--) {
        if (text.startsWith(s.slice(s.length - k), start)) {
          cuts.push([start, start + k]);
          break;
        }
      }
    }
  }
  if (cuts.length === 0) return text;
  cuts.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [from, to] of cuts) {
    if (to <= at) continue;
    out += text.slice(at, Math.max(at, from)) + REDACTED;
    at = to;
  }
  return out + text.slice(at);
}

/** Text cut short, so a large answer cannot flood a log. Redact first: cutting first could halve a secret. */
export function shorten(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;
}

/** Text for a message: every secret replaced, and cut short so a large answer cannot flood a log. */
export function redact(text: string, secrets: readonly string[]): string {
  return shorten(redactor(secrets).text(text));
}

/** The user and password of a URL (as written and decoded): secrets of a client whose base URL has them. */
export function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const part of [parsed.username, parsed.password]) {
    if (!part) continue;
    out.push(part);
    try {
      out.push(decodeURIComponent(part));
    } catch {
      // Not valid percent-encoding: the part as written is the secret.
    }
  }
  return out;
}

/** The messages of an error and of its causes ("fetch failed: connect ECONNREFUSED 127.0.0.1:1"). */
export function causeText(e: unknown): string {
  const parts: string[] = [];
  let at: unknown = e;
  for (let i = 0; i < 4 && at !== undefined && at !== null; i++) {
    const message = at instanceof Error ? at.message : typeof at === "object" && "message" in at ? String((at as { message: unknown }).message) : String(at);
    if (message && !parts.includes(message)) parts.push(message);
    at = typeof at === "object" && "cause" in at ? (at as { cause: unknown }).cause : undefined;
  }
  return parts.join(": ");
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
