/**
 * The CLI's commands and options, in one table: each command's parseArgs options come from here (with a line
 * of help each), and so do `profilekit --help` (the overview) and `profilekit <command> --help` (its usage).
 * No imports of the commands themselves: `profilekit docs --help` works without the dev tools docs needs.
 */

/** A parseArgs option and its help. `default` is the parser's and is shown as "(default: …)". */
export interface Option {
  readonly type: "string" | "boolean";
  readonly default?: string | boolean;
  /** The value's placeholder shown after the flag, e.g. `<dir>`. */
  readonly arg?: string;
  /** What it does (and its default when the parser has none); `\n` continues on the next line. */
  readonly help: string;
}

export interface Command {
  /** The usage line without the leading `profilekit `. */
  readonly synopsis: string;
  /** What it does, in the overview and atop the command's usage. */
  readonly summary: string;
  readonly options: Readonly<Record<string, Option>>;
  /** More text after the options. */
  readonly notes?: string;
}

export const COMMANDS = {
  generate: {
    synopsis: "generate [--check | --watch] [--specs <dir> | --config <file>] [--out <dir>] [--runtime-import <specifier>]",
    summary:
      "Generate typed clients into <out>/<api>/ from <specs>/<api>/openapi.{yaml,yml,json} (OpenAPI 3.0/3.1 or Swagger 2.0,\n" +
      "one file or several joined by relative $refs; <api>/overlays/*.yaml applied first), or from the APIs a\n" +
      "profilekit.config.{json,yaml,yml,mjs,js} names. Which: --config; else --specs; else a config in the current folder; else specs/.",
    options: {
      check: { type: "boolean", default: false, help: "write nothing; exit 1 naming every stale file (for CI)" },
      watch: { type: "boolean", default: false, help: "regenerate an API when its spec, a file it refers to or an overlay changes; print spec errors and keep watching (Ctrl-C stops)" },
      specs: { type: "string", arg: "<dir>", help: "the folder of <api>/openapi.{yaml,yml,json} specs (default: specs, unless a profilekit.config.* is here)" },
      config: { type: "string", arg: "<file>", help: "a profilekit.config.{json,yaml,yml,mjs,js}: { output?, apis: { <api>: { input, overlays?, output?, clientName? } } }" },
      out: { type: "string", arg: "<dir>", help: "where <api>/ folders of generated code go (default: the config's output, else generated)" },
      "runtime-import": { type: "string", arg: "<specifier>", help: "where generated code imports the runtime from (default: profilekit/runtime; inside this checkout: src/runtime)" },
    },
  },
  sandbox: {
    synopsis:
      "sandbox [--port 4010] [--host 127.0.0.1] [--data <seed.json>] [--faults <spec>] [--seed <n>] [--admin-token <token>] [--allow-host <names>] [--max-store-records <n>] [--max-store-bytes <n>]",
    summary:
      "Serve every operation of the three APIs as the vendors document them, for tests and offline work:\n" +
      "Altcraft under /altcraft/api, edna under /edna/api, Pushtech under /pushtech/api (all also under /api).",
    options: {
      port: { type: "string", arg: "<n>", help: "the port to listen on, 0 for any free one (default: 4010)" },
      host: { type: "string", arg: "<host>", help: "the address to listen on (default: 127.0.0.1)" },
      data: { type: "string", arg: "<seed.json>", help: "profiles, subscribers, contacts, tags and credentials to serve (format: src/sandbox/store.ts; default: the embedded sample)" },
      faults: { type: "string", arg: "<spec>", help: 'failures to inject, e.g. "500:0.1,503:0.05,429:0.05,delay:0.1:200,cut:0.05" (default: none)' },
      seed: { type: "string", arg: "<n>", help: "the seed of the --faults draws: the same seed, the same failures (default: 1)" },
      "admin-token": { type: "string", arg: "<token>", help: "the token /__admin/* routes require in the x-admin-token header (default: a random one per start, printed)" },
      "allow-host": { type: "string", arg: "<names>", help: "comma-separated names the Host header may carry besides localhost, 127.0.0.1, [::1] and --host (default: none)" },
      "max-store-records": { type: "string", arg: "<n>", help: "most profiles, subscribers and contacts the store holds together (default: 1000000)" },
      "max-store-bytes": { type: "string", arg: "<n>", help: "most bytes of JSON text the store holds; an update beyond is refused with 507 (default: 268435456, 256 MiB)" },
    },
  },
  import: {
    synopsis: "import <api>.<operation> --input <file.ndjson|file.csv|-> [options] | import --queue <redis-url> --status",
    summary:
      "Sends every item of the input through a batch operation (an operation with x-batch in its spec:\n" +
      "altcraft.updateProfilesBatch), in chunks of the spec's x-batch size (the vendor's recommended\n" +
      "size), several requests at a time, retrying network errors, 5xx and 429.",
    options: {
      input: { type: "string", arg: "<file|->", help: "NDJSON (one JSON object per line), or CSV when the name ends in .csv;\n- reads stdin (NDJSON unless --input-format csv)" },
      "input-format": { type: "string", arg: "ndjson|csv", help: "override the format the file name suggests" },
      params: { type: "string", arg: "'<json>'", help: 'the request body without its items (default: {}), for example\n\'{"db_id":1,"matching":"custom","field_name":"Custom_ID"}\'' },
      "base-url": { type: "string", arg: "<url>", help: "the API root (default: PROFILEKIT_<API>_BASE_URL, else the spec's server)" },
      concurrency: { type: "string", arg: "<n>", help: "requests in flight at most (default: 4); with --queue, across all workers together\n(default: each worker's own --concurrency)" },
      "max-items": { type: "string", arg: "<n>", help: "items per request at most (default: the spec's x-batch maxItems)" },
      format: { type: "string", arg: "json|xml", help: "request body format, where the API offers XML (default: json)" },
      journal: {
        type: "string",
        arg: "<file>",
        help:
          "make the run resumable: each acknowledged chunk is recorded (flushed\n" +
          "to disk); run the same command again after a crash or Ctrl-C and it\n" +
          "sends only what the journal does not cover. The journal knows its\n" +
          "input by content (SHA-256 of the bytes read): a changed input, or a\n" +
          "journal of another operation or --params, is refused. (default: none)",
      },
      failed: {
        type: "string",
        arg: "<file.ndjson>",
        help:
          "every item not accepted, one JSON line each (default: none):\n" +
          '{"index", "line", "status", "reason", ...details, "item"}\n' +
          "index: 0-based record number; line: 1-based line in the input;\n" +
          "status rejected (reason server, validation, too_large, or input:\n" +
          'an unreadable line, with its "text" instead of "item") or failed\n' +
          '(retries exhausted: "error", "attempts"). Appended to on resume.\n' +
          "Items left unsent by Ctrl-C are not listed: resume with --journal.",
      },
      queue: {
        type: "string",
        arg: "<redis-url>",
        help:
          "send through a BullMQ queue on Redis (redis://host:port/db) instead of\n" +
          "from this process: chunks are queued, `profilekit worker` processes on\n" +
          "any machines send them. Runs until every chunk is done; run it again\n" +
          "after a crash to resume (Redis records what is done). --input must be a file.",
      },
      rate: {
        type: "string",
        arg: "<requests>/<seconds>",
        help: "with --queue: at most this many requests per window across all workers,\nevenly paced (BullMQ's global rate limit), e.g. 20/1 (default: none)",
      },
      "queue-depth": { type: "string", arg: "<n>", help: "with --queue: chunks waiting or in flight at most (default: 2 × --concurrency, else 16)" },
      status: { type: "boolean", default: false, help: "with --queue: show the queue's runs (done, in flight, failed, rate) and exit" },
    },
    notes: `Credentials come from the environment, never from the command line (it shows in ps):
  PROFILEKIT_<API>_<CREDENTIAL OPTION>, e.g. PROFILEKIT_ALTCRAFT_TOKEN (edna: PROFILEKIT_EDNA_API_KEY).

CSV: the header row names the fields. Dots nest and digit segments are array positions:
  subscriptions.0.channel,subscriptions.0.email → {"subscriptions":[{"channel":…,"email":…}]}.
  Cells are text unless the column name ends in :number, :boolean (true/false/1/0) or :json
  (visits:number, tags:json). An empty cell is not sent; for "" or null use a :json column.
  A row that does not convert is reported like an unreadable NDJSON line; a CSV syntax error
  (a stray quote) stops reading at its line. Full convention: src/cli/import/csv.ts.

Progress goes to stderr (one redrawn line on a terminal, a line every 2 s otherwise), the summary
to stdout. Exit code 0 when every item was accepted, 1 otherwise (items rejected, failed or not
sent, an unreadable input line, an error).`,
  },
  worker: {
    synopsis: "worker --queue <redis-url> [--concurrency <n>] [--base-url <url>]",
    summary:
      "Take chunks queued by `profilekit import --queue` and send them, until Ctrl-C (the jobs in flight finish).\n" +
      "Start any number, on any machines: the queue's --rate and --concurrency hold across all of them.",
    options: {
      queue: { type: "string", arg: "<redis-url>", help: "the Redis of the queue: redis://host:port/db (rediss:// for TLS)" },
      concurrency: { type: "string", arg: "<n>", help: "jobs (requests) this worker has in flight at most (default: 4)" },
      "base-url": { type: "string", arg: "<url>", help: "the API root (default: PROFILEKIT_<API>_BASE_URL, else the spec's server)" },
    },
    notes: `The credential comes from this worker's environment, as for import (PROFILEKIT_ALTCRAFT_TOKEN, …);
Redis holds records and parameters, never a credential.

At least once: a chunk whose worker dies mid-request is sent again by another worker after its
lock expires (15 s), so its items may reach the API twice. Updates that set values are safe to
repeat; field functions such as {"action": "incr"} are not (see the README).`,
  },
  docs: {
    synopsis: "docs [--out site] [--specs <dir> | --config <file>] [--generated <dir>]",
    summary:
      "Build the static documentation site: one self-contained Redoc page per API (and per overlay language,\n" +
      "e.g. specs/altcraft/overlays/ru.yaml → altcraft.ru.html) and index.html with operations, auth and a\n" +
      "TypeScript snippet from the generated client. An overlay target that matches nothing fails the build.",
    options: {
      out: { type: "string", default: "site", arg: "<dir>", help: "where the site's HTML files go" },
      specs: { type: "string", arg: "<dir>", help: "the folder of <api>/openapi.yaml specs (and <api>/overlays/); default: a profilekit.config.* here, else specs" },
      config: { type: "string", arg: "<file>", help: "a profilekit.config.* naming the APIs, as generate reads it" },
      generated: { type: "string", default: "generated", arg: "<dir>", help: "the generated clients the snippets name" },
    },
  },
  help: {
    synopsis: "help [<command>]",
    summary: "Show the overview of the commands, or a command's usage and options (the same as `profilekit <command> --help`).",
    options: {},
  },
} as const satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;

