// Test support (not exported): a Connector whose servers are scripted JSON-RPC responders in
// this process, each on one end of a linked pair of in-memory transports. Every message a
// server receives is recorded, so tests can see what the router really sent upstream.
import type { Connection, Connector, JsonRpcMessage, MessageTransport, ServerExit, ServerSpec } from "@mcpgw/core";
import { UpstreamError, definedOnly } from "@mcpgw/core";

/** A request as a fake server receives it. */
export interface FakeRequest {
  id: string | number;
  method: string;
  params: Record<string, unknown> & { _meta?: Record<string, unknown> };
}

/** How one fake server behaves: what it offers, and how it answers what is not a list. */
export interface FakeServerScript {
  capabilities?: Record<string, unknown>;
  tools?: Record<string, unknown>[];
  prompts?: Record<string, unknown>[];
  resources?: Record<string, unknown>[];
  resourceTemplates?: Record<string, unknown>[];
  /**
   * Answers any other request (tools/call, resources/read, …). Throw an UpstreamError to answer
   * with an error. Default: a tool result that echoes the call's arguments as JSON.
   */
  handle?: (request: FakeRequest, server: FakeServer) => unknown;
  /** Never answers anything, initialize included: a server that hangs on start. */
  silent?: boolean;
  /** Lists in pages of this many items, with `nextCursor`s; default: one page. */
  pageSize?: number;
}

/** One running fake server, as a test sees it. */
export interface FakeServer {
  readonly name: string;
  /** The client session it serves (`session` sharing), if any. */
  readonly session: string | undefined;
  /** Every message it received, in order. */
  readonly received: JsonRpcMessage[];
  /** The requests it received of one method. */
  requests(method: string): FakeRequest[];
  notify(method: string, params?: unknown): Promise<void>;
  /** Sends a request to the gateway (sampling, elicitation, roots) and resolves with the answer message. */
  ask(method: string, params?: unknown): Promise<JsonRpcMessage>;
  /** Sends a progress notification for a request it received. */
  progress(request: FakeRequest, progress: number): Promise<void>;
  /** Whether the connection to it was closed. */
  readonly closed: boolean;
  /** Ends the connection from the server's side, as a crash or an idle stop would. */
  close(): Promise<void>;
  /** Changes what it offers from now on (lists are asked for again on list_changed). */
  script: FakeServerScript;
}

/** The test's view of the connector: every server it started, in order. */
export interface MemoryConnector extends Connector {
  readonly started: FakeServer[];
}

