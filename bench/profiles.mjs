// The profiles the batch benchmarks send. Plain JavaScript: the memory run imports it from a Node
// process without a TypeScript loader (types: profiles.d.mts).

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
