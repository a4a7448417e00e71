// Run by bench/batch.ts in a fresh process: stream N generated profiles through the batch engine into a
// sink that takes a moment per chunk (as a server would), concurrency 4; print the peak RSS.
import { streamBatch } from "../src/runtime/batch.js";
import { batchTransport, syntheticProfile } from "./batch.js";

const count = Number(process.argv[2] ?? 1_000_000);
const base = batchTransport();
const transport = {
  ...base,
  send: async (body: string) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const n = (body.match(/"Custom_ID":/g) ?? []).length;
    return { error: 0, error_text: "ok", result: Array.from({ length: n }, () => ({ error: 0, error_text: "ok", profile_id: "p" })) };
  },
};
function* profiles() {
  for (let i = 0; i < count; i++) yield syntheticProfile(i);
}
let accepted = 0;
const spec = { items: "data", maxItems: 10_000, maxBytes: 10_485_760, results: ["result"], code: ["error"], success: 0, message: ["error_text"] };
for await (const chunk of streamBatch(profiles(), spec, transport, { concurrency: 4 })) {
  for (const o of chunk.items) if (o.status === "accepted") accepted++;
}
if (accepted !== count) throw new Error(`accepted ${accepted} of ${count}`);
console.log(`maxRss=${process.resourceUsage().maxRSS}`);
