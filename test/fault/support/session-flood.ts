// Opens many 2025-11-25 sessions on a gateway and abandons them: raw `initialize` POSTs over a
// few keep-alive connections, with bounded concurrency, each answer read to its end.
import { Agent, request } from "node:http";
import type { GatewayEndpoint } from "../../support/clients.js";
import { ACCEPT_BOTH } from "./raw-http.js";

/** What a flood of initializes got. */
export interface FloodResult {
  /** Sessions the gateway opened (200 with an `Mcp-Session-Id`). */
  opened: number;
  /** Their ids. */
  sessionIds: string[];
  /** Initializes refused with 503 because the session cap was reached (each was retried). */
  refusedAtCap: number;
  /** The bodies of refusals, for the leak check (a few; they are all alike). */
  refusals: string[];
}

const INITIALIZE = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "abandoner", version: "0" } } });

/** One raw initialize on `agent`'s connections: the status, the session id, the whole body. */
export function initializeOnce(gateway: GatewayEndpoint, agent: Agent): Promise<{ status: number; sessionId: string | undefined; body: string }> {
  const url = new URL(`${gateway.url}/mcp`);
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": "application/json", accept: ACCEPT_BOTH, "content-length": Buffer.byteLength(INITIALIZE), ...gateway.headers }, timeout: 30_000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          const id = res.headers["mcp-session-id"];
          resolve({ status: res.statusCode ?? 0, sessionId: typeof id === "string" ? id : undefined, body });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("initialize timed out")));
    req.on("error", reject);
    req.end(INITIALIZE);
  });
}

/**
 * Opens `count` sessions with at most `concurrency` initializes in flight over as many
 * keep-alive connections, and abandons each at once. An initialize refused at the session cap
 * (503) is retried after `retryDelayMs`: the idle reaper must make room.
 */
export async function floodSessions(gateway: GatewayEndpoint, count: number, concurrency: number, retryDelayMs = 50): Promise<FloodResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const result: FloodResult = { opened: 0, sessionIds: [], refusedAtCap: 0, refusals: [] };
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      for (;;) {
        const answer = await initializeOnce(gateway, agent);
        if (answer.status === 200 && answer.sessionId) {
          result.opened++;
          result.sessionIds.push(answer.sessionId);
          break;
        }
        if (answer.status !== 503) throw new Error(`initialize got ${answer.status}: ${answer.body.slice(0, 300)}`);
        result.refusedAtCap++;
        if (result.refusals.length < 5) result.refusals.push(answer.body);
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return result;
}
