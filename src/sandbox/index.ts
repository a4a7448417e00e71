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
 * The admin routes take the header `x-admin-token: <sandbox.adminToken>`; every request must be
 * addressed (Host header) to localhost, 127.0.0.1 or [::1]. URL layout, transport errors, these
 * guards and the store caps: server.ts. Behaviour per API: altcraft.ts, edna.ts, pushtech.ts. Data
 * file format: store.ts. Fault spec syntax: faults.ts.
 */
export { startSandbox, PREFIXES, DEFAULT_MAX_BODY_BYTES, ADMIN_TOKEN_HEADER, LOOPBACK_HOSTS, type Sandbox, type SandboxOptions } from "./server.js";
export {
  SandboxStore,
  SandboxDataError,
  parseSandboxData,
  DEFAULT_CREDENTIALS,
  DEFAULT_STORE_LIMITS,
  type StoreLimits,
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
