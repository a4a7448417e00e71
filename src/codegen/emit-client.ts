import { docText, literal, prettyLiteral, propertyKey } from "./code.js";
import { serverDescriptor } from "./emit-operations.js";
import {
  apiConstName,
  clientFactoryName,
  errorType,
  operationTypeNames,
  optionsTypeName,
  otherParamsType,
  pathParamsType,
  payloadType,
  requestType,
  successResponses,
  successType,
  webhookTypeNames,
} from "./operation-types.js";
import { parsePointer } from "./pointer.js";
import type { ApiPlan, OperationPlan, SecuritySchemePlan } from "./plan/types.js";

/** What shapes a method's signature, decided once per operation. */
function signatureOf(plan: ApiPlan, op: OperationPlan) {
  const n = operationTypeNames(op);
  const path = op.parameters.some((p) => p.in === "path");
  const other = op.parameters.filter((p) => p.in !== "path");
  const initRequired = other.some((p) => p.required);
  const xml = hasXmlOperation(op);
  const media = op.requestBody?.media ?? [];
  const omit = [...(xml ? [] : ["format"]), "contentType"];
  // `format` chooses between one JSON and one XML media type; `contentType` among any others.
  const byFormat = media.length === 2 && media.some((m) => m.kind === "json") && media.some((m) => m.kind === "xml");
  const contentType = media.length > 1 && !byFormat ? ` & { contentType?: ${media.map((m) => literal(m.type)).join(" | ")} }` : "";
  const callOptions = `${omitted("CallOptions", omit)}${contentType}`;
  // Without query, header or cookie parameters the options are the call options alone, written in place.
  const ownOptions = other.length > 0;
  const optionsType = ownOptions ? n.options : callOptions;
  const params = [
    ...(path ? [`path: ${n.pathParams}`] : []),
    ...(op.requestBody ? [op.requestBody.required ? `body: ${n.request}` : initRequired ? `body: ${n.request} | undefined` : `body?: ${n.request}`] : []),
    initRequired ? `init: ${optionsType}` : `init: ${optionsType} = {}`,
  ];
  const result = successType(plan, op) === "void" ? "void" : n.response;
  return { n, path, other, ownOptions, callOptions, params, result, args: [...(path ? ["path"] : []), ...(op.requestBody ? ["body"] : [])] };
}

const hasXmlOperation = (op: OperationPlan) => (op.requestBody?.media ?? []).some((m) => m.kind === "xml") || (successResponses(op)[0]?.media ?? []).some((m) => m.kind === "xml");
export const hasXml = (plan: ApiPlan): boolean => plan.operations.some(hasXmlOperation);

/** Lines of code, indented as they are added: the client is written as text, formatted as it is written. */
class Lines {
  readonly out: string[] = [];
  private depth = 0;
  line(text = ""): this {
    this.out.push(text === "" ? "" : "  ".repeat(this.depth) + text);
    return this;
  }
  block(open: string, fill: () => void, close: string): this {
    this.line(open);
    this.depth++;
    fill();
    this.depth--;
    return this.line(close);
  }
  doc(lines: string[]): this {
    for (const l of docBlock(lines)) this.line(l);
    return this;
  }
}

