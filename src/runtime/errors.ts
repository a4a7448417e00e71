export { ProfilekitError, type ProfilekitErrorOptions, type RedactionOptions } from "./errors/profilekit-error.js";
export { ConfigError } from "./errors/config-error.js";
export { HttpError, type HttpErrorOptions } from "./errors/http-error.js";
export { VendorError } from "./errors/vendor-error.js";
export { NetworkError } from "./errors/network-error.js";
export { ValidationError, type ValidationErrorOptions, type ValidationIssue } from "./errors/validation-error.js";
export { XmlEncodeError } from "./errors/xml-encode-error.js";
export { XmlDecodeError } from "./errors/xml-decode-error.js";
