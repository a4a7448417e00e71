import { defineConfig } from "vitest/config";

// `npm run test:queue` (after `npm run build`): the import queue against a real Redis — Debian's
// redis-server on a free port — with producer, workers and sandbox as processes of the built CLI.
// Kept apart from `npm test`, which a clone without redis-server must pass. `--mode soak` (npm run
// test:soak) runs the kill test at 100,000 profiles.
export default defineConfig({
  test: {
    include: ["test/queue/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