/** `client.ts`: `create<Api>Client(options)` with one method per operation, each one call of the runtime with its `operations` entry. */
export function emitClient(plan: ApiPlan, runtimeImport: string): string {
  const factory = clientFactoryName(plan);
  const batch = plan.operations.some((op) => op.batch);
  const w = new Lines();
  const aliases: { name: string; type: string; docs: string }[] = [];
  const alias = (name: string, type: string, docs: string) => aliases.push({ name, type, docs });
  for (const op of plan.operations) {
    const s = signatureOf(plan, op);
    const link = `{@link ${plan.typeName}Client.${op.methodName}}`;
    if (op.requestBody) alias(s.n.request, requestType(plan, op), `The request body of ${link}.`);
    if (s.result !== "void") alias(s.n.response, successType(plan, op), `The success answer of ${link}.`);
    const error = errorType(plan, op);
    if (error) alias(s.n.error, error, `The body of an HttpError from ${link}, as the spec declares its error answers.`);
    if (s.path) alias(s.n.pathParams, pathParamsType(op), `The path parameters of ${link}.`);
    if (s.ownOptions) alias(s.n.options, `${s.callOptions} & ${otherParamsType(op)}`, `The query, header and cookie parameters of ${link}, with the call options.`);
    if (op.batch) {
      const at = `[${parsePointer(op.batch.items)
        .map((t) => literal(t))
        .join(", ")}]`;
      alias(s.n.batchItem, `BatchItem<${s.n.request}, ${at}>`, `One item of ${link}'s \`${op.batch.items}\`, as \`.all()\` and \`.stream()\` take them.`);
      alias(s.n.batchParams, `BatchParams<${s.n.request}, ${at}>`, `The body of ${link} without its items: the parameters of \`.all()\` and \`.stream()\`.`);
    }
  }
  for (const wh of plan.webhooks) {
    if (!wh.body) continue;
    const types = [...new Set(wh.body.media.map((m) => payloadType(plan, wh, m)))];
    alias(
      webhookTypeNames(wh).payload,
      types.join(" | "),
      `What ${wh.kind === "webhook" ? "the webhook" : "the callback"} ${wh.name} receives (${wh.method.toUpperCase()}): check it with \`${webhookTypeNames(wh).validate}\`.`,
    );
  }

  w.line(`import { type ApiDescription, type CallOptions, type ClientOptions, createClientRuntime } from ${literal(`${runtimeImport}/http.js`)};`);
  if (batch) {
    const callOptions = plan.operations.some((op) => op.batch && op.parameters.length > 0) ? ["BatchCallOptions"] : [];
    w.line(`import type { ${[...callOptions, "BatchOptions", "BatchReport", "ChunkReport"].join(", ")} } from ${literal(`${runtimeImport}/batch.js`)};`);
    w.line(`import type { BatchItem, BatchParams } from ${literal(`${runtimeImport}/operation.js`)};`);
  }
  const schemaTypes = ["components", "paths", "webhooks", "Readable", "Writable"].filter((t) => {
    const word = new RegExp(`\\b${t}\\b`); // once per name, not once per alias (Klaviyo has about 1,000)
    return aliases.some((a) => word.test(a.type));
  });
  if (schemaTypes.length > 0) w.line(`import type { ${schemaTypes.join(", ")} } from "./schema.js";`);
  w.line('import { operations } from "./operations.js";').line();
  for (const a of aliases) w.doc([a.docs]).line(`export type ${a.name} = ${a.type};`);
  w.line();
  for (const l of optionsInterface(plan)) w.line(l);
  w.line();

  const description = {
    factory,
    servers: plan.servers.map(serverDescriptor),
    securitySchemes: Object.fromEntries(plan.securitySchemes.map((s) => [s.name, schemeDescriptor(s)])),
    security: plan.security,
    ...(requiredOptions(plan).length > 0 ? { requiredOptions: requiredOptions(plan) } : {}),
    ...(plan.vendorError ? { vendorError: { code: parsePointer(plan.vendorError.code), message: parsePointer(plan.vendorError.message), success: plan.vendorError.success } } : {}),
  };
  const apiConst = apiConstName(plan);
  w.doc([`What the client knows of ${plan.title}, from ${plan.sourceFile}: read by profilekit import and the sandbox.`]);
  w.block(
    `export const ${apiConst}: ApiDescription = {`,
    () => {
      for (const [k, v] of Object.entries(description)) w.line(`${propertyKey(k)}: ${prettyLiteral(v, "  ")},`);
      w.line("operations,");
    },
    "};",
  );
  w.line();
  const optional = !requiredOptions(plan).length;
  w.doc([`A typed client for ${plan.title}: one method per operation of ${plan.sourceFile}.`]);
  w.block(
    `export function ${factory}(options: ${optionsTypeName(plan)}${optional ? " = {}" : ""}) {`,
    () => {
      w.line(`const runtime = createClientRuntime(${apiConst}, options);`);
      w.block("return {", () => plan.operations.forEach((op) => writeMethod(w, plan, op)), "};");
    },
    "}",
  );
  w.line();
  w.doc([`A client made by {@link ${factory}}.`]).line(`export type ${plan.typeName}Client = ReturnType<typeof ${factory}>;`);
  return w.out.join("\n");
}

