/** What the XML runtime knows of a body: the shapes generated into `generated/<api>/xml.ts`. */
/** A scalar type an XML text may be read as, tried in this order: boolean, integer, number, string. */
export type XmlScalar = "boolean" | "integer" | "number" | "string" | "null";

/** The vendor's array marker: the first of the repeated elements carries `attribute='value'`. */
export interface XmlArrayMarker {
  attribute: string;
  value: string;
}

/** What the XML runtime needs of a schema (generated into `generated/<api>/xml.ts`). */
export type XmlShape =
  | { kind: "scalar"; types: readonly XmlScalar[] }
  | { kind: "object"; properties: Readonly<Record<string, XmlProperty>>; additional?: XmlShape }
  | { kind: "array"; items: XmlShape; marker?: XmlArrayMarker }
  /** Free-form (custom fields): text is kept as a string, child elements as objects, repeats as arrays. */
  | { kind: "any"; marker?: XmlArrayMarker };

export interface XmlProperty {
  /** The element name (the OpenAPI `xml.name`, else the property name). */
  element: string;
  shape: XmlShape;
}

/** A request or answer body: its root element and the shape of its content. */
export interface XmlBody {
  root: string;
  shape: XmlShape;
}

/**
 * What decoding may cost. Each limit is checked before the value is built: size, element count,
 * depth and tag length in one pass over the text before it is parsed, the text while it is read.
 */
export interface XmlDecodeOptions {
  /** Deepest element nesting accepted. Default 64. */
  maxDepth?: number;
  /** Largest document accepted, in UTF-8 bytes. Default 16 MiB. */
  maxBytes?: number;
  /** Most elements accepted, counted before parsing. Default 1,000,000. */
  maxElements?: number;
  /** Most characters of text the decoded value may hold in all (entities resolved). Default 16 Mi. */
  maxTextLength?: number;
}

/** The defaults of {@link XmlDecodeOptions}; the client reads no answer larger than `maxBytes` either. */
export const XML_DECODE_LIMITS: Readonly<Required<XmlDecodeOptions>> = {
  maxDepth: 64,
  maxBytes: 16 * 1024 * 1024,
  maxElements: 1_000_000,
  maxTextLength: 16 * 1024 * 1024,
};

export const ANY: XmlShape = { kind: "any" };

/** Characters XML 1.0 cannot carry at all, even escaped (controls, lone surrogates, U+FFFE/FFFF). */
export const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
