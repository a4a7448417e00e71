import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAltcraftClient } from "../generated/altcraft/index.js";
import { createEdnaClient } from "../generated/edna/index.js";
import { ConfigError, VendorError, XmlDecodeError, XmlEncodeError } from "../src/runtime/errors.js";
import { startRecordingServer } from "./helpers/recording-server.js";

// Altcraft in XML over a real loopback socket: the exact bytes sent, and XML answers read as typed data.
let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());
const last = () => server.received.at(-1)!;
const xmlAnswer = (body: string) => server.answer({ contentType: "application/xml; charset=utf-8", body });
const client = (format?: "json" | "xml") => createAltcraftClient({ baseUrl: `${server.url}/api`, token: "alt-secret-token", ...(format ? { format } : {}) });

const profile = {
  db_id: 1,
  email: "john@example.com",
  detect_geo: true,
  data: {
    _fname: "John & Jane <Doe>",
    phones: ["+79000000000"],
    subscriptions: [{ channel: "sms" as const, phone: "+79000000000", resource_id: 1, priority: 0 }],
    Custom_ID: 77,
  },
};

describe("updateProfile in XML", () => {
  test("sends the vendor's XML with Content-Type and Accept application/xml", async () => {
    xmlAnswer("<xml>\n<error>0</error>\n<error_text>Successful operation</error_text>\n<profile_id>p-1</profile_id>\n</xml>");
    const answer = await client("xml").updateProfile(profile);
    expect(answer).toEqual({ error: 0, error_text: "Successful operation", profile_id: "p-1" });
    expect(last().method).toBe("POST");
    expect(last().url).toBe("/api/v1.1/profiles/update");
    expect(last().headers["content-type"]).toBe("application/xml");
    expect(last().headers["accept"]).toBe("application/xml");
    expect(last().body).toBe(
      "<xml><token>alt-secret-token</token><db_id>1</db_id><email>john@example.com</email><detect_geo>true</detect_geo>" +
        "<data><_fname>John &amp; Jane &lt;Doe&gt;</_fname><phones array='true'>+79000000000</phones>" +
        "<subscriptions array='true'><channel>sms</channel><phone>+79000000000</phone><resource_id>1</resource_id><priority>0</priority></subscriptions>" +
        "<Custom_ID>77</Custom_ID></data></xml>",
    );
  });

  test("format per call overrides the client's", async () => {
    server.answer({ body: JSON.stringify({ error: 0, error_text: "Successful operation", profile_id: "p-2" }) });
    await client("xml").updateProfile(profile, { format: "json" });
    expect(last().headers["content-type"]).toBe("application/json");
    xmlAnswer("<xml><error>0</error><error_text>Successful operation</error_text><profile_id>p-3</profile_id></xml>");
    await expect(client().updateProfile(profile, { format: "xml" })).resolves.toMatchObject({ profile_id: "p-3" });
    expect(last().headers["content-type"]).toBe("application/xml");
  });

  test("an XML answer with error 401 is a VendorError, like the JSON one", async () => {
    xmlAnswer("<xml><error>401</error><error_text>Token required</error_text></xml>");
    const error = await client("xml")
      .updateProfile(profile)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect((error as VendorError).code).toBe(401);
    expect((error as VendorError).message).toContain("Token required");
  });

  test("a malformed XML answer is an XmlDecodeError with line and column", async () => {
    xmlAnswer("<xml>\n<error>0</error>\n<profile_id>c1<profile_id>\n</xml>");
    const error = await client("xml")
      .updateProfile(profile)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XmlDecodeError);
    expect((error as XmlDecodeError).line).toBe(4);
  });

  test("an XML answer that breaks the spec is refused, naming the field", async () => {
    xmlAnswer("<xml><error>zero</error><error_text>x</error_text></xml>");
    await expect(client("xml").updateProfile(profile)).rejects.toThrow(/does not match the spec: \/error: expected an integer, found "zero"/);
  });

  test("a custom field that cannot be an element name is an XmlEncodeError naming it, and nothing is sent", async () => {
    const before = server.received.length;
    const error = await client("xml")
      .updateProfile({ ...profile, data: { "Middle name": "Ann" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XmlEncodeError);
    expect((error as XmlEncodeError).path).toBe("/data/Middle name");
    expect(server.received.length).toBe(before);
  });
});

describe("updateProfilesBatch in XML", () => {
  test("sends every item and reads one result per item", async () => {
    xmlAnswer("<xml><error>0</error><error_text>Successful operation</error_text>" + "<result><error>0</error><error_text>Successful operation</error_text><profile_id>a</profile_id></result></xml>");
    const body = { db_id: 1, matching: "custom" as const, field_name: "Custom_ID", skip_triggers: true, data: [{ _fname: "Lala", Custom_ID: 77 }] };
    const answer = await client("xml").updateProfilesBatch(body);
    // One <result> without the marker is still a list: the shape says so.
    expect(answer).toEqual({ error: 0, error_text: "Successful operation", result: [{ error: 0, error_text: "Successful operation", profile_id: "a" }] });
    expect(last().url).toBe("/api/v1.1/profiles/update_batch");
    expect(last().body).toBe(
      "<xml><token>alt-secret-token</token><db_id>1</db_id><matching>custom</matching><field_name>Custom_ID</field_name><skip_triggers>true</skip_triggers>" +
        "<data array='true'><_fname>Lala</_fname><Custom_ID>77</Custom_ID></data></xml>",
    );
  });
});

test("an API without XML refuses format xml with a ConfigError", async () => {
  const edna = createEdnaClient({ apiKey: "k", baseUrl: `${server.url}/api` });
  const error = await edna.patchSubscriber({ addresses: [{ address: "x", type: "EXT_USER_ID" }] }, { format: "xml" } as never).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).field).toBe("/format");
});
