// One 2025-11-25 Streamable HTTP session on Node's own request and response objects: the SDK
// Server of the session speaks through it. A POST's answers go back on that POST: as one JSON
// body when the only thing to send is the answer to its single request (the common call), else
// as an event stream; messages that belong to no request go down the session's GET stream.
// The HTTP rules are the SDK transport's: 406 without both media types in Accept, 415 without a
// JSON body, 400 for an unsupported MCP-Protocol-Version, a second initialize, or a body that is
// not JSON-RPC, 409 for a second GET stream, 404 once closed.
import type { IncomingMessage, ServerResponse } from "node:http";
import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/server";
import type { JSONRPCMessage, MessageExtraInfo, Transport, TransportSendOptions } from "@modelcontextprotocol/server";
import { encodeJsonRpc } from "@mcpgw/core";
import { HTTP_ERROR_CODES } from "../http-errors.js";
import { isJsonRpcMessage } from "./json-rpc-shape.js";
import { writeRejection } from "./node-http.js";

type JsonRpcId = string | number;

const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" } as const;
/** The SDK transport's batch limit. */
const MAX_BATCH = 100;

/** A message as one event of an event stream. */
function sseEvent(json: string | Uint8Array): string | Buffer {
  return typeof json === "string" ? `event: message\ndata: ${json}\n\n` : Buffer.concat([SSE_EVENT_HEAD, json, SSE_EVENT_TAIL]);
}
const SSE_EVENT_HEAD = Buffer.from("event: message\ndata: ");
const SSE_EVENT_TAIL = Buffer.from("\n\n");

/** One POST that carried requests: where their answers and related messages go. */
class PostStream {
  /** Requests of the POST not answered yet. */
  unanswered: number;
  #sse = false;

  constructor(
    readonly res: ServerResponse,
    requests: number,
    readonly sessionId: string,
    /** A single request may be answered with a JSON body; a batch always gets an event stream. */
    readonly mayAnswerJson: boolean,
  ) {
    this.unanswered = requests;
  }

  get open(): boolean {
    return !this.res.destroyed && !this.res.writableEnded;
  }

  /** Writes `message`; ends the answer once every request of the POST is answered. */
  write(message: JSONRPCMessage, isAnswer: boolean): void {
    if (isAnswer) this.unanswered--;
    const json = encodeJsonRpc(message);
    if (!this.open) return;
    if (!this.#sse && this.mayAnswerJson && isAnswer && this.unanswered === 0) {
      const length = typeof json === "string" ? Buffer.byteLength(json) : json.byteLength;
      this.res.writeHead(200, { "content-type": "application/json", "content-length": length, "mcp-session-id": this.sessionId });
      this.res.end(json);
      return;
    }
    if (!this.#sse) {
      this.#sse = true;
      this.res.writeHead(200, { ...SSE_HEADERS, "mcp-session-id": this.sessionId });
    }
    const event = sseEvent(json);
    if (this.unanswered === 0) this.res.end(event);
    else this.res.write(event);
  }

  end(): void {
    if (!this.open) return;
    if (!this.#sse && !this.res.headersSent) this.res.writeHead(200, { ...SSE_HEADERS, "mcp-session-id": this.sessionId });
    this.res.end();
  }
}

/** What the endpoint passes along with a request it routes to the session. */
export interface SessionRequestExtra {
  authInfo?: MessageExtraInfo["authInfo"];
}

/** The transport of one 2025-11-25 session; `handle` serves each HTTP request that carries its id. */
export class NodeSessionTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  readonly sessionId: string;

  #supported: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS;
  #initialized = false;
  #closed = false;
  /** The POST each unanswered request came on. */
  readonly #streams = new Map<JsonRpcId, PostStream>();
  /** The GET stream: messages related to no request. */
  #standalone: ServerResponse | undefined;

  constructor(sessionId: string) {
    this.sessionId = sessionId;
  }

  get closed(): boolean {
    return this.#closed;
  }

  setSupportedProtocolVersions(versions: string[]): void {
    this.#supported = versions;
  }

  async start(): Promise<void> {}

