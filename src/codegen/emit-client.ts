import { type CodeBlockWriter, type InterfaceDeclarationStructure, type SourceFile, StructureKind, VariableDeclarationKind } from "ts-morph";
import { docText, identifier, literal, prettyLiteral, propertyKey } from "./code.js";
import type { ApiPlan, OperationPlan } from "./plan.js";
import { hasXml } from "./emit-xml.js";
import { parsePointer } from "./pointer.js";

/** Type names a client exports per operation. */
export function operationTypeNames(op: OperationPlan) {
  const base = op.operationId[0]!.toUpperCase() + op.operationId.slice(1);
  return {
    request: identifier(`${base}Request`),
    response: identifier(`${base}Response`),
    pathParams: identifier(`${base}PathParams`),
    validateRequest: identifier(`validate${base}Request`),
    validateResponse: identifier(`validate${base}Response`),
    isRequest: identifier(`is${base}Request`),
    batchParams: identifier(`${base}Params`),
    batchItem: identifier(`${base}Item`),
  };
}

export function clientFactoryName(plan: ApiPlan): string {
  return identifier(`create${plan.typeName}Client`);
}

/** `client.ts`: `create<Api>Client(options)` with one method per operation, on openapi-fetch. */
export function emitClient(file: SourceFile, plan: ApiPlan, runtimeImport: string): void {
  const factory = clientFactoryName(plan);
  const optionsType = optionsTypeName(plan);
  const credential = plan.auth.option;

  file.addImportDeclaration({ defaultImport: "createFetchClient", moduleSpecifier: "openapi-fetch" });
  file.addImportDeclaration({
    moduleSpecifier: `${runtimeImport}/http.js`,
    namedImports: ["type ApiDescription", "type CallOptions", "type ClientOptions", "createClientRuntime"],
  });
  if (plan.operations.some((op) => op.batch)) {
    file.addImportDeclaration({
      moduleSpecifier: `${runtimeImport}/batch.js`,
      namedImports: ["type BatchOptions", "type BatchReport", "type BatchSpec", "type ChunkReport", "runBatch", "streamBatch"],
    });
  }
  file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: "./schema.js", namedImports: ["components", "paths"] });
  file.addImportDeclaration({
    moduleSpecifier: "./validators.js",
    namedImports: [...plan.operations.map((op) => operationTypeNames(op).validateRequest), "responseValidators"],
  });
  if (hasXml(plan)) file.addImportDeclaration({ moduleSpecifier: "./xml.js", namedImports: ["xmlShapes"] });

  for (const op of plan.operations) {
    const names = operationTypeNames(op);
    file.addTypeAlias({
      isExported: true,
      name: names.request,
      type: `components["schemas"][${literal(op.requestSchema)}]`,
      docs: [`The request body of {@link ${plan.typeName}Client.${op.operationId}}.`],
    });
    if (op.responseSchema) {
      file.addTypeAlias({
        isExported: true,
        name: names.response,
        type: `components["schemas"][${literal(op.responseSchema)}]`,
        docs: [`The success answer of {@link ${plan.typeName}Client.${op.operationId}}.`],
      });
    }
    if (op.batch) {
      const key = literal(parsePointer(op.batch.items)[0]!);
      file.addTypeAlias({
        isExported: true,
        name: names.batchItem,
        type: `NonNullable<${names.request}[${key}]>[number]`,
        docs: [`One item of {@link ${plan.typeName}Client.${op.operationId}}'s \`${parsePointer(op.batch.items)[0]}\`, as \`.all()\` and \`.stream()\` take them.`],
      });
      file.addTypeAlias({
        isExported: true,
        name: names.batchParams,
        type: `${names.request} extends infer T ? (T extends unknown ? Omit<T, ${key}> : never) : never`,
        docs: [`The body of {@link ${plan.typeName}Client.${op.operationId}} without its items: the parameters of \`.all()\` and \`.stream()\`.`],
      });
    }
    if (op.pathParams.length > 0) {
      file.addTypeAlias({
        isExported: true,
        name: names.pathParams,
        type: `paths[${literal(op.path)}][${literal(op.method)}]["parameters"]["path"]`,
        docs: [`The path parameters of {@link ${plan.typeName}Client.${op.operationId}}.`],
      });
    }
  }

  file.addInterface(optionsInterface(plan));

  const description = {
    factory,
    serverUrl: plan.serverUrl,
    credentialOption: credential,
    auth: {
      header: plan.auth.header,
      template: plan.auth.template,
      ...(plan.auth.bodyField ? { bodyField: plan.auth.bodyField } : {}),
    },
    batchOperations: plan.operations.filter((op) => op.batch).map((op) => op.operationId),
    ...(plan.vendorError
      ? {
          vendorError: {
            code: parsePointer(plan.vendorError.code),
            message: parsePointer(plan.vendorError.message),
            success: plan.vendorError.success,
          },
        }
      : {}),
  };
  // The spec's facts as literals, then the generated validators and XML shapes by reference.
  const entries = [...Object.entries(description).map(([k, v]) => `  ${propertyKey(k)}: ${prettyLiteral(v, "  ")},`), "  responseValidators,", ...(hasXml(plan) ? ["  xml: xmlShapes,"] : [])];
  const literalDescription = `{\n${entries.join("\n")}\n}`;
  // Exported, so tools (profilekit import) read the credential option and the rest from here.
  const apiConst = identifier(`${plan.typeName[0]!.toLowerCase()}${plan.typeName.slice(1)}Api`);
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: apiConst, type: "ApiDescription", initializer: literalDescription }],
    docs: [docText(`What the client knows of ${plan.title}, from ${plan.sourceFile}.`)],
  });

  file.addFunction({
    isExported: true,
    name: factory,
    parameters: [{ name: "options", type: optionsType }],
    docs: [docText(`A typed client for ${plan.title}: one method per operation of ${plan.sourceFile}.`)],
    statements: (w) => {
      w.writeLine(`const runtime = createClientRuntime(${apiConst}, {`);
      w.indent(() => {
        w.writeLine("...options,");
        w.writeLine(`credential: options.${credential},`);
        if (plan.auth.bodyField) w.writeLine(`credentialIn: options.${credential}In,`);
      });
      w.writeLine("});");
      w.writeLine("const http = createFetchClient<paths>(runtime.fetchOptions);");
      for (const op of plan.operations) if (op.batch) writeBatchTransport(w, plan, op);
      w.write("return ").inlineBlock(() => {
        for (const op of plan.operations) writeMethod(w, plan, op);
      });
      w.write(";");
    },
  });

  file.addTypeAlias({
    isExported: true,
    name: `${plan.typeName}Client`,
    type: `ReturnType<typeof ${factory}>`,
    docs: [`A client made by {@link ${factory}}.`],
  });
}

