// Test support (not built): drives a MessageTransport with raw JSON-RPC, below any SDK client,
// to see exactly which answer each request gets.
import type { JsonRpcId, JsonRpcMessage, MessageTransport } from "@mcpgw/core";
import { definedOnly } from "@mcpgw/core";

export interface RawClient {
  /** Every message the transport delivered, in order. */
  readonly received: JsonRpcMessage[];
  /** Sends a request and resolves with its response (result or error), whatever it is. */
  request(method: string, params?: unknown, id?: JsonRpcId): Promise<JsonRpcMessage>;
  notify(method: string, params?: unknown): Promise<void>;
  /** initialize + notifications/initialized, the 2025-11-25 handshake. */
  initialize(): Promise<JsonRpcMessage>;
}

let nextId = 1000;

/** Starts `transport` and wraps it. */
export async function rawClient(transport: MessageTransport): Promise<RawClient> {
  const received: JsonRpcMessage[] = [];
  const waiting = new Map<JsonRpcId, (message: JsonRpcMessage) => void>();
  transport.onmessage = (message) => {
    received.push(message);
    if (message.id !== undefined && message.id !== null && message.method === undefined) waiting.get(message.id)?.(message);
  };
  await transport.start();
  const client: RawClient = {
    received,
    request(method, params, id = nextId++) {
      const answer = new Promise<JsonRpcMessage>((resolve) => waiting.set(id, resolve));
      return transport.send({ jsonrpc: "2.0", id, method, ...definedOnly({ params }) }).then(() => answer);
    },
    notify: (method, params) => transport.send({ jsonrpc: "2.0", method, ...definedOnly({ params }) }),
    async initialize() {
      const response = await client.request("initialize", {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "raw-test", version: "0.0.0" },
      });
      if (response.result) await client.notify("notifications/initialized");
      return response;
    },
  };
  return client;
}
