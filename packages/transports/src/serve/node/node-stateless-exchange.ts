// One stateless (2026-07-28) request served on Node's own response object: the Server's answer
// is written to `res` as JSON in one write, or, once the Server sends anything before it
// (progress, a log message), as an event stream. The SDK's PerRequestHTTPServerTransport does
// the same through a web Response and ReadableStream; this class extends it only for its
// identity: a Server connected to one is bound to the request's protocol revision, which the SDK
// decides by the transport's class. None of its web-standard machinery is used.
import type { ServerResponse } from "node:http";
import type { JSONRPCMessage, JSONRPCRequest, MessageClassification, MessageExtraInfo, RequestId, TransportSendOptions } from "@modelcontextprotocol/server";
import { isJSONRPCErrorResponse, isJSONRPCResultResponse, PerRequestHTTPServerTransport, ProtocolErrorCode } from "@modelcontextprotocol/server";
import { writeJson } from "./node-http.js";

/** The SDK's default interval between keep-alive comments on an answer's event stream. */
export const STATELESS_KEEP_ALIVE_MS = 15_000;

/** JSON-RPC errors of the entry ladder, and the HTTP status each is answered with (as the SDK does). */
const LADDER_STATUS: Readonly<Record<number, number>> = {
  [ProtocolErrorCode.ParseError]: 400,
  [ProtocolErrorCode.InvalidRequest]: 400,
  [ProtocolErrorCode.MethodNotFound]: 404,
  [ProtocolErrorCode.UnsupportedProtocolVersion]: 400,
  [ProtocolErrorCode.MissingRequiredClientCapability]: 400,
  // Headers and body disagree (SEP-2243).
  [-32020]: 400,
};

/** What a client that went away before its answer gets, as the SDK answers it (nobody reads it). */
const CLIENT_GONE = 499;

export class NodeStatelessExchange extends PerRequestHTTPServerTransport {
  readonly #res: ServerResponse;
  readonly #keepAliveMs: number;
  #requestId: RequestId | undefined;
  /** True while the request is handed to the Server: an error sent then comes from its gates, not a handler. */
  #dispatching = false;
  #streaming = false;
  #answered = false;
  #ended = false;
  #keepAlive: NodeJS.Timeout | undefined;
  /** The response is no longer this exchange's to write (see {@link release}). */
  #released = false;
  #finish!: () => void;
  readonly #finished = new Promise<void>((resolve) => (this.#finish = resolve));

  constructor(res: ServerResponse, classification: MessageClassification, keepAliveMs = STATELESS_KEEP_ALIVE_MS) {
    super({ classification });
    this.#res = res;
    this.#keepAliveMs = keepAliveMs;
    // The client went away: the exchange ends, and with it the Server's handler (aborted).
    res.once("close", this.#clientGone);
  }

  readonly #clientGone = () => void this.close();

  /** Gives the response back untouched, before anything was served: closing then leaves it alone. */
  release(): void {
    this.#released = true;
    this.#res.off("close", this.#clientGone);
  }

  /** Hands the request to the connected Server; resolves once the exchange is over, answered or not. */
  serve(message: JSONRPCRequest, extra: MessageExtraInfo): Promise<void> {
    this.#requestId = message.id;
    this.#dispatching = true;
    try {
      this.onmessage?.(message, extra);
    } finally {
      this.#dispatching = false;
    }
    return this.#finished;
  }

  override async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.#ended) return;
    const isResponse = isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message);
    const related = isResponse ? message.id : options?.relatedRequestId;
    if (this.#requestId === undefined || related !== this.#requestId) {
      if (isResponse) this.onerror?.(new Error(`Received a response for an unknown request id: ${String(message.id)}`));
      return;
    }
    if (!isResponse) {
      // Anything before the answer turns it into an event stream.
      this.#openStream();
      this.#write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
      return;
    }
    if (this.#answered) return;
    this.#answered = true;
    if (this.#streaming) {
      this.#write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    } else {
      const code = isJSONRPCErrorResponse(message) ? message.error.code : undefined;
      const ladder = code !== undefined && (this.#dispatching || code === ProtocolErrorCode.MissingRequiredClientCapability) ? LADDER_STATUS[code] : undefined;
      writeJson(this.#res, ladder ?? 200, JSON.stringify(message));
    }
    queueMicrotask(() => void this.close());
  }

  override writeCommentFrame(comment: string): void {
    if (this.#streaming && !this.#ended) this.#write(`${comment.split("\n").map((line) => `: ${line}`).join("\n")}\n\n`);
  }

  override async close(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    clearInterval(this.#keepAlive);
    const res = this.#res;
    if (this.#released) {
      // Not this exchange's any more.
    } else if (!res.headersSent && !res.destroyed) {
      res.writeHead(CLIENT_GONE);
      res.end();
    } else if (!res.writableEnded) {
      res.end();
    }
    try {
      this.onclose?.();
    } finally {
      this.#finish();
    }
  }

  #openStream(): void {
    if (this.#streaming) return;
    this.#streaming = true;
    const res = this.#res;
    if (res.headersSent || res.destroyed) return;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" });
    res.flushHeaders();
    if (this.#keepAliveMs > 0) {
      this.#keepAlive = setInterval(() => this.writeCommentFrame("keepalive"), this.#keepAliveMs);
      this.#keepAlive.unref();
    }
  }

  #write(frame: string): void {
    if (!this.#res.destroyed && !this.#res.writableEnded) this.#res.write(frame);
  }
}
