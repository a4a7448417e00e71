import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { applyOverlay, loadOverlay } from "../codegen/input/overlay.js";
import { findSources, isTranslationOverlay } from "../codegen/input/sources.js";
import { checkSpec } from "../codegen/check.js";
import { loadApi } from "../codegen/input/load-api.js";
import type { ApiPlan } from "../codegen/plan/types.js";
import { clientSnippet, type ClientSnippet } from "./snippet.js";
import { authOf, operationsOf, type AuthInfo, type OperationInfo } from "./spec-info.js";

const run = promisify(execFile);

export interface BuildSiteOptions {
  /** Where <api>/openapi.{yaml,yml,json} (and <api>/overlays/<lang>.yaml) are. Default: a profilekit.config.* in the working folder, else specs. */
  specsDir?: string | undefined;
  /** A config file naming the APIs, as `profilekit generate --config` reads it. */
  configFile?: string | undefined;
  /** Where the generated clients (<api>/client.ts) are. Default: generated. */
  generatedDir?: string;
  /** The output folder. Default: site. */
  outDir?: string;
  log?: (line: string) => void;
}

/** One HTML page of the site: an API's reference in one language. */
export interface SitePage {
  api: string;
  /** "en" for the spec as written, else the overlay's name (overlays/ru.yaml → "ru"). */
  lang: string;
  /** File name inside the output folder, e.g. altcraft.ru.html. */
  file: string;
  title: string;
  /** The spec the page was built from (with the overlay applied). */
  spec: Record<string, unknown>;
  /** Its plan: what the index lists comes from here, translated where the overlay translates. */
  plan: ApiPlan;
  operations: OperationInfo[];
}

export interface SiteManifest {
  outDir: string;
  index: string;
  pages: SitePage[];
}

const LANGUAGE_NAMES: Record<string, string> = { en: "English", ru: "Русский" };

/**
 * Builds the static documentation site: one self-contained Redoc page per API and language
 * (Redocly `build-docs --inlineBundle`: scripts inlined, nothing fetched at view time), plus
 * index.html listing every API, its operations, its auth and a snippet from its generated client.
 */
