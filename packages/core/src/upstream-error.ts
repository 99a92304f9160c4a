import { definedOnly } from "./defined.js";

/**
 * An error answer that came over the wire from the other end: an upstream server's answer to a
 * request, or a client's answer to a server's question. It is wire vocabulary, not one of the
 * gateway's own failures (those are GatewayErrors): `toJsonRpcError` carries it on verbatim,
 * code, message and data.
 */
export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
  readonly code: number;
  readonly data: unknown;

  constructor(error: { code: number; message: string; data?: unknown }) {
    super(error.message);
    this.code = error.code;
    this.data = error.data;
  }

  /** The error object as it came. */
  toJSON(): { code: number; message: string; data?: unknown } {
    return { code: this.code, message: this.message, ...definedOnly({ data: this.data }) };
  }
}
