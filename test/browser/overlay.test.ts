// The docs overlay (no browser, so it runs with `npm test`): specs/altcraft/overlays/ru.yaml applies cleanly,
// and a target that matches nothing fails naming the target.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { applyOverlay, OverlayError, parseOverlay } from "../../src/docs/overlay.js";
import { extractClientSnippet } from "../../src/docs/snippet.js";
import { escapeHtml } from "../../src/docs/site.js";
import { operationsOf } from "../../src/docs/spec-info.js";

const spec = parse(await readFile("specs/altcraft/openapi.yaml", "utf8")) as Record<string, unknown>;
const ruFile = "specs/altcraft/overlays/ru.yaml";

describe("docs overlay", () => {
  it("puts the Russian descriptions of updateProfile into a copy of the spec", async () => {
    const before = JSON.stringify(spec);
    const ru = await applyOverlay(spec, parseOverlay(parse(await readFile(ruFile, "utf8")), ruFile), ruFile);
    expect(JSON.stringify(spec)).toBe(before);
    const op = operationsOf(ru).find((o) => o.operationId === "updateProfile");
    expect(op?.summary).toBe("Обновить профиль");
    const schemas = (ru.components as { schemas: Record<string, { description?: string; properties?: Record<string, { description?: string }> }> }).schemas;
    expect(schemas.MatchingMode?.description).toContain("Режим поиска подписчика");
    expect(schemas.MatchingMode?.description).toContain("`email_phone_sub` – по email или телефону из подписок");
    expect(schemas.UpdateProfileFields?.properties?.db_id?.description).toBe("Идентификатор базы данных.");
    expect(schemas.SubscriptionStatus?.description).toContain("Статус подписки");
    // English stays where the overlay says nothing.
    expect(operationsOf(ru).find((o) => o.operationId === "updateProfilesBatch")?.summary).toBe("Update multiple profiles");
  });

  it("fails naming every target that matches nothing", async () => {
    const overlay = parseOverlay(
      {
        overlay: "1.0.0",
        info: { title: "t", version: "1" },
        actions: [
          { target: "$.components.schemas.MatchingMode", update: { description: "ok" } },
          { target: "$.components.schemas.NoSuchSchema", update: { description: "x" } },
          { target: "$.paths['/v1.1/profiles/gone'].post", update: { summary: "x" } },
        ],
      },
      "test.yaml",
    );
    const run = applyOverlay(spec, overlay, "test.yaml");
    await expect(run).rejects.toThrow(OverlayError);
    await expect(run).rejects.toThrow(/\$\.components\.schemas\.NoSuchSchema[\s\S]*\$\.paths\['\/v1\.1\/profiles\/gone'\]\.post/);
    await expect(run).rejects.not.toThrow(/MatchingMode/);
  });

  it("applies remove actions", async () => {
    const overlay = parseOverlay(
      { overlay: "1.0.0", info: { title: "t", version: "1" }, actions: [{ target: "$.components.schemas.UpdateProfileFields.properties.detect_geo", remove: true }] },
      "t.yaml",
    );
    const out = await applyOverlay(spec, overlay, "t.yaml");
    const props = (out.components as { schemas: Record<string, { properties: Record<string, unknown> }> }).schemas.UpdateProfileFields?.properties;
    expect(props).not.toHaveProperty("detect_geo");
    expect(props).toHaveProperty("db_id");
  });

  it("rejects a document that is not Overlay 1.0", () => {
    expect(() => parseOverlay({ overlay: "2.0.0", info: {}, actions: [{ target: "x" }] }, "bad.yaml")).toThrow(
      /bad\.yaml: not an OpenAPI Overlay 1\.0 document:[\s\S]*"overlay" must be 1\.0\.x[\s\S]*"info"[\s\S]*JSONPath[\s\S]*needs "update" or "remove: true"/,
    );
  });
});

describe("docs index helpers", () => {
  it("escapes HTML", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("cuts the snippet out of the generated client text, and fails loudly when it cannot", async () => {
    const source = await readFile("generated/altcraft/client.ts", "utf8");
    const s = extractClientSnippet(source, "generated/altcraft/client.ts", "./generated/altcraft/index.js");
    expect(s.factory).toBe("createAltcraftClient");
    expect(s.code).toContain("export function createAltcraftClient(options: AltcraftClientOptions)");
    expect(s.code).toContain("export interface AltcraftClientOptions");
    expect(s.code).toContain("updateProfile(body: UpdateProfileRequest, init: CallOptions = {}): Promise<UpdateProfileResponse>");
    expect(s.code).toContain(" * Update profile — `POST /v1.1/profiles/update`.");
    for (const line of s.code.split("\n").filter((l) => l.startsWith(" * "))) expect(source).toContain(line);
    expect(() => extractClientSnippet("export const x = 1;", "g/client.ts", "./g/index.js")).toThrow(/g\/client\.ts: cannot find/);
  });
});
