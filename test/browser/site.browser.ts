// The documentation site (`profilekit docs`) in a real browser: Debian's chromium (/usr/bin/chromium), never a
// downloaded one, driven by playwright-core. Builds the site into a temp dir, serves it on loopback, opens every
// page and checks what a reader must see. Screenshots go to test/artifacts/docs/ (git-ignored).
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite, type SiteManifest } from "../../src/docs/site.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = path.resolve("test/artifacts/docs");

let dir: string;
let profile: string;
let site: SiteManifest;
let server: Server;
let base: string;
let browser: BrowserContext;
const external: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  dir = await mkdtemp(path.join(os.tmpdir(), "profilekit-site-"));
  profile = await mkdtemp(path.join(os.tmpdir(), "profilekit-chromium-"));
  site = await buildSite({ outDir: dir });
  server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname).replace(/^\/+/, "") || "index.html";
    if (name.includes("..") || name.includes("/")) return void res.writeHead(404).end();
    readFile(path.join(dir, name)).then(
      (body) => res.writeHead(200, { "content-type": name.endsWith(".html") ? "text/html; charset=utf-8" : "application/octet-stream" }).end(body),
      () => res.writeHead(404).end("not found"),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A fresh profile (--user-data-dir): playwright takes it as launchPersistentContext's first argument.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
  if (profile) await rm(profile, { recursive: true, force: true });
});

interface Visit {
  text: string;
  errors: string[];
}

/**
 * Opens a page of the site and returns its visible text and every console error; no request may leave
 * loopback. With `operation`, then follows the overview's link to that operation (Redoc renders one
 * operation at a time, routed by the URL hash) and returns the operation's text.
 */
