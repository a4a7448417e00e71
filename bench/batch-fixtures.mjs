// What the batch benchmarks send, and the server they send it to. Plain JavaScript: the memory run
// imports it from a Node process without a TypeScript loader (types: batch-fixtures.d.mts).

/** A synthetic profile of about 300 B – 2 KB of JSON, some of it multi-byte. */
export function syntheticProfile(i) {
  const words = 1 + ((i * 7919) % 40);
  return {
    Custom_ID: i,
    _fname: i % 5 === 0 ? "Jérôme" : "Olly",
    _lname: "Lambert",
    email: `user${i}@example.com`,
    phones: ["+79000000000"],
    _bdate: "1990-02-22",
    note: "Профиль клиента ".repeat(words).slice(0, 40 * words),
    subscriptions: [{ channel: "email", email: `user${i}@example.com`, resource_id: 1 + (i % 3), status: "subscribed" }],
  };
}

/**
 * `count` profiles read from `distinct` held ones, cycled: the input of a timed run. Holding a million
 * objects would time V8's collections of the caller's data (a full GC walks them all), not the engine.
 */
export function* cycled(count, distinct = 10_000) {
  const held = Array.from({ length: Math.min(count, distinct) }, (_, i) => syntheticProfile(i));
  for (let i = 0; i < count; i++) yield held[i % held.length];
}

// A server's own memory is not the client's: its answer for n items is written once.
const answers = new Map();
function answerFor(n) {
  if (!answers.has(n)) answers.set(n, JSON.stringify({ error: 0, error_text: "ok", result: Array.from({ length: n }, () => ({ error: 0, error_text: "ok", profile_id: "p" })) }));
  return answers.get(n);
}

/**
 * A fetch standing in for Altcraft's update_batch: it reads each request as a server does, piece by
 * piece, counting the items by `marker` (a marker may straddle two pieces; the body is never held
 * whole), waits `delayMs`, and answers with one success result per item.
 */
export function altcraftServer(marker, delayMs = 0) {
  const needle = Buffer.from(marker);
  return async (request) => {
    let n = 0;
    let tail = Buffer.alloc(0);
    const reader = request.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const piece = Buffer.from(read.value.buffer, read.value.byteOffset, read.value.byteLength);
      const seam = Buffer.concat([tail, piece.subarray(0, needle.length - 1)]);
      for (let at = seam.indexOf(needle); at !== -1; at = seam.indexOf(needle, at + 1)) n++;
      for (let at = piece.indexOf(needle); at !== -1; at = piece.indexOf(needle, at + needle.length)) n++;
      tail = Buffer.from(piece.subarray(Math.max(0, piece.length - needle.length + 1)));
    }
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return new Response(answerFor(n), { headers: { "content-type": "application/json" } });
  };
}