/** Options that must be given: the user's host, and credentials every operation needs. */
function requiredOptions(plan: ApiPlan): string[] {
  return [...(plan.baseUrlRequired && plan.operations.length > 0 ? ["baseUrl"] : []), ...plan.securitySchemes.filter((s) => s.required).map((s) => s.option)];
}

function schemeDescriptor(s: SecuritySchemePlan): object {
  if (s.type === "apiKey") return { type: s.type, option: s.option, in: s.in, name: s.paramName };
  if (s.type === "http") return { type: s.type, option: s.option, scheme: s.scheme, template: s.template, ...(s.bodyField ? { bodyField: s.bodyField } : {}) };
  return { type: s.type, option: s.option };
}

function credentialType(s: SecuritySchemePlan): string {
  if (s.type === "http" && s.scheme === "basic") return "{ username: string; password: string }";
  if (s.type === "oauth2" || s.type === "openIdConnect") return "string | (() => string | Promise<string>)";
  return "string";
}

function credentialDoc(s: SecuritySchemePlan): string {
  const how =
    s.type === "apiKey"
      ? `Sent as the ${s.in} ${s.in === "query" ? "parameter" : ""} \`${s.paramName}\`.`.replace("  ", " ")
      : s.type === "http"
        ? s.scheme === "basic"
          ? "Sent as `Authorization: Basic …`."
          : s.bodyField
            ? `Sent in the body field \`${s.bodyField}\` (default) or as \`Authorization: ${s.template!.replace("{credential}", "<credential>")}\` (\`${s.option}In\`).`
            : `Sent as \`Authorization: ${s.template!.replace("{credential}", "<credential>")}\`.`
        : `An OAuth 2 access token${s.type === "openIdConnect" ? " (OpenID Connect)" : ""}, or a function that returns one (called for each request), sent as \`Authorization: Bearer …\`.`;
  return docText(`The credential of the \`${s.name}\` scheme${s.required ? "" : " (for the operations that need it)"}. ${how}${s.description ? `\n\n${s.description}` : ""}`);
}

/** The options interface of the client factory, as lines (also shown, as written here, on the docs index). */
export function optionsInterface(plan: ApiPlan): string[] {
  const variables = plan.servers.some((s) => Object.keys(s.variables).length > 0) || plan.operations.some((op) => op.servers?.some((s) => Object.keys(s.variables).length > 0));
  // With the user's own base URL required, the spec's server (and its variables) is never used.
  const omit = [...(plan.baseUrlRequired ? ["baseUrl"] : []), ...(hasXml(plan) ? [] : ["format"]), ...(variables && !plan.baseUrlRequired ? [] : ["serverVariables"])];
  const w = new Lines();
  const property = (docs: string, name: string, optional: boolean, type: string) => w.doc([docs]).line(`${name}${optional ? "?" : ""}: ${type};`);
  w.doc([`Options of {@link ${clientFactoryName(plan)}}.`]);
  w.block(
    `export interface ${optionsTypeName(plan)} extends ${omitted("ClientOptions", omit)} {`,
    () => {
      if (plan.baseUrlRequired) {
        const server = plan.servers[0]?.url;
        property(server ? `Your API root URL: the spec's server is ${server}.` : "The API root URL: the spec names no server.", "baseUrl", plan.operations.length === 0, "string");
      }
      for (const s of plan.securitySchemes) {
        property(credentialDoc(s), s.option, !s.required, credentialType(s));
        if (s.bodyField) property(`Where the credential goes: the body field \`${s.bodyField}\` (default) or the \`Authorization\` header.`, `${s.option}In`, true, '"body" | "header"');
      }
    },
    "}",
  );
  return w.out;
}