  /**
   * Serves a POST whose body was read and parsed (`body`), or `undefined` when it was not JSON;
   * settles when the request has been handed to the Server (not when it is answered).
   */
  handlePost(req: IncomingMessage, res: ServerResponse, body: unknown, extra: SessionRequestExtra = {}): void {
    const accept = req.headers.accept ?? "";
    if (!accept.includes("application/json") || !accept.includes("text/event-stream")) {
      return this.#reject(res, 406, HTTP_ERROR_CODES.SERVER_ERROR, "Not Acceptable: Client must accept both application/json and text/event-stream");
    }
    if (body === undefined) return this.#reject(res, 415, HTTP_ERROR_CODES.SERVER_ERROR, "Unsupported Media Type: Content-Type must be application/json");
    if (Array.isArray(body) && body.length > MAX_BATCH) return this.#reject(res, 400, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH} messages`);
    const messages = (Array.isArray(body) ? body : [body]) as JSONRPCMessage[];
    if (messages.length === 0 || !messages.every((m) => isJsonRpcMessage(m))) return this.#reject(res, 400, HTTP_ERROR_CODES.PARSE_ERROR, "Parse error: Invalid JSON-RPC message");
    if (this.#closed) return this.#reject(res, 404, HTTP_ERROR_CODES.SESSION_NOT_FOUND, "Session not found");
    const initializing = messages.some((m) => (m as { method?: unknown }).method === "initialize");
    if (initializing) {
      if (this.#initialized) return this.#reject(res, 400, -32600, "Invalid Request: Server already initialized");
      if (messages.length > 1) return this.#reject(res, 400, -32600, "Invalid Request: Only one initialization request is allowed");
      this.#initialized = true;
    } else {
      if (!this.#initialized) return this.#reject(res, 400, HTTP_ERROR_CODES.SERVER_ERROR, "Bad Request: Server not initialized");
      const versionProblem = this.#checkProtocolVersion(req);
      if (versionProblem) return this.#reject(res, 400, HTTP_ERROR_CODES.SERVER_ERROR, versionProblem);
    }
    const requests = messages.filter(isRequest);
    const info: MessageExtraInfo = extra.authInfo ? { authInfo: extra.authInfo } : {};
    if (requests.length === 0) {
      for (const message of messages) this.onmessage?.(message, info);
      res.writeHead(202);
      res.end();
      return;
    }
    // Answers are matched by id: a batch that repeats an id waits for one answer to it.
    const ids = new Set(requests.map((request) => request.id));
    const stream = new PostStream(res, ids.size, this.sessionId, requests.length === 1);
    for (const id of ids) this.#streams.set(id, stream);
    res.once("close", () => {
      // The client went away: its requests' answers have nowhere to go.
      for (const request of requests) if (this.#streams.get(request.id) === stream) this.#streams.delete(request.id);
    });
    for (const message of messages) this.onmessage?.(message, info);
  }

  /** Opens the session's GET stream (one at a time). */
  handleGet(req: IncomingMessage, res: ServerResponse): void {
    const accept = req.headers.accept ?? "";
    if (!accept.includes("text/event-stream")) return this.#reject(res, 406, HTTP_ERROR_CODES.SERVER_ERROR, "Not Acceptable: Client must accept text/event-stream");
    if (this.#closed) return this.#reject(res, 404, HTTP_ERROR_CODES.SESSION_NOT_FOUND, "Session not found");
    const versionProblem = this.#checkProtocolVersion(req);
    if (versionProblem) return this.#reject(res, 400, HTTP_ERROR_CODES.SERVER_ERROR, versionProblem);
    if (this.#standalone && !this.#standalone.destroyed && !this.#standalone.writableEnded) {
      return this.#reject(res, 409, HTTP_ERROR_CODES.SERVER_ERROR, "Conflict: Only one SSE stream is allowed per session");
    }
    this.#standalone = res;
    res.writeHead(200, { ...SSE_HEADERS, "mcp-session-id": this.sessionId });
    res.flushHeaders();
    res.once("close", () => {
      if (this.#standalone === res) this.#standalone = undefined;
    });
  }

  /** Ends the session (DELETE). */
  async handleDelete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const versionProblem = this.#checkProtocolVersion(req);
    if (versionProblem) return this.#reject(res, 400, HTTP_ERROR_CODES.SERVER_ERROR, versionProblem);
    res.writeHead(200);
    res.end();
    await this.close();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const isAnswer = "result" in message || "error" in message;
    const related = isAnswer ? (message as { id: JsonRpcId }).id : options?.relatedRequestId;
    if (related === undefined || related === null) {
      if (isAnswer) throw new Error("Cannot send a response on a standalone SSE stream unless resuming a previous client request");
      const standalone = this.#standalone;
      if (standalone && !standalone.destroyed && !standalone.writableEnded) standalone.write(sseEvent(encodeJsonRpc(message)));
      return;
    }
    const stream = this.#streams.get(related as JsonRpcId);
    if (!stream) {
      // Its POST is gone (the client disconnected) or never was: nothing to deliver it on.
      if (isAnswer) this.onerror?.(new Error(`Response for request ID ${String(related)} is undeliverable: its POST is no longer open`));
      return;
    }
    if (isAnswer) this.#streams.delete(related as JsonRpcId);
    stream.write(message, isAnswer);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const stream of new Set(this.#streams.values())) stream.end();
    this.#streams.clear();
    if (this.#standalone && !this.#standalone.writableEnded) this.#standalone.end();
    this.#standalone = undefined;
    this.onclose?.();
  }

  #checkProtocolVersion(req: IncomingMessage): string | undefined {
    const version = req.headers["mcp-protocol-version"];
    if (typeof version !== "string" || this.#supported.includes(version)) return undefined;
    return `Bad Request: Unsupported protocol version: ${version} (supported versions: ${this.#supported.join(", ")})`;
  }

  #reject(res: ServerResponse, status: number, code: number, message: string): void {
    this.onerror?.(new Error(message));
    writeRejection(res, status, code, message);
  }
}

function isRequest(message: JSONRPCMessage): message is JSONRPCMessage & { id: JsonRpcId; method: string } {
  const m = message as { id?: unknown; method?: unknown };
  return typeof m.method === "string" && (typeof m.id === "string" || typeof m.id === "number");
}
