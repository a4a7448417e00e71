/**
 * XML bodies: the vendor's XML written from a typed value by its shape (xml-encode.ts, our own
 * serializer) and read back into the typed value (xml-decode.ts, on fast-xml-parser, refusing hostile
 * input). The shapes come from the spec (generated/<api>/xml.ts; types in xml-shape.ts).
 */
export type { XmlArrayMarker, XmlBody, XmlDecodeOptions, XmlProperty, XmlScalar, XmlShape } from "./xml-shape.js";
export { encodeXml, encodeXmlElement, plainNumber } from "./xml-encode.js";
export { decodeXml } from "./xml-decode.js";
export { XML_DECODE_LIMITS } from "./xml-shape.js";
