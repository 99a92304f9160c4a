import type { JsonRpcMessage } from "./json-rpc.js";
import type { Logger } from "./logger.js";
import type { ServerSpec } from "./server-spec.js";

/**
 * A message channel to one MCP server. Structurally the MCP SDK's `Transport`, so an SDK
 * client can `connect()` to it, and the router can use it without the SDK.
 */
export interface MessageTransport {
  start(): Promise<void>;
  send(message: JsonRpcMessage): Promise<void>;
  close(): Promise<void>;
  onmessage?: (message: JsonRpcMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
}

/** How a server ended: what the runtime saw, for messages and the log. */
export interface ServerExit {
  /** Exit code of the process or container, when it exited. */
  code: number | null;
  signal: string | null;
  /** Whether mcpgw asked it to stop (idle, close, shutdown) rather than it crashing. */
  requested: boolean;
  /** The last lines it wrote to stderr. */
  stderr: string[];
}

/** Progress of preparing a server, e.g. an image pull, for a progress bar. */
export interface StartProgress {
  server: string;
  phase: "pull" | "create" | "start";
  message: string;
  current?: number;
  total?: number;
}

export interface ConnectContext {
  logger: Logger;
  /** Aborts a start that is under way. */
  signal?: AbortSignal;
  /** The client session this upstream serves, when it serves one. */
  session?: string;
  onProgress?: (progress: StartProgress) => void;
}

/** A running server and the channel to it. */
export interface Connection {
  /** The container id, the process id, or the URL. */
  readonly id: string;
  readonly server: string;
  readonly transport: MessageTransport;
  /** Settles when the server is gone, however it ended. */
  readonly closed: Promise<ServerExit>;
  /** Stops the server (gracefully, then by force) and waits until it is gone. */
  close(): Promise<void>;
}

/**
 * Runs or reaches servers of some kind. Runtimes implement it; the router knows servers only
 * through it.
 */
export interface Connector {
  /** Which spec kinds this connector serves. */
  readonly kinds: readonly ServerSpec["kind"][];
  connect(spec: ServerSpec, context: ConnectContext): Promise<Connection>;
  /** Stops every server this connector started and waits for them. */
  closeAll(): Promise<void>;
}
