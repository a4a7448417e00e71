// Run by bench/batch.ts in a fresh plain Node process on the built package (dist/, as users run it, no
// TypeScript loader): stream N generated profiles through the client's `updateProfilesBatch.stream`
// (concurrency 4, validation on) into a fetch that reads each request and answers after 5 ms with one
// result per item, as a server would; print the peak RSS.
import { createAltcraftClient } from "../dist/generated/altcraft/index.js";
import { altcraftServer, syntheticProfile } from "./batch-fixtures.mjs";

const count = Number(process.argv[2] ?? 1_000_000);
const client = createAltcraftClient({ baseUrl: "https://altcraft.example/api", token: "bench-token-123", fetch: altcraftServer('"Custom_ID":', 5) });
function* profiles() {
  for (let i = 0; i < count; i++) yield syntheticProfile(i);
}
let accepted = 0;
for await (const chunk of client.updateProfilesBatch.stream({ db_id: 1, matching: "custom", field_name: "Custom_ID" }, profiles(), { concurrency: 4 })) {
  for (const o of chunk.items) if (o.status === "accepted") accepted++;
}
if (accepted !== count) throw new Error(`accepted ${accepted} of ${count}`);
console.log(`maxRss=${process.resourceUsage().maxRSS}`);
