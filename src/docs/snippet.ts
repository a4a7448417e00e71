/**
 * The "use it from TypeScript" snippet of the docs index, cut out of the generated client's text
 * (generated/<api>/client.ts): the factory's signature, its options interface and the JSDoc and
 * signature of one method. Nothing is written by hand, so the snippet cannot drift from the code;
 * when the generated file no longer has the expected shape, extraction throws instead of guessing.
 */

export interface ClientSnippet {
  factory: string;
  /** The TypeScript text shown on the index page. */
  code: string;
}

export class SnippetError extends Error {
  override name = "SnippetError";
}

export function extractClientSnippet(source: string, file: string, importPath: string, operationId?: string): ClientSnippet {
  const fail = (what: string): never => {
    throw new SnippetError(`${file}: cannot find ${what} in the generated client (regenerate it with \`npx profilekit generate\`)`);
  };
  const factoryMatch = /^export function (create\w+Client)\((options: (\w+))\)/m.exec(source) ?? fail("`export function create<Api>Client(options: …)`");
  const [factoryLine, factory, , optionsType] = factoryMatch;
  const iface = new RegExp(`^(?:/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/\\n)?export interface ${optionsType} [^\\n]*\\{\\n[\\s\\S]*?^\\}`, "m").exec(source) ?? fail(`the interface ${optionsType}`);
  const credential = /credentialOption: "(\w+)"/.exec(source)?.[1] ?? fail("the credential option (`credentialOption`)");
  const serverUrl = /serverUrl: "([^"]*)"/.exec(source)?.[1] ?? fail("the server URL (`serverUrl`)");

  // A method of the returned object: its JSDoc (4-space indented) then `async name(…): … {` or `name: …(`.
  const methodRe = /^ {4}(\/\*\*\n(?: {5}\*[^\n]*\n)*? {5}\*\/)\n {4}(?:async (\w+)(\([^\n]*\)(?:: [^\n{]+)?) \{|(\w+): )/gm;
  let method: { doc: string; name: string; signature: string } | undefined;
  for (const m of source.matchAll(methodRe)) {
    const name = m[2] ?? m[4] ?? "";
    if (operationId !== undefined && name !== operationId) continue;
    let signature = m[3];
    if (signature === undefined) {
      // `name: Object.assign(\n async (…): … => {` (a batch method): its signature is on the next line.
      const rest = source.slice((m.index ?? 0) + m[0].length);
      signature = /^\s*[^\n]*?\n\s*async (\([^\n]*\))(?:: ([^\n]+?))? =>/.exec(rest)?.slice(1).filter(Boolean).join(": ") ?? "";
    }
    method = { doc: dedent(m[1] ?? ""), name, signature };
    break;
  }
  if (method === undefined) fail(operationId ? `the method ${operationId}` : "a documented client method");
  const m = method as { doc: string; name: string; signature: string };

  const code = [
    `import { ${factory} } from "${importPath}";`,
    "",
    `const client = ${factory}({ baseUrl: "${serverUrl}", ${credential}: process.env.API_CREDENTIAL! });`,
    `await client.${m.name}(/* … */);`,
    "",
    `// ${file}`,
    `${factoryLine}`,
    "",
    iface[0],
    "",
    m.doc,
    `${m.name}${m.signature}`,
  ].join("\n");
  return { factory: factory ?? "", code };
}

function dedent(text: string): string {
  return text
    .split("\n")
    .map((l) => l.replace(/^ {4}/, ""))
    .join("\n");
}
