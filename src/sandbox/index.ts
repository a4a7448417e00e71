/**
 * profilekit sandbox: a stateful HTTP server that behaves as the seeds document each endpoint of
 * Altcraft, edna Pulse and Pushtech, for tests and offline development.
 *
 * ```ts
 * const sandbox = await startSandbox(); // port 0: any free port; the embedded sample data
 * const altcraft = createAltcraftClient({ baseUrl: `${sandbox.url}/altcraft/api`, token: DEFAULT_CREDENTIALS.altcraft });
 * await altcraft.updateProfile({ db_id: 1, email: "example@example.com", data: { _fname: "Olly" } });
 * sandbox.store.altcraftProfile(1, "54759eb3c090d83494e2d804"); // the profile, as stored
 * await sandbox.close();
 * ```
 *
 * URL layout and transport errors: server.ts. Behaviour per API: altcraft.ts, edna.ts,
 * pushtech.ts. Data file format: store.ts. Fault spec syntax: faults.ts.
 */
export { startSandbox, PREFIXES, DEFAULT_MAX_BODY_BYTES, type Sandbox, type SandboxOptions } from "./server.js";
export {
  SandboxStore,
  SandboxDataError,
  parseSandboxData,
  DEFAULT_CREDENTIALS,
  type SandboxData,
  type SandboxState,
  type SandboxCredentials,
  type AltcraftProfile,
  type AltcraftSubscription,
  type AltcraftDatabase,
  type EdnaSubscriber,
  type PushtechContact,
  type PushtechAccount,
} from "./store.js";
export { parseFaults, mulberry32, FaultPlan, FaultSpecError, type FaultRule, type Fault } from "./faults.js";
export { sampleData } from "./sample-data.js";
