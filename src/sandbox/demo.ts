import { createAltcraftClient } from "../../generated/altcraft/index.js";
import { createEdnaClient } from "../../generated/edna/index.js";
import { createPushtechClient } from "../../generated/pushtech/index.js";
import { DEFAULT_CREDENTIALS, PREFIXES, startSandbox } from "./index.js";

/**
 * `npm run demo`: the main job end to end, offline. Starts the sandbox on its sample data, calls every
 * operation of every generated client as a user would (JSON, and XML where the API offers it), and
 * prints what was sent and what changed in the store. Ends by itself; the exit code says if all went well.
 */
export async function runDemo(log: (line: string) => void = console.log): Promise<number> {
  const sandbox = await startSandbox({ port: 0, log: () => {} });
  const secrets = Object.values(DEFAULT_CREDENTIALS);
  const hide = (text: string) => secrets.reduce((t, s) => t.split(s).join("[redacted]"), text);
  // What goes over the wire, as the user's own fetch would see it (credentials hidden).
  const fetch = async (request: Request): Promise<Response> => {
    const body = await request.clone().text();
    log(`  → ${request.method} ${new URL(request.url).pathname}  (${request.headers.get("content-type")})`);
    log(`    ${hide(body.length > 400 ? `${body.slice(0, 400)}… (${body.length} bytes)` : body)}`);
    const response = await globalThis.fetch(request);
    log(`  ← ${response.status}`);
    return response;
  };
  const changed = (label: string, before: unknown, after: unknown) => {
    const b = before === undefined ? {} : (before as Record<string, unknown>);
    const a = after === undefined ? {} : (after as Record<string, unknown>);
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
    log(`  store: ${label}: ${keys.length === 0 ? "unchanged" : keys.map((k) => `${k} ${JSON.stringify(b[k]) ?? "—"} → ${JSON.stringify(a[k]) ?? "—"}`).join("; ")}`);
  };
  const step = (title: string) => log(`\n▶ ${title}`);
  try {
    log(
      `profilekit demo: sandbox at ${sandbox.url} (${Object.entries(PREFIXES)
        .map(([api, p]) => `${api} ${p}`)
        .join(", ")})`,
    );
    const altcraft = createAltcraftClient({ baseUrl: sandbox.url + PREFIXES.altcraft, token: DEFAULT_CREDENTIALS.altcraft, fetch });
    const olly = "54759eb3c090d83494e2d804";
    const profile = () => structuredClone(sandbox.store.altcraftProfile(1, olly));

    step("Altcraft updateProfile (JSON, matching by email, the default)");
    let before = profile();
    const a1 = await altcraft.updateProfile({ db_id: 1, email: "example@example.com", data: { _fname: "Olivia", loyalty_tier: "gold" } });
    log(`  answer: ${JSON.stringify(a1)}`);
    changed(`profile ${olly}`, before?.fields, profile()?.fields);

    step("Altcraft updateProfile (XML, matching by the custom field Custom_ID, a new sms subscription)");
    before = profile();
    const a2 = await altcraft.updateProfile(
      { db_id: 1, matching: "custom", field_name: "Custom_ID", field_value: 77, data: { subscriptions: [{ channel: "sms", phone: "+79000000001", resource_id: 3 }] } },
      { format: "xml" },
    );
    log(`  answer (decoded from XML): ${JSON.stringify(a2)}`);
    log(`  store: subscriptions ${before?.subscriptions.length} → ${profile()?.subscriptions.length}`);

    step("Altcraft updateProfilesBatch (JSON, then XML)");
    const b1 = await altcraft.updateProfilesBatch({
      db_id: 1,
      matching: "custom",
      field_name: "Custom_ID",
      data: [
        { Custom_ID: 77, visits: 3 },
        { Custom_ID: 88, visits: 1 },
      ],
    });
    log(`  answer: ${JSON.stringify(b1)}`);
    const b2 = await altcraft.updateProfilesBatch({ db_id: 1, matching: "email", data: [{ email: "victor@example.com", _lname: "Stone" }] }, { format: "xml" });
    log(`  answer (decoded from XML): ${JSON.stringify(b2)}`);

    step("Altcraft updateProfilesBatch.all: any number of items, in chunks (here of 2; by default the spec's recommended size)");
    const report = await altcraft.updateProfilesBatch.all(
      { db_id: 1, matching: "custom", field_name: "Custom_ID" },
      [{ Custom_ID: 77, score: 1 }, { Custom_ID: 88, score: 2 }, { Custom_ID: 99999, score: 3 }, { score: 4 }],
      { maxItems: 2 },
    );
    for (const o of report.items)
      log(`  item ${o.index}: ${o.status}${o.status === "accepted" ? ` (${String(o.id)})` : o.status === "rejected" ? ` (${o.reason}${"message" in o ? `: ${o.message}` : ""})` : ""}`);

    step("Altcraft with a wrong token: HTTP 200 with error 401 surfaces as an error");
    const wrong = createAltcraftClient({ baseUrl: sandbox.url + PREFIXES.altcraft, token: "not-the-token" });
    await wrong.updateProfile({ db_id: 1, email: "example@example.com", data: {} }).then(
      () => log("  unexpected: accepted"),
      (e: Error) => log(`  ${e.name}: ${e.message}`),
    );

    const edna = createEdnaClient({ baseUrl: sandbox.url + PREFIXES.edna, apiKey: DEFAULT_CREDENTIALS.edna, fetch });
    const subscriber = () => structuredClone(sandbox.store.ednaSubscriber("any_string"));
    const ext = { address: "any_string", type: "EXT_USER_ID" } as const;

    step("edna patchSubscriber (PATCH: only what is sent changes)");
    let sub = subscriber();
    await edna.patchSubscriber({ addresses: [ext], blacklisted: true });
    changed("subscriber any_string", sub, subscriber());

    step("edna replaceSubscriber (POST: everything is overwritten, whole arrays included)");
    sub = subscriber();
    await edna.replaceSubscriber({
      addresses: [ext, { address: "79997654321", type: "PHONE" }],
      parameterValues: [{ name: "City", valueType: "STRING", value: "Chicago" }],
      tagValues: [{ name: "vip" }],
    });
    changed("subscriber any_string", sub, subscriber());

    step("An invalid body is refused before sending (nothing goes over the wire)");
    await edna.patchSubscriber({ addresses: [{ address: "79997654321", type: "PHONE" }] }).then(
      () => log("  unexpected: sent"),
      (e: Error) => log(`  ${e.name}: ${e.message.split("\n").slice(0, 2).join(" ")}`),
    );

    const pushtech = createPushtechClient({ baseUrl: sandbox.url + PREFIXES.pushtech, token: DEFAULT_CREDENTIALS.pushtech, fetch });
    step("Pushtech updateContact (path parameters, Authorization: Token token=…)");
    const contactBefore = structuredClone(sandbox.store.pushtechContact("my-account", "550aac3da096734ce5000001"));
    const contact = await pushtech.updateContact({ account_id: "my-account", contact_id: "550aac3da096734ce5000001" }, { name_first: "Johnny", tags: ["vip"], favourite_store: "Madrid" });
    log(`  answer: ${JSON.stringify(contact)}`);
    changed("contact 550aac3da096734ce5000001", contactBefore, sandbox.store.pushtechContact("my-account", "550aac3da096734ce5000001"));

    log("\nDone: every operation of every client ran against the sandbox.");
    return 0;
  } catch (e) {
    log(`\ndemo failed: ${e instanceof Error ? hide(e.message) : String(e)}`);
    return 1;
  } finally {
    await sandbox.close();
  }
}