async function open(file: string, operation?: { method: string; path: string; summary: string; operationId: string }): Promise<Visit> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${m.text()} ${m.location().url}`);
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    external.push(`${file}: ${url}`);
    return route.abort();
  });
  try {
    await page.goto(`${base}/${file}`, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    let shot = file.replace(/\.html$/, "");
    if (operation) {
      const want = `${operation.method} ${operation.path}`;
      const overviewLinks = () =>
        page.evaluate(
          (w) => [...document.querySelectorAll<HTMLAnchorElement>('a[href^="#/"]')].filter((a) => a.innerText.replace(/\s+/g, " ").trim() === w).map((a) => a.getAttribute("href") ?? ""),
          want,
        );
      let hrefs = await overviewLinks();
      // Redoc (@redocly/cli 2.x) opens on the API description alone; an operation's overview link is on its
      // tag's page. Open the sidebar's tags one by one until one lists the operation.
      const tags = hrefs.length > 0 ? [] : await page.locator('.menu-content [data-component-name="Menu/MenuItem"].menu-item-type-group > a').all();
      for (const tag of tags) {
        await tag.click();
        await page
          .waitForFunction((w) => [...document.querySelectorAll<HTMLAnchorElement>('a[href^="#/"]')].some((a) => a.innerText.replace(/\s+/g, " ").trim() === w), want, { timeout: 5_000 })
          .catch(() => {});
        hrefs = await overviewLinks();
        if (hrefs.length > 0) break;
      }
      expect(hrefs, `${file}: one overview link to ${want}`).toHaveLength(1);
      await page.locator(`a[href="${hrefs[0]}"]`).first().click();
      // The summary is in the sidebar already: wait for the operation's own content (ids under its anchor).
      await page.waitForFunction((a) => document.querySelector(`[id^="${a}/"]`) !== null, (hrefs[0] ?? "").replace(/^#\//, ""), { timeout: 15_000 }).catch(() => {});
      await page.waitForFunction((s) => document.body.innerText.includes(s), operation.summary, { timeout: 15_000 }).catch(() => {});
      await page.waitForLoadState("networkidle");
      shot += `-${operation.operationId}`;
    }
    const text = await page.evaluate(() => document.body.innerText);
    await page.screenshot({ path: path.join(ARTIFACTS, `${shot}.png`) });
    return { text, errors };
  } finally {
    await page.close();
  }
}

describe("documentation site in chromium", () => {
  it("has index.html linking every page, both languages of Altcraft included", async () => {
    const { text, errors } = await open("index.html");
    expect(errors).toEqual([]);
    const html = await readFile(path.join(dir, "index.html"), "utf8");
    for (const p of site.pages) expect(html).toContain(`href="${p.file}"`);
    expect(site.pages.map((p) => p.file)).toEqual(expect.arrayContaining(["altcraft.html", "altcraft.ru.html", "edna.html", "pushtech.html"]));
    expect(text).toContain("Русский");
    for (const p of site.pages.filter((q) => q.lang === "en")) {
      for (const op of p.operations) {
        expect(text).toContain(op.operationId);
        expect(text).toContain(op.summary);
      }
    }
    expect(text).toMatch(/createAltcraftClient\(options: AltcraftClientOptions\)/);
  });

  it("renders every reference page with every operation title and top-level request parameter", async () => {
    expect(site.pages.length).toBeGreaterThanOrEqual(4);
    for (const p of site.pages) {
      const overview = await open(p.file);
      expect(overview.errors, `console errors on ${p.file}`).toEqual([]);
      expect(overview.text, `${p.file}: API title`).toContain(String((p.spec.info as { title?: string }).title));
      expect(p.operations.length, p.file).toBeGreaterThan(0);
      for (const op of p.operations) {
        expect(op.summary, `${p.file} ${op.operationId} has a summary`).not.toBe("");
        const { text, errors } = await open(p.file, op);
        expect(errors, `console errors on ${p.file} ${op.operationId}`).toEqual([]);
        expect(text, `${p.file}: title of ${op.operationId}`).toContain(op.summary);
        expect(op.parameters.length, `${p.file} ${op.operationId} has request parameters`).toBeGreaterThan(0);
        for (const param of op.parameters) expect(text, `${p.file}: parameter ${param} of ${op.operationId}`).toContain(param);
      }
    }
  });

  it("shows Russian text on the Russian Altcraft page, English on the English one", async () => {
    const update = (p: string) => {
      const op = site.pages.find((q) => q.file === p)?.operations.find((o) => o.operationId === "updateProfile");
      if (!op) throw new Error(`${p}: no updateProfile`);
      return op;
    };
    const ru = await open("altcraft.ru.html", update("altcraft.ru.html"));
    expect(ru.text).toMatch(/[А-Яа-яЁё]{4,}/);
    expect(ru.text).toContain("Обновить профиль");
    expect(ru.text).toContain("Режим поиска подписчика");
    expect(ru.text).toContain("Идентификатор базы данных");
    expect(ru.text).toContain("API-токен");
    expect(ru.text).not.toContain("API токен");
    // The answer's fields (Возвращаемые параметры), in the vendor's words.
    expect(ru.text).toContain("Код ошибки");
    expect(ru.text).toContain("Текст ошибки");
    expect(ru.text).toContain("Идентификатор профиля");
    expect(ru.text).not.toMatch(/Error (?:code|text)/);
    // The subscriptions' fields: Redoc shows `data.subscriptions` (a oneOf of the channel schemas) as
    // "Array of any" without its fields, on either page, so they are checked in the page's embedded spec.
    const ruHtml = await readFile(path.join(dir, "altcraft.ru.html"), "utf8");
    for (const words of ["Тип канала", "Идентификатор ресурса", "Телефон профиля в Viber", "ID чата с Telegram-ботом"]) expect(ruHtml, words).toContain(words);
    expect(ruHtml).not.toContain("Channel type");
    const en = await open("altcraft.html", update("altcraft.html"));
    expect(en.text).toContain("Update profile");
    expect(en.text).not.toContain("Обновить профиль");
  });

  it("fetched nothing outside the loopback server (the pages are self-contained)", () => {
    expect(external).toEqual([]);
  });
});
