import { isJsonText } from "./json-syntax.js";

/**
 * Whether a JWT's first part is a JOSE header: base64url of a JSON object with a string
 * `alg`. This is what tells a token from any other run of dotted base64.
 */
export function isJoseHeader(part: string): boolean {
  const decoded = Buffer.from(part, "base64url").toString("utf8");
  // Cheap tests first; the full syntax check runs only on text that could be a header.
  if (!decoded.startsWith("{") || !decoded.includes('"alg"') || !isJsonText(decoded)) return false;
  // Cannot throw: the text was just checked to be JSON.
  const header: unknown = JSON.parse(decoded);
  return typeof header === "object" && header !== null && typeof (header as { alg?: unknown }).alg === "string";
}
