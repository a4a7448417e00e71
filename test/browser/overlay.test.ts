// The docs overlay (no browser, so it runs with `npm test`): specs/altcraft/overlays/ru.yaml applies cleanly,
// and a target that matches nothing fails naming the target.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { applyOverlay, OverlayError, parseOverlay } from "../../src/codegen/input/overlay.js";
import { loadSpecFile } from "../../src/codegen/generate.js";
import { checkSpec } from "../../src/codegen/check.js";
import type { LoadedSpec } from "../../src/codegen/load.js";
import { clientSnippet } from "../../src/docs/snippet.js";
import { escapeHtml } from "../../src/docs/site.js";
import { operationsOf } from "../../src/docs/spec-info.js";

const spec = parse(await readFile("specs/altcraft/openapi.yaml", "utf8")) as Record<string, unknown>;
const ruFile = "specs/altcraft/overlays/ru.yaml";
/** The plan of a document, as the docs builder makes it for each page. */
const planOf = (document: Record<string, unknown>) => checkSpec({ api: "altcraft", file: ruFile, document, locate: () => undefined, notes: [] } satisfies LoadedSpec);

describe("docs overlay", () => {
  it("puts the Russian descriptions of updateProfile into a copy of the spec", async () => {
    const before = JSON.stringify(spec);
    const ru = await applyOverlay(spec, parseOverlay(parse(await readFile(ruFile, "utf8")), ruFile), ruFile);
    expect(JSON.stringify(spec)).toBe(before);
    const op = operationsOf(planOf(ru)).find((o) => o.operationId === "updateProfile");
    expect(op?.summary).toBe("Обновить профиль");
    const schemas = (ru.components as { schemas: Record<string, { description?: string; properties?: Record<string, { description?: string }> }> }).schemas;
    expect(schemas.MatchingMode?.description).toContain("Режим поиска подписчика");
    expect(schemas.MatchingMode?.description).toContain("`email_phone_sub` – по email или телефону из подписок");
    expect(schemas.UpdateProfileFields?.properties?.db_id?.description).toBe("Идентификатор базы данных.");
    expect(schemas.SubscriptionStatus?.description).toContain("Статус подписки");
    // English stays where the overlay says nothing.
    expect(operationsOf(planOf(ru)).find((o) => o.operationId === "updateProfilesBatch")?.summary).toBe("Update multiple profiles");
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
      /bad\.yaml \/overlay: expected 1\.0\.x[\s\S]*bad\.yaml \/info: [\s\S]*bad\.yaml \/actions\/0\/target: expected a JSONPath[\s\S]*bad\.yaml \/actions\/0: needs "update" or "remove: true"/,
    );
  });
});

type Schema = { description?: string; $ref?: string; properties?: Record<string, Schema>; [k: string]: unknown };

const CYRILLIC = /[А-Яа-яЁё]/;
/** The backticked spans of a text (`email_sub`, `0`, `Authorization: Bearer <token>`): a translation keeps them all. */
const codeSpans = (s: string) => [...new Set([...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]))];