export async function buildSite(o: BuildSiteOptions = {}): Promise<SiteManifest> {
  const generatedDir = o.generatedDir ?? "generated";
  const outDir = o.outDir ?? "site";
  const log = o.log ?? (() => {});
  // The APIs as the generator finds them (a config file or the folder convention), loaded as it loads
  // them: bundled, converted from Swagger 2.0, with their overlays.
  const { sources } = await findSources({ cwd: process.cwd(), ...(o.specsDir !== undefined ? { specsDir: o.specsDir } : {}), ...(o.configFile !== undefined ? { configFile: o.configFile } : {}) });
  if (sources.length === 0) throw new Error(`no API to document: no <api>/openapi.yaml under ${o.specsDir ?? "specs"} and no profilekit.config.*`);

  // Everything that can fail on content (overlays, snippets) runs before anything is built.
  const jobs: { api: string; lang: string; specFile: string; spec: Record<string, unknown>; plan: ApiPlan }[] = [];
  const snippets = new Map<string, ClientSnippet>();
  for (const source of sources) {
    const api = source.api;
    // The plan comes first, checked as the generator checks it: a broken spec stops here.
    const loaded = await loadApi(source);
    const plan = checkSpec(loaded, source.clientName ? { typeName: source.clientName } : {});
    const spec = loaded.document;
    jobs.push({ api, lang: "en", specFile: loaded.file, spec, plan });
    const overlaysDir = path.join(path.dirname(source.input), "overlays");
    if (existsSync(overlaysDir)) {
      // Only translations (overlays named as a language tag, ru.yaml); the other overlays are applied before generation.
      for (const f of (await readdir(overlaysDir)).filter(isTranslationOverlay).sort()) {
        const overlayFile = path.relative(process.cwd(), path.join(overlaysDir, f)).split(path.sep).join("/");
        const { overlay, locate } = await loadOverlay(overlayFile, overlayFile);
        const overlaid = await applyOverlay(spec, overlay, overlayFile, locate);
        const translated = checkSpec({ ...loaded, file: overlayFile, document: overlaid }, source.clientName ? { typeName: source.clientName } : {});
        jobs.push({ api, lang: f.replace(/\.(ya?ml|json)$/, ""), specFile: overlayFile, spec: overlaid, plan: translated });
      }
    }
    // The snippet comes from the API's plan, as the client does.
    const apiDir = source.output !== undefined ? path.relative(process.cwd(), source.output).split(path.sep).join("/") : path.posix.join(generatedDir.split(path.sep).join("/"), api);
    snippets.set(api, clientSnippet(plan, `${apiDir}/client.ts`, `./${apiDir}/index.js`));
  }

  await mkdir(outDir, { recursive: true });
  const tmp = await mkdtemp(path.join(os.tmpdir(), "profilekit-docs-"));
  try {
    const pages = await Promise.all(
      jobs.map(async (job): Promise<SitePage> => {
        const file = job.lang === "en" ? `${job.api}.html` : `${job.api}.${job.lang}.html`;
        // Redocly reads the document as the generator saw it (bundled, converted, overlaid), from a file of its own.
        const input = path.join(tmp, `${job.api}.${job.lang}.yaml`);
        await writeFile(input, stringify(job.spec, { lineWidth: 0 }));
        const info = (job.spec.info ?? {}) as { title?: string };
        const title = `${info.title ?? job.api}${job.lang === "en" ? "" : ` (${LANGUAGE_NAMES[job.lang] ?? job.lang})`}`;
        await redoclyBuildDocs(input, path.join(outDir, file), title);
        await makeSelfContained(path.join(outDir, file));
        log(`docs: ${path.join(outDir, file)}`);
        return { api: job.api, lang: job.lang, file, title, spec: job.spec, plan: job.plan, operations: operationsOf(job.plan) };
      }),
    );
    const index = path.join(outDir, "index.html");
    await writeFile(index, renderIndex(pages, snippets));
    log(`docs: ${index}`);
    return { outDir, index: "index.html", pages };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function redoclyBuildDocs(spec: string, out: string, title: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("@redocly/cli/package.json");
  const bin = path.join(path.dirname(pkg), (require(pkg) as { bin: Record<string, string> }).bin.redocly ?? "bin/cli.js");
  try {
    await run(process.execPath, [bin, "build-docs", spec, "--inlineBundle", "--title", title, "-o", out], {
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_UPDATE_NOTIFIER: "1" },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`redocly build-docs ${spec} failed: ${(err.stderr || err.stdout || err.message).trim()}`);
  }
}

/** Redoc's "API docs by Redocly" badge loads its logo from Redocly's CDN at view time: these replace it. */
const REDOC_LOGOS: Record<string, string> = {
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg": svgText("Redocly", 64),
  "https://cdn.redoc.ly/redoc/logo-mini.svg": svgText("R", 12),
};

function svgText(text: string, width: number): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16"><text x="0" y="13" font-family="sans-serif" font-size="13" font-weight="600" fill="#0044d4">${text}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * Makes a built page work offline: the Redoc badge's logo and the favicon become inline data, and
 * a page that still loads a script, style sheet, image or frame from elsewhere fails the build.
 */
async function makeSelfContained(file: string): Promise<void> {
  let html = await readFile(file, "utf8");
  for (const [url, data] of Object.entries(REDOC_LOGOS)) html = html.split(url).join(data);
  if (!/<link[^>]+rel=["']?(?:shortcut )?icon/i.test(html)) html = html.replace(/<head>/i, `<head>\n<link rel="icon" href="data:,">`);
  const external = /<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i.exec(html) ?? /https:\/\/cdn\.redoc\.ly\/[^"'`\s]+/.exec(html);
  if (external) throw new Error(`${file}: not self-contained, it loads ${external[0]}`);
  await writeFile(file, html);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

function renderIndex(pages: SitePage[], snippets: Map<string, ClientSnippet>): string {
  const e = escapeHtml;
  const apis = [...new Set(pages.map((p) => p.api))];
  const sections = apis.map((api) => {
    const own = pages.filter((p) => p.api === api);
    const main = own.find((p) => p.lang === "en") ?? own[0];
    if (main === undefined) return "";
    const info = (main.spec.info ?? {}) as { title?: string; version?: string };
    const auth: AuthInfo[] = authOf(main.plan);
    const links = own.map((p) => `<a href="${e(p.file)}" hreflang="${e(p.lang)}" lang="${e(p.lang)}">${e(LANGUAGE_NAMES[p.lang] ?? p.lang)}</a>`).join(" · ");
    const ops = main.operations
      .map(
        (op) =>
          `<li><code>${e(op.method)} ${e(op.path)}</code> <strong>${e(op.operationId)}</strong> — ${e(op.summary)}` +
          (op.parameters.length ? `<br><small>parameters: ${op.parameters.map((n) => `<code>${e(n)}</code>`).join(", ")}</small>` : "") +
          `</li>`,
      )
      .join("\n");
    const authItems = auth.map((a) => `<li><strong>${e(a.name)}</strong> (${e(a.kind)})${a.description ? `: ${e(a.description)}` : ""}</li>`).join("\n");
    const snippet = snippets.get(api);
    return `<section id="${e(api)}">
<h2>${e(info.title ?? api)} <small>v${e(info.version ?? "")}</small></h2>
<p class="links">Reference: ${links}</p>
<h3>Operations</h3>
<ul>
${ops}
</ul>
<h3>Authentication</h3>
<ul>
${authItems || "<li>none</li>"}
</ul>
${snippet ? `<h3>Use it from TypeScript</h3>\n<pre><code class="language-ts">${e(snippet.code)}</code></pre>` : ""}
</section>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>profilekit — API documentation</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
h1 { margin-bottom: 0.2rem; } section { border-top: 1px solid #d0d7de; margin-top: 2rem; }
code { font: 13px ui-monospace, monospace; background: #f3f4f6; padding: 0 0.2em; }
pre { background: #f6f8fa; padding: 1rem; overflow-x: auto; } pre code { background: none; padding: 0; }
.links a { font-weight: 600; }
</style>
</head>
<body>
<h1>profilekit — API documentation</h1>
<p>Typed clients for customer-profile APIs, generated from the OpenAPI specs below. Each reference page is self-contained and works offline.</p>
<nav><ul>
${apis.map((api) => `<li><a href="#${e(api)}">${e(((pages.find((p) => p.api === api)?.spec.info ?? {}) as { title?: string }).title ?? api)}</a></li>`).join("\n")}
</ul></nav>
${sections.join("\n")}
</body>
</html>
`;
}
