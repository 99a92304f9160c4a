// The router's fast lane in front of a session's Server: every message from the client is
// offered to the lane first, and only what it leaves goes on to the Server. The lane answers on
// the same wire, tied to the client's request as the Server's answers are.
import type { JSONRPCMessage, MessageExtraInfo, Transport, TransportSendOptions } from "@modelcontextprotocol/server";
import type { FastLane } from "./session-factory.js";

/** `inner` with `lane` in front of whoever connects to it; `inner` itself when there is no lane. */
export function withFastLane(inner: Transport, lane: FastLane | undefined): Transport {
  if (!lane) return inner;
  const wire = new LaneTransport(inner);
  wire.lane = lane;
  return wire;
}

/**
 * A transport that passes everything through, offering each message to its `lane` first when it
 * has one (stdio sets it only once the SDK has made the session's Server), and reports its
 * close to `onClosed` after the connected side's `onclose`.
 */
export class LaneTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  lane: FastLane | undefined;
  readonly #inner: Transport;

  constructor(inner: Transport, onClosed?: () => void) {
    this.#inner = inner;
    const reply = (message: Record<string, unknown>, relatedRequestId?: string | number) =>
      void inner.send(message as JSONRPCMessage, relatedRequestId === undefined ? undefined : { relatedRequestId }).catch((error: unknown) => this.onerror?.(error as Error));
    inner.onmessage = (message, extra) => {
      if (!this.lane?.take(message as unknown as Record<string, unknown> & { jsonrpc: "2.0" }, reply)) this.onmessage?.(message, extra);
    };
    inner.onclose = () => {
      this.lane?.close();
      try {
        this.onclose?.();
      } finally {
        onClosed?.();
      }
    };
    inner.onerror = (error) => this.onerror?.(error);
  }

  get sessionId(): string | undefined {
    return this.#inner.sessionId;
  }

  start(): Promise<void> {
    return this.#inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.#inner.send(message, options);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  setProtocolVersion(version: string): void {
    this.#inner.setProtocolVersion?.(version);
  }

  setSupportedProtocolVersions(versions: string[]): void {
    this.#inner.setSupportedProtocolVersions?.(versions);
  }
}
