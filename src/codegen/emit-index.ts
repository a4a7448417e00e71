import type { ApiPlan } from "./plan/types.js";

/** `index.ts`: what a user imports from `generated/<api>`: the client, its `operations`, the validators and the schema types. */
export function emitIndex(plan: ApiPlan): string {
  const types = ["components", "paths", ...(plan.webhooks.some((w) => w.kind === "webhook") ? ["webhooks"] : [])];
  return ['export * from "./client.js";', 'export { operations } from "./operations.js";', 'export * from "./validators.js";', `export type { ${types.join(", ")} } from "./schema.js";`].join("\n");
}