/** The options interface of the client factory (also shown, as written here, on the docs index). */
export function optionsInterface(plan: ApiPlan): InterfaceDeclarationStructure {
  const factory = clientFactoryName(plan);
  const credential = plan.auth.option;
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name: optionsTypeName(plan),
    extends: [omitted("ClientOptions", [...(plan.baseUrlRequired ? ["baseUrl"] : []), ...(hasXml(plan) ? [] : ["format"])])],
    docs: [`Options of {@link ${factory}}.`],
    properties: [
      ...(plan.baseUrlRequired ? [{ name: "baseUrl", type: "string", docs: [docText(`Your API root URL: the spec's server is ${plan.serverUrl}.`)] }] : []),
      { name: credential, type: "string", docs: [docText(`The credential. ${plan.auth.description}`)] },
      ...(plan.auth.bodyField
        ? [
            {
              name: `${credential}In`,
              hasQuestionToken: true,
              type: '"body" | "header"',
              docs: [docText(`Where the credential goes: the body field \`${plan.auth.bodyField}\` (default) or the \`${plan.auth.header}\` header.`)],
            },
          ]
        : []),
    ],
  };
}

export const optionsTypeName = (plan: ApiPlan): string => identifier(`${plan.typeName}ClientOptions`);

/** `Omit<T, "a" | "b">`, or `T` when nothing is left out. */
function omitted(type: string, keys: string[]): string {
  return keys.length === 0 ? type : `Omit<${type}, ${keys.map((k) => literal(k)).join(" | ")}>`;
}

/** A method's JSDoc lines (before docText) and its signature `(…): Promise<…>`: the client's and the docs index's. */
export function methodDoc(plan: ApiPlan, op: OperationPlan): { doc: string[]; signature: string } {
  const names = operationTypeNames(op);
  const method = op.method.toUpperCase();
  const params = [...(op.pathParams.length > 0 ? [`path: ${names.pathParams}`] : []), `body: ${names.request}`, `init: ${omitted("CallOptions", hasXml(plan) ? [] : ["format"])} = {}`];
  const result = op.responseSchema ? names.response : "void";
  const doc = [
    `${op.summary} — \`${method} ${op.path}\`.`,
    op.description.trim(),
    ...op.pathParams.map((p) => `@param path.${p.name} ${p.description}`),
    op.responseSchema ? `@returns the ${op.successStatus} answer, typed.` : `@returns nothing: the API answers ${op.successStatus} without a body.`,
    `@throws ValidationError before sending when the body breaks the spec (unless \`validate: false\`), HttpError on a non-2xx answer${plan.vendorError ? ", VendorError on a 2xx answer that reports a failure" : ""}, NetworkError when no answer came.`,
  ].filter(Boolean);
  return { doc, signature: `(${params.join(", ")}): Promise<${result}>` };
}

/** The JSDoc block of `lines`, as the client writes it (one ` * ` per line). */
export function docBlock(lines: string[]): string[] {
  return [
    "/**",
    ...docText(lines.join("\n\n"))
      .split("\n")
      .map((line) => (line ? ` * ${line}` : " *")),
    " */",
  ];
}

