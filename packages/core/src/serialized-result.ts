// A result that many sessions send alike, such as a page of a large tools list (600 KB with
// Docker's catalog): serialized once and written as bytes by the transports that know it, and
// an ordinary value to anything else, through toJSON.

const encoder = new TextEncoder();
const CLOSE_BRACE = 0x7d;

/** A JSON-RPC result serialized once, for every answer that carries it. */
export class SerializedResult {
  #bytes: Uint8Array | undefined;

  constructor(readonly value: Record<string, unknown>) {}

  /** The result's JSON, as UTF-8. */
  get bytes(): Uint8Array {
    this.#bytes ??= encoder.encode(JSON.stringify(this.value));
    return this.#bytes;
  }

  toJSON(): Record<string, unknown> {
    return this.value;
  }
}

/**
 * A JSON-RPC message as the text or bytes to write: an answer whose result is a
 * {@link SerializedResult} reuses its bytes instead of serializing the result again.
 * @example
 * const payload = encodeJsonRpc({ jsonrpc: "2.0", id: 1, result: page });
 * socket.write(payload);
 */
export function encodeJsonRpc(message: object): string | Uint8Array {
  const { result, id } = message as { result?: unknown; id?: unknown };
  if (!(result instanceof SerializedResult) || Object.keys(message).length !== 3) return JSON.stringify(message);
  const head = encoder.encode(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":`);
  const body = result.bytes;
  const out = new Uint8Array(head.length + body.length + 1);
  out.set(head);
  out.set(body, head.length);
  out[out.length - 1] = CLOSE_BRACE;
  return out;
}