/** Two transports linked to each other; a message sent on one arrives on the other, asynchronously. */
export function linkedTransports(): [MessageTransport, MessageTransport] {
  const make = (): MessageTransport & { peer?: MessageTransport; isClosed: boolean } => ({
    isClosed: false,
    async start() {},
    async send(message) {
      if (this.isClosed) throw new Error("the transport is closed");
      const peer = this.peer;
      queueMicrotask(() => peer?.onmessage?.(structuredClone(message)));
    },
    async close() {
      if (this.isClosed) return;
      this.isClosed = true;
      this.onclose?.();
      await this.peer?.close();
    },
  });
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** A Connector over fake servers scripted by name; a name without a script answers with the defaults. */
export function createMemoryConnector(scripts: Record<string, FakeServerScript> = {}): MemoryConnector {
  const started: FakeServer[] = [];
  return {
    kinds: ["process", "docker", "remote"],
    started,
    async connect(spec: ServerSpec, context): Promise<Connection> {
      const [gatewaySide, serverSide] = linkedTransports();
      // By default a server lists the tools its catalog entry declares.
      const server = startFakeServer(spec.name, context.session, serverSide, { ...definedOnly({ tools: spec.tools?.map((t) => ({ ...t })) }), ...scripts[spec.name] });
      started.push(server);
      let ended!: (exit: ServerExit) => void;
      const closed = new Promise<ServerExit>((resolve) => (ended = resolve));
      const onServerClose = serverSide.onclose;
      serverSide.onclose = () => {
        onServerClose?.();
        ended({ code: 0, signal: null, requested: true, stderr: [] });
      };
      return { id: `memory-${started.length}`, server: spec.name, transport: gatewaySide, closed, close: () => gatewaySide.close() };
    },
    async closeAll() {},
  };
}

function startFakeServer(name: string, session: string | undefined, transport: MessageTransport, script: FakeServerScript): FakeServer {
  const received: JsonRpcMessage[] = [];
  const answers = new Map<string | number, (message: JsonRpcMessage) => void>();
  let nextId = 1;
  let closed = false;
  const send = (message: JsonRpcMessage) => transport.send(message);
  const server: FakeServer = {
    name,
    session,
    received,
    script,
    get closed() {
      return closed;
    },
    requests: (method) =>
      received.filter((m) => m.method === method && m.id !== undefined).map((m) => ({ id: m.id!, method, params: (m.params ?? {}) as FakeRequest["params"] })),
    notify: (method, params) => send({ jsonrpc: "2.0", method, ...definedOnly({ params }) }),
    ask: (method, params) =>
      new Promise((resolve) => {
        const id = `fake-${nextId++}`;
        answers.set(id, resolve);
        void send({ jsonrpc: "2.0", id, method, ...definedOnly({ params }) });
      }),
    progress: (request, progress) => server.notify("notifications/progress", { progressToken: request.params._meta?.progressToken, progress }),
    close: () => transport.close(),
  };
  const lists: Record<string, [keyof FakeServerScript, string]> = {
    "tools/list": ["tools", "tools"],
    "prompts/list": ["prompts", "prompts"],
    "resources/list": ["resources", "resources"],
    "resources/templates/list": ["resourceTemplates", "resourceTemplates"],
  };
  const answer = async (request: FakeRequest): Promise<unknown> => {
    if (server.script.silent) return new Promise(() => {});
    if (request.method === "initialize") {
      return { protocolVersion: "2025-11-25", capabilities: server.script.capabilities ?? { tools: { listChanged: true } }, serverInfo: { name, version: "1" } };
    }
    const list = lists[request.method];
    if (list) return listPage((server.script[list[0]] as unknown[] | undefined) ?? [], list[1], request.params.cursor, server.script.pageSize);
    if (request.method === "resources/subscribe" || request.method === "resources/unsubscribe" || request.method === "logging/setLevel") return {};
    if (server.script.handle) return server.script.handle(request, server);
    if (request.method === "tools/call") return { content: [{ type: "text", text: JSON.stringify(request.params.arguments ?? {}) }] };
    throw new UpstreamError({ code: -32601, message: `method not found: ${request.method}` });
  };
  transport.onmessage = (message) => {
    received.push(message);
    if (message.method === undefined && message.id !== undefined && message.id !== null) {
      answers.get(message.id)?.(message);
      answers.delete(message.id);
      return;
    }
    if (message.method === undefined || message.id === undefined || message.id === null) return;
    const request: FakeRequest = { id: message.id, method: message.method, params: (message.params ?? {}) as FakeRequest["params"] };
    void answer(request).then(
      (result) => send({ jsonrpc: "2.0", id: request.id, result }),
      (error: unknown) =>
        send({ jsonrpc: "2.0", id: request.id, error: error instanceof UpstreamError ? error.toJSON() : { code: -32603, message: String(error) } }).catch(() => {}),
    );
  };
  transport.onclose = () => {
    closed = true;
  };
  return server;
}

/** One page of a fake server's list; its cursors are the offset of the next page, as text. */
function listPage(items: unknown[], key: string, cursor: unknown, size = Number.POSITIVE_INFINITY): Record<string, unknown> {
  const start = typeof cursor === "string" ? Number(cursor) : 0;
  const end = start + size;
  return { [key]: items.slice(start, end), ...(end < items.length ? { nextCursor: String(end) } : {}) };
}
