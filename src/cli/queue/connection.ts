/**
 * The Redis behind `--queue`: its URL checked and shown without its password, a connection that
 * fails fast at start (a worker then reconnects on its own), and the names every part agrees on.
 *
 * BullMQ and ioredis are loaded only by the queue commands (this folder is imported dynamically):
 * a local import, the generated clients and the runtime never load them.
 */
import { Redis } from "ioredis";
import { redact } from "../../runtime/redact.js";

/** The BullMQ queue the producer fills and the workers take from, under the `profilekit` key prefix. */
export const QUEUE_NAME = "import";
export const KEY_PREFIX = "profilekit";

/** A queue URL that will not do, or a Redis that cannot be reached: the message is for the user (no password in it). */
export class QueueError extends Error {
  override name = "QueueError";
}

export interface QueueUrl {
  /** As given: what ioredis connects with. */
  url: string;
  /** As messages show it: the password replaced. */
  shown: string;
  /** The password and user name, kept out of every message. */
  secrets: string[];
}

/** Reads `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS); a QueueError says what was expected. */
export function parseQueueUrl(text: string): QueueUrl {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new QueueError(`--queue expects a Redis URL such as redis://127.0.0.1:6379/0, found ${JSON.stringify(redact(text, passwordOf(text)))}`);
  }
  const secrets = [decodeURIComponent(u.password), u.password].filter((s) => s !== "");
  const shownUrl = new URL(u.href);
  if (shownUrl.password !== "") shownUrl.password = "***";
  const shown = shownUrl.href;
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw new QueueError(`--queue expects a redis:// or rediss:// URL, found ${shown}`);
  if (u.hostname === "") throw new QueueError(`--queue ${shown} names no host`);
  if (!/^\/?(?:[0-9]{1,2})?$/.test(u.pathname)) throw new QueueError(`--queue ${shown}: the path is the database number (0–15, e.g. /0), found ${JSON.stringify(u.pathname)}`);
  if (u.search !== "" || u.hash !== "") throw new QueueError(`--queue ${shown}: no query or fragment is read; give redis://host:port/db`);
  return { url: text, shown, secrets };
}

function passwordOf(text: string): string[] {
  const m = /^[a-z]+:\/\/[^:/@]*:([^@/]*)@/i.exec(text);
  return m?.[1] ? [m[1]] : [];
}

/**
 * A connection, open: ioredis with `maxRetriesPerRequest: null` (BullMQ's workers block on Redis).
 * The first connect is tried for at most `timeoutMs`; a QueueError names the URL (password hidden)
 * and the reason.
 */
export async function connect(q: QueueUrl, timeoutMs = 5_000): Promise<Redis> {
  const redis = new Redis(q.url, { maxRetriesPerRequest: null, lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: (times) => Math.min(times * 200, 2_000) });
  // Without a listener, ioredis prints every reconnection error itself; the command says what failed instead.
  let lastError: Error | undefined;
  redis.on("error", (e: Error) => (lastError = e));
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      redis.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    const cause = lastError ?? (e as Error); // "Connection is closed" says less than the socket's error
    const why = (cause as NodeJS.ErrnoException).code ?? cause.message;
    throw new QueueError(`cannot reach Redis at ${q.shown}: ${redact(String(why), q.secrets)}`);
  } finally {
    clearTimeout(timer);
  }
  return redis;
}
