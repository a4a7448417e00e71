/**
 * XML bodies: the vendor's XML written from a typed value by its shape (xml-encode.ts) and read back
 * into the typed value (xml-decode.ts, refusing hostile input; our own scanner, xml-scan.ts, read by
 * shape in xml-read.ts). Each shape is compiled once into writers and readers. The shapes come from
 * the spec (generated/<api>/xml.ts; types in xml-shape.ts).
 */
export type { XmlArrayMarker, XmlBody, XmlDecodeOptions, XmlProperty, XmlScalar, XmlShape } from "./xml-shape.js";
export { encodeXml, encodeXmlElement, plainNumber, xmlItemEncoder } from "./xml-encode.js";
export { decodeXml } from "./xml-decode.js";
export { XML_DECODE_LIMITS } from "./xml-shape.js";