function writeMethod(w: CodeBlockWriter, plan: ApiPlan, op: OperationPlan): void {
  const names = operationTypeNames(op);
  const method = op.method.toUpperCase();
  const result = op.responseSchema ? names.response : "void";
  const { doc, signature } = methodDoc(plan, op);
  writeDoc(w, doc);
  const body = () => {
    const fetchInit = [
      ...(op.pathParams.length > 0 ? ["params: { path }"] : []),
      `body: runtime.body(${literal(op.operationId)}, body, ${names.validateRequest}, init)`,
      ...(op.responseSchema ? [] : ['parseAs: "text"']),
      `...runtime.init(${literal(op.operationId)}, init)`,
    ];
    w.writeLine(`const request = http.${method}(${literal(op.path)}, {`);
    w.indent(() => fetchInit.forEach((field) => w.writeLine(`${field},`)));
    w.writeLine("});");
    const read = `runtime.read<${op.responseSchema ? result : "string"}>(${literal(method)}, ${literal(op.path)}, request);`;
    w.writeLine(op.responseSchema ? `return ${read}` : `await ${read}`);
  };
  if (!op.batch) {
    w.write(`async ${identifier(op.operationId)}${signature} `).inlineBlock(body);
    w.write(",").newLine();
    return;
  }
  // A batch operation: the plain method, with .all() and .stream() that chunk any number of items.
  const transport = `${op.operationId}Batch`;
  const input = `params: ${names.batchParams}, items: Iterable<${names.batchItem}> | AsyncIterable<${names.batchItem}>, options: BatchOptions = {}`;
  w.write(`${identifier(op.operationId)}: Object.assign(`).newLine();
  w.indent(() => {
    w.write(`async ${signature} => `).inlineBlock(body);
    w.write(",").newLine();
    w.write("").inlineBlock(() => {
      writeDoc(w, [
        `Sends any number of items in chunks of at most ${op.batch!.maxItems} items and ${op.batch!.maxBytes} bytes per request by default (the spec's x-batch; \`maxItems\` / \`maxBytes\` change them), \`concurrency\` requests at a time, retrying network errors, 5xx and 429.`,
        "@returns one outcome per item, in input order: accepted (with the item's id), rejected (by the server, by validation, or too large alone), failed (retries exhausted) or not_sent (aborted).",
      ]);
      w.writeLine(`all: (${input}): Promise<BatchReport> => runBatch(items, ${transport}.spec, ${transport}.transport(params), options),`);
      writeDoc(w, ["As `all`, but yields the outcomes of each chunk as it completes: memory stays bounded for streamed input."]);
      w.writeLine(`stream: (${input}): AsyncGenerator<ChunkReport, void> => streamBatch(items, ${transport}.spec, ${transport}.transport(params), options),`);
    });
    w.newLine();
  });
  w.write("),").newLine();
}

function writeDoc(w: CodeBlockWriter, lines: string[]): void {
  for (const line of docBlock(lines)) w.writeLine(line);
}

/** Before the client object: the batch limits from the spec, and how chunks are framed and sent. */
function writeBatchTransport(w: CodeBlockWriter, plan: ApiPlan, op: OperationPlan): void {
  const batch = op.batch!;
  const names = operationTypeNames(op);
  const method = op.method.toUpperCase();
  const spec = {
    items: parsePointer(batch.items)[0]!,
    maxItems: batch.maxItems,
    maxBytes: batch.maxBytes,
    results: parsePointer(batch.results),
    ...(batch.id ? { id: parsePointer(batch.id) } : {}),
    ...(plan.vendorError ? { code: parsePointer(plan.vendorError.code), success: plan.vendorError.success, message: parsePointer(plan.vendorError.message) } : {}),
  };
  w.writeLine(`const ${op.operationId}Batch = {`);
  w.indent(() => {
    w.writeLine(`spec: ${prettyLiteral(spec, "  ")} satisfies BatchSpec,`);
    w.writeLine("transport: (params: object) =>");
    w.indent(() => {
      w.writeLine(`runtime.batchTransport(${literal(op.operationId)}, ${literal(spec.items)}, params as Record<string, unknown>, ${names.validateRequest}, (raw, call) =>`);
      w.indent(() => {
        w.writeLine(`runtime.read<unknown>(${literal(method)}, ${literal(op.path)}, http.${method}(${literal(op.path)}, {`);
        w.indent(() => {
          w.writeLine(`body: raw as unknown as ${names.request},`);
          w.writeLine(`...runtime.init(${literal(op.operationId)}, call),`);
          w.writeLine("bodySerializer: (serialized: unknown) => serialized as string,");
        });
        w.writeLine("})),");
      });
      w.writeLine("),");
    });
  });
  w.writeLine("};");
}
