import { expect, test } from "vitest";
import { DEFAULT_CREDENTIALS } from "../../src/sandbox/index.js";
import { runDemo } from "../../src/sandbox/demo.js";

// `npm run demo` is the README's main job: it must run every operation and end by itself with 0, printing no secret.
test("the demo runs every operation against the sandbox and ends with 0", async () => {
  const lines: string[] = [];
  expect(await runDemo((l) => lines.push(l))).toBe(0);
  const out = lines.join("\n");
  for (const op of ["updateProfile", "updateProfilesBatch", "patchSubscriber", "replaceSubscriber", "updateContact"]) expect(out).toContain(op);
  expect(out).toContain("(application/xml)");
  expect(out).toContain('store: profile 54759eb3c090d83494e2d804: _fname "Olly" → "Olivia"');
  for (const secret of Object.values(DEFAULT_CREDENTIALS)) expect(out).not.toContain(secret);
});
