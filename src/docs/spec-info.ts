/** What the docs index (and the browser test) show of an API: its operations, their request parameters and auth, read from its plan. */
import type { ApiPlan } from "../codegen/plan/types.js";

export interface OperationInfo {
  /** The client method's name. */
  operationId: string;
  method: string;
  path: string;
  summary: string;
  /** Names of the parameters (path, query, header, cookie) and of the top-level request body properties. */
  parameters: string[];
  /** Names of the security schemes the operation accepts. */
  security: string[];
}

export interface AuthInfo {
  name: string;
  /** e.g. "HTTP bearer", "API key in header x-api-key". */
  kind: string;
  description: string;
}

export function operationsOf(plan: ApiPlan): OperationInfo[] {
  return plan.operations.map((op) => ({
    operationId: op.methodName,
    method: op.method.toUpperCase(),
    path: op.path,
    summary: op.summary,
    parameters: [...new Set([...op.parameters.map((p) => p.name), ...(op.requestBody?.fields ?? [])])],
    security: [...new Set(op.security.flat())],
  }));
}

export function authOf(plan: ApiPlan): AuthInfo[] {
  return plan.securitySchemes.map((s) => ({
    name: s.name,
    kind: s.type === "http" ? `HTTP ${s.scheme}` : s.type === "apiKey" ? `API key in ${s.in} ${s.paramName}` : s.type,
    description: s.description,
  }));
}
