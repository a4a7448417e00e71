import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Needs redis-server: `npm run test:queue` (vitest.queue.config.ts).
    exclude: [...configDefaults.exclude, "test/queue/**"],
    testTimeout: 30_000,
  },
});
