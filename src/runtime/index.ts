// The public runtime, `profilekit/runtime`: what generated clients and their users import (also reachable
// per module as `profilekit/runtime/http.js`, `/operation.js`, `/xml.js`, `/batch.js`, `/errors.js`).
// Runs on fetch alone: no `node:` imports. Engine internals (packing, retry timing, framing) stay in
// their modules.
export { createClientRuntime, type BasicCredential, type CallArgs, type CallOptions, type ClientOptions, type ClientRuntime, type Credential, type TokenProvider } from "./http.js";
export type {
  ApiDescription,
  BatchDescriptor,
  BatchItem,
  BatchParams,
  BodyDescriptor,
  BodyKind,
  BodyValidator,
  EncodingDescriptor,
  HttpMethodName,
  MediaDescriptor,
  OperationDescriptor,
  ParameterDescriptor,
  ResponseDescriptor,
  SecuritySchemeDescriptor,
  ServerDescriptor,
} from "./operation.js";
export { decodeXml, encodeXml, XML_DECODE_LIMITS, type XmlArrayMarker, type XmlBody, type XmlDecodeOptions, type XmlProperty, type XmlScalar, type XmlShape } from "./xml.js";
export {
  runBatch,
  streamBatch,
  type BatchCallOptions,
  type BatchFraming,
  type BatchOptions,
  type BatchProgress,
  type BatchReport,
  type BatchSpec,
  type BatchTransport,
  type ChunkInfo,
  type ChunkReport,
  type ItemOutcome,
} from "./batch.js";
export { ProfilekitError, type ProfilekitErrorOptions, type RedactionOptions } from "./errors/profilekit-error.js";
export { ConfigError } from "./errors/config-error.js";
export { HttpError, type HttpErrorOptions } from "./errors/http-error.js";
export { VendorError } from "./errors/vendor-error.js";
export { NetworkError } from "./errors/network-error.js";
export { ValidationError, type ValidationErrorOptions, type ValidationIssue } from "./errors/validation-error.js";
export { XmlEncodeError } from "./errors/xml-encode-error.js";
export { XmlDecodeError } from "./errors/xml-decode-error.js";
