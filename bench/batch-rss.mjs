// Run by bench/batch.ts in a fresh plain Node process on the built package (dist/, as users run it, no
// TypeScript loader): stream N generated profiles through the client's `updateProfilesBatch.stream`
// (concurrency 4, validation on) into a fetch that reads each request and answers after 5 ms with one
// result per item, as a server would; print the peak RSS.
import { createAltcraftClient } from "../dist/generated/altcraft/index.js";
import { syntheticProfile } from "./profiles.mjs";

const count = Number(process.argv[2] ?? 1_000_000);
const marker = Buffer.from('"Custom_ID":');

// A server's own memory is not the client's: its answer for n items is written once.
const answers = new Map();
function answerFor(n) {
  if (!answers.has(n)) answers.set(n, JSON.stringify({ error: 0, error_text: "ok", result: Array.from({ length: n }, () => ({ error: 0, error_text: "ok", profile_id: "p" })) }));
  return answers.get(n);
}

/** A server that answers each chunk after 5 ms: one result per item, counted in its bytes as they are read. */
async function server(request) {
  let n = 0;
  let tail = Buffer.alloc(0);
  // Read as a server does, piece by piece, never holding the body whole (a marker may straddle two pieces).
  const reader = request.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    const piece = Buffer.from(read.value.buffer, read.value.byteOffset, read.value.byteLength);
    const seam = Buffer.concat([tail, piece.subarray(0, marker.length - 1)]);
    for (let at = seam.indexOf(marker); at !== -1; at = seam.indexOf(marker, at + 1)) n++;
    for (let at = piece.indexOf(marker); at !== -1; at = piece.indexOf(marker, at + marker.length)) n++;
    tail = Buffer.from(piece.subarray(Math.max(0, piece.length - marker.length + 1)));
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
  return new Response(answerFor(n), { headers: { "content-type": "application/json" } });
}

const client = createAltcraftClient({ baseUrl: "https://altcraft.example/api", token: "bench-token-123", fetch: server });
function* profiles() {
  for (let i = 0; i < count; i++) yield syntheticProfile(i);
}
let accepted = 0;
for await (const chunk of client.updateProfilesBatch.stream({ db_id: 1, matching: "custom", field_name: "Custom_ID" }, profiles(), { concurrency: 4 })) {
  for (const o of chunk.items) if (o.status === "accepted") accepted++;
}
if (accepted !== count) throw new Error(`accepted ${accepted} of ${count}`);
console.log(`maxRss=${process.resourceUsage().maxRSS}`);
