import { defineConfig } from "vitest/config";

// `npm run test:browser`: the documentation site in a real browser (Debian's /usr/bin/chromium via
// playwright-core). Kept apart from `npm test`, whose config only takes test/**/*.test.ts.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.browser.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
