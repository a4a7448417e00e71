// The public runtime, `profilekit/runtime`: what generated clients import (also reachable per module as
// `profilekit/runtime/http.js`, `/xml.js`, `/batch.js`, `/errors.js`). Runs on fetch alone: no `node:` imports.
export * from "./errors.js";
export { createClientRuntime, type ApiDescription, type BodyValidator, type CallOptions, type ClientOptions, type ClientRuntime, type RuntimeOptions } from "./http.js";
export {
  decodeXml,
  encodeXml,
  encodeXmlElement,
  plainNumber,
  XML_DECODE_LIMITS,
  type XmlArrayMarker,
  type XmlBody,
  type XmlDecodeOptions,
  type XmlProperty,
  type XmlScalar,
  type XmlShape,
} from "./xml.js";
export {
  chunkBody,
  itemIssues,
  packChunks,
  parseRetryAfter,
  retryDelay,
  runBatch,
  streamBatch,
  utf8Bytes,
  type BatchFraming,
  type BatchOptions,
  type BatchProgress,
  type BatchReport,
  type BatchSpec,
  type BatchTransport,
  type ChunkReport,
  type ItemOutcome,
} from "./batch.js";