/** The description at a dotted path of a spec ("components.schemas.X.properties.y"), through a bare `$ref`. */
function descriptionAt(doc: Record<string, unknown>, dotted: string): string | undefined {
  let node: unknown = doc;
  for (const key of dotted.split(".")) node = (node as Record<string, unknown> | undefined)?.[key];
  const s = node as Schema | undefined;
  if (s?.description === undefined && typeof s?.$ref === "string") return descriptionAt(doc, s.$ref.replace(/^#\//, "").split("/").join("."));
  return s?.description;
}

/** Every description string anywhere under a node, with where it is. */
function descriptionsUnder(node: unknown, where: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(node)) node.forEach((v, i) => descriptionsUnder(v, `${where}[${i}]`, out));
  else if (typeof node === "object" && node !== null)
    for (const [k, v] of Object.entries(node)) {
      if (k === "description" && typeof v === "string") out.push([where, v]);
      else descriptionsUnder(v, `${where}.${k}`, out);
    }
  return out;
}

const overlayText = await readFile(ruFile, "utf8");
// The same functions `profilekit docs` runs (src/docs/site.ts).
const ru = await applyOverlay(spec, parseOverlay(parse(overlayText), ruFile), ruFile);

describe("Russian overlay: complete, in the vendor's wording (Altcraft's «Обновить профиль» page)", () => {
  const schemas = (ru.components as { schemas: Record<string, Schema> }).schemas;
  const S = "components.schemas";

  const CHANNELS = [
    "EmailSubscriptionByEmail",
    "EmailSubscriptionByEmailData",
    "SmsSubscription",
    "PushSubscription",
    "NotifySubscription",
    "ViberSubscription",
    "WhatsappSubscription",
    "TelegramBotSubscription",
  ];
  const LOOKUP = ["email", "phone", "profile_id", "provider", "subscription_id", "field_name", "field_value", "matching"];
  /** Every description the Russian page has (or the spec adds to its tables), and the vendor's words where it has them. */
  const required: [string, string | RegExp | null][] = [
    ["info", null],
    [`${S}.UpdateProfileResponse.properties.error`, /^Код ошибки/],
    [`${S}.UpdateProfileResponse.properties.error_text`, /^Текст ошибки/],
    [`${S}.UpdateProfileResponse.properties.profile_id`, /^Идентификатор профиля/],
    [`${S}.BatchItemResult.properties.error`, /^Код ошибки/],
    [`${S}.BatchItemResult.properties.error_text`, /^Текст ошибки/],
    [`${S}.BatchItemResult.properties.profile_id`, /^Идентификатор профиля/],
    ...CHANNELS.flatMap((c): [string, string | RegExp | null][] => [
      [`${S}.${c}`, null],
      [`${S}.${c}.properties.channel`, "Тип канала."],
      [`${S}.${c}.properties.resource_id`, "Идентификатор ресурса."],
    ]),
    [`${S}.EmailSubscriptionByEmail.properties.email`, "Email-адрес."],
    [`${S}.EmailSubscriptionByEmailData.properties.email_data`, null],
    [`${S}.EmailSubscriptionByEmailData.properties.email_data.properties.email`, "Email-адрес."],
    [`${S}.SmsSubscription.properties.phone`, "Номер телефона."],
    [`${S}.PushSubscription.properties.provider`, "Тип провайдера."],
    [`${S}.PushSubscription.properties.subscription_id`, "Идентификатор подписки."],
    [`${S}.TelegramBotSubscription.properties.cc_data`, /^ID чата с Telegram-ботом/],
    [`${S}.TelegramBotSubscription.properties.cc_data.properties.id`, "ID чата с Telegram-ботом."],
    [`${S}.WhatsappSubscription.properties.cc_data`, "Телефон профиля в WhatsApp."],
    [`${S}.ViberSubscription.properties.cc_data`, "Телефон профиля в Viber."],
    [`${S}.PhoneChannelData`, null],
    [`${S}.PhoneChannelData.properties.phone`, /WhatsApp.*Viber/],
    ...LOOKUP.map((f): [string, null] => [`${S}.UpdateProfileFields.properties.${f}`, null]),
  ];

  it.each(required)("%s is Russian", (where, words) => {
    const text = descriptionAt(ru, where);
    expect(text, where).toMatch(CYRILLIC);
    if (typeof words === "string") expect(text, where).toBe(words);
    else if (words) expect(text, where).toMatch(words);
  });

  it("keeps every code span of the English text (modes, fields, codes) in the Russian one", () => {
    for (const [where] of required) {
      const en = descriptionAt(spec, where) ?? "";
      const text = descriptionAt(ru, where) ?? "";
      for (const code of codeSpans(en)) expect(codeSpans(text), `${where}: \`${code}\``).toContain(code);
    }
  });

  it("translates every paragraph of the API description: authentication, formats, errors, matching", () => {
    const en = (spec.info as { description: string }).description;
    const text = (ru.info as { description: string }).description;
    const headings: Record<string, string> = { Authentication: "Авторизация", Formats: "Форматы", Errors: "Ошибки", Matching: "Режим поиска" };
    const enHeadings = [...en.matchAll(/\*\*([^*]+?)\.\*\*/g)].map((m) => m[1] ?? "");
    expect(enHeadings).toEqual(Object.keys(headings));
    for (const h of enHeadings) expect(text, h).toContain(`**${headings[h]}.**`);
    expect(text.split(/\n\s*\n/).length, "as many paragraphs as the English").toBe(en.split(/\n\s*\n/).length);
    expect(text).toMatch(/HTTP 200/);
    expect(text).toMatch(/`error` \(код ошибки, `0` — успешно\)/);
    expect(text).toMatch(/`error_text` \(текст ошибки\)/);
    const flat = text.replace(/\s+/g, " ");
    for (const code of ["`400` (некорректный запрос)", "`401` (требуется токен)", "`402` (достигнут лимит тарифа)", "`403` (доступ запрещён)"]) expect(flat, code).toContain(code);
    expect(text).not.toMatch(/\b(?:Authentication|Errors|Matching|answers)\b/);
  });

  it("keeps the batch method's 0 / -1 rule in the shared SubscriptionStatus and SubscriptionPriority", () => {
    for (const name of ["SubscriptionStatus", "SubscriptionPriority"]) {
      const text = schemas[name]?.description ?? "";
      expect(text, name).toMatch(CYRILLIC);
      expect(text, name).toMatch(/Значение `0` учитывается/);
      expect(text.replace(/\s+/g, " "), name).toContain("чтобы не менять значение, не передавайте параметр или передайте `-1`");
    }
  });

  it("gives every *Subscription schema (and everything described inside it) a Russian description", () => {
    // UpdateProfilesBatch* are the batch request's schemas: the vendor has no Russian batch page.
    const names = Object.keys(schemas).filter((n) => n.endsWith("Subscription") && !n.startsWith("UpdateProfilesBatch"));
    expect(names).toEqual(expect.arrayContaining([...CHANNELS.filter((c) => c.endsWith("Subscription")), "Subscription", "EmailSubscription", "UpdateProfileByPushSubscription"]));
    for (const name of [...names, "EmailSubscriptionByEmailData", "EmailSubscriptionByEmail", "PhoneChannelData"]) {
      expect(schemas[name]?.description, name).toMatch(CYRILLIC);
      for (const [where, text] of descriptionsUnder(schemas[name], name)) expect(text, where).toMatch(CYRILLIC);
    }
  });

  it("has none of the page's awkward spots left, anywhere in the Russian spec", () => {
    const all = descriptionsUnder(ru, "$");
    expect(all.length).toBeGreaterThan(50);
    for (const [where, text] of all) {
      expect(text, where).not.toContain("API токен");
      expect(text, where).not.toContain("geo данных");
      expect(text, where).not.toMatch(/Telegram-бот(?!ом)/);
      expect(text, where).not.toContain("Телефо н");
    }
    expect(all.filter(([, t]) => t.includes("API-токен")).length).toBeGreaterThanOrEqual(2);
    expect(descriptionAt(ru, `${S}.UpdateProfileFields.properties.detect_geo`)).toContain("геоданных");
  });

  it("names the vendor's page, not a path outside the repository", () => {
    expect(overlayText).not.toMatch(/shared\/seeds|\.\.\//);
    expect(overlayText).toContain("«Обновить профиль»");
    expect(overlayText).toContain("/v1.1/profiles/update");
  });
});

describe("docs index helpers", () => {
  it("escapes HTML", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("builds the snippet from the plan, saying what the generated client says; an unknown operation fails loudly", async () => {
    const source = await readFile("generated/altcraft/client.ts", "utf8");
    const plan = checkSpec(await loadSpecFile("specs/altcraft/openapi.yaml"));
    const s = clientSnippet(plan, "generated/altcraft/client.ts", "./generated/altcraft/index.js");
    expect(s.factory).toBe("createAltcraftClient");
    expect(s.code).toContain("export function createAltcraftClient(options: AltcraftClientOptions)");
    expect(s.code).toContain("export interface AltcraftClientOptions");
    expect(s.code).toContain('updateProfile(body: UpdateProfileRequest, init: Omit<CallOptions, "contentType"> = {}): Promise<UpdateProfileResponse>');
    expect(s.code).toContain(" * Update profile — `POST /v1.1/profiles/update`.");
    for (const line of s.code.split("\n").filter((l) => l.startsWith(" * "))) expect(source).toContain(line);
    // The options interface and the method's JSDoc appear in the generated client exactly as shown.
    expect(source).toContain(s.code.slice(s.code.indexOf("/**"), s.code.indexOf("\n}\n") + 2));
    expect(() => clientSnippet(plan, "generated/altcraft/client.ts", "./generated/altcraft/index.js", "deleteEverything")).toThrow(/no operation deleteEverything/);
  });
});