export function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** `-h` / `--help` among the arguments (before a `--`): answered before the command parses anything. */
export function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === "--") return false;
    if (a === "--help" || a === "-h") return true;
  }
  return false;
}

const HELP_OPTION: Option = { type: "boolean", help: "show this text" };

function optionLines(options: Readonly<Record<string, Option>>): string {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `--${name}${o.arg !== undefined ? ` ${o.arg}` : ""}`;
    return [flag, typeof o.default === "string" ? `${o.help} (default: ${o.default})` : o.help] as const;
  });
  rows.push(["-h, --help", HELP_OPTION.help]);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help.split("\n").join(`\n  ${" ".repeat(width)}  `)}`).join("\n");
}

/** `profilekit <command> --help`. */
export function commandUsage(name: CommandName): string {
  const c: Command = COMMANDS[name];
  return [`Usage: profilekit ${c.synopsis}`, c.summary, `Options:\n${optionLines(c.options)}`, ...(c.notes !== undefined ? [c.notes] : [])].join("\n\n");
}

/** `profilekit --help`: every command with its summary. */
export function overview(): string {
  const commands = Object.values(COMMANDS as Record<string, Command>).map((c) => `  ${c.synopsis}\n${c.summary.replace(/^/gm, "      ")}`);
  return `Usage: profilekit <command> [options]

Commands:
${commands.join("\n")}

Options:
  -h, --help     show this text (after a command: that command's usage and every option, with its default)
  -v, --version  print the version of profilekit

Run \`profilekit <command> --help\` for a command's options.`;
}

/** A command line the command cannot take: the problem, the usage line, where to look. No stack trace. */
export function usageError(name: CommandName, message: string): string {
  return `profilekit ${name}: ${message}\nUsage: profilekit ${COMMANDS[name].synopsis}\nSee \`profilekit ${name} --help\`.`;
}