/** `Omit<T, "a" | "b">`, or `T` when nothing is left out. */
function omitted(type: string, keys: string[]): string {
  return keys.length === 0 ? type : `Omit<${type}, ${keys.map((k) => literal(k)).join(" | ")}>`;
}

/** A method's JSDoc lines (before docText) and its signature `(…): Promise<…>`: the client's and the docs index's. */
export function methodDoc(plan: ApiPlan, op: OperationPlan): { doc: string[]; signature: string } {
  const s = signatureOf(plan, op);
  const success = successResponses(op);
  const statuses = success.map((r) => r.status).join(", ") || "2xx";
  const doc = [
    `${op.summary || op.methodName} — \`${op.method.toUpperCase()} ${op.path}\`.`,
    op.description,
    ...op.parameters.map((p) => `@param ${p.in === "path" ? "path" : `init.${p.in}`}.${p.name} ${p.description}`.trim()),
    s.result === "void" ? `@returns nothing: the API answers ${statuses} without a body.` : `@returns the ${statuses} answer, typed.`,
    `@throws ValidationError before sending when the request breaks the spec (unless \`validate: false\`), HttpError on a non-2xx answer${errorType(plan, op) ? ` (its body typed as ${s.n.error})` : ""}${plan.vendorError ? ", VendorError on a 2xx answer that reports a failure" : ""}, NetworkError when no answer came.`,
    ...(op.deprecated ? ["@deprecated The spec marks this operation deprecated."] : []),
  ].filter(Boolean);
  return { doc, signature: `(${s.params.join(", ")}): Promise<${s.result}>` };
}

/** The JSDoc block of `lines`, as the client writes it (one ` * ` per line). */
export function docBlock(lines: string[]): string[] {
  const text = docText(lines.join("\n\n"));
  if (!text.includes("\n")) return [`/** ${text} */`];
  return ["/**", ...text.split("\n").map((line) => (line ? ` * ${line}` : " *")), " */"];
}

function writeMethod(w: Lines, plan: ApiPlan, op: OperationPlan): void {
  const s = signatureOf(plan, op);
  const { doc, signature } = methodDoc(plan, op);
  w.doc(doc);
  const entry = `operations.${op.methodName}`;
  const call = `runtime.call(${entry}, { ...init${s.args.map((a) => `, ${a}`).join("")} }) as Promise<${s.result}>`;
  if (!op.batch) {
    w.block(`async ${op.methodName}${signature} {`, () => w.line(`return ${call};`), "},");
    return;
  }
  // A batch operation: the plain method, with .all() and .stream() that chunk any number of items.
  // Path, query and header parameters of a batch call ride in its options.
  const input = `params: ${s.n.batchParams}, items: Iterable<${s.n.batchItem}> | AsyncIterable<${s.n.batchItem}>, options: ${op.parameters.length > 0 ? "BatchCallOptions" : "BatchOptions"} = {}`;
  w.block(
    `${op.methodName}: Object.assign(`,
    () => {
      w.line(`async ${signature} => ${call},`);
      w.block(
        "{",
        () => {
          w.doc([
            `Sends any number of items in chunks of at most ${op.batch!.maxItems} items and ${op.batch!.maxBytes} bytes per request by default (the spec's x-batch; \`maxItems\` / \`maxBytes\` change them), \`concurrency\` requests at a time, retrying network errors, 5xx and 429.`,
            op.batch!.results !== undefined
              ? "@returns one outcome per item, in input order: accepted (with the item's id), rejected (by the server, by validation, or too large alone), failed (retries exhausted) or not_sent (aborted)."
              : "@returns one outcome per item, in input order: accepted (with the chunk that carried it, and its id from the answer), rejected (by the server, by validation, or too large alone), failed (retries exhausted) or not_sent (aborted).",
          ]);
          w.line(`all: (${input}): Promise<BatchReport> => runtime.batch(${entry}, params, items, options),`);
          w.doc(["As `all`, but yields the outcomes of each chunk as it completes: memory stays bounded for streamed input."]);
          w.line(`stream: (${input}): AsyncGenerator<ChunkReport, void> => runtime.stream(${entry}, params, items, options),`);
        },
        "},",
      );
    },
    "),",
  );
}
