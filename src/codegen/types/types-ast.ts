import openapiTS, { resolveRef, scanDiscriminators, transformSchema, type OpenAPI3, type OpenAPITSOptions } from "openapi-typescript";
import type ts from "typescript";
import { withCachedCollators } from "./cached-collators.js";
import { redoclyWouldAct } from "./redocly-would-act.js";

type Options = Pick<OpenAPITSOptions, "alphabetize" | "defaultNonNullable" | "readWriteMarkers" | "silent" | "transform">;

/**
 * What `openapiTS(doc, options)` returns, without its Redocly lint and bundle when they would do nothing
 * (`redoclyWouldAct`): our document is already bundled, and they cost as much again as the types
 * themselves on a large one. Otherwise openapi-typescript runs whole, refusals and all. `doc` is changed
 * (openapi-typescript annotates what it is given): pass a copy.
 */
export async function typesAst(doc: Record<string, unknown>, options: Options): Promise<ts.Node[]> {
  if (redoclyWouldAct(doc) !== undefined) return openapiTS(doc as unknown as OpenAPI3, options);
  // The one change the bundle makes to a document like this one.
  doc["components"] ||= {};
  const schema = doc as unknown as OpenAPI3;
  const silent = options.silent ?? false;
  // openapi-typescript 7's context for these options, as `openapiTS` builds it (`inject`, left
  // undefined there, is absent here); test/codegen/types-ast.test.ts compares the two on every fixture.
  const ctx: Parameters<typeof transformSchema>[1] = {
    additionalProperties: false,
    alphabetize: options.alphabetize ?? false,
    arrayLength: false,
    defaultNonNullable: options.defaultNonNullable ?? true,
    discriminators: scanDiscriminators(schema, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined as never, // read by no transform
    silent,
    transform: typeof options.transform === "function" ? options.transform : undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: options.readWriteMarkers ?? false,
    resolve: ($ref) => resolveRef(schema, $ref, { silent }),
  };
  return withCachedCollators(() => transformSchema(schema, ctx));
}
