// Malformed input over Streamable HTTP, both eras, against a real `mcpgw gateway run
// --transport streaming` with server-everything behind it: raw requests over a socket with
// bodies that are not JSON, too large, of the wrong type, with headers that contradict the body
// or name no session. Each gets the right status and, when the body is JSON-RPC, a well-formed
// error; generated bodies (the stdio fuzz's) are answered by the same rules; and a valid call in
// a 2025-11-25 session and a valid 2026-07-28 stateless call work right after.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { everythingProcess } from "../support/servers.js";
import { stopFaultGateway, writeFaultHome } from "./support/fault-home.js";
import type { FuzzMessage } from "./support/json-rpc-arbitraries.js";
import { fuzzSequenceArb } from "./support/json-rpc-arbitraries.js";
import { expectNoLeaks, record } from "./support/leak-check.js";
import type { RawResponse, RpcMessage } from "./support/raw-http.js";
import { MODERN_META, modernRequest, openSession, postMcp, requestMcp, sessionHeaders } from "./support/raw-http.js";

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const NUM_RUNS = 30;

describe("malformed input over Streamable HTTP", () => {
  let home: TempHome;
  let gateway: GatewayProcess;
  let session: string;
  let probes = 0;

  beforeAll(async () => {
    home = await TempHome.create();
    const secretArgs = await writeFaultHome(home, { everything: everythingProcess() });
    gateway = await startGateway(home, { args: secretArgs });
    session = await openSession(gateway);
  }, 90_000);

  afterAll(async () => {
    expect(await stopFaultGateway(gateway, home)).toEqual([]);
    expectNoLeaks();
  }, 60_000);

  /** Records what came back, and checks that a JSON-RPC error body is one. */
  function expectRejected(response: RawResponse, status: number, what: string, requestId: unknown): RpcMessage {
    record(`HTTP ${response.status} body for ${what}`, response.text);
    expect(response.status, `${what}: ${response.text.slice(0, 300)}`).toBe(status);
    expect(response.messages, `${what}: a JSON-RPC body`).toHaveLength(1);
    const [message] = response.messages!;
    expect(message, what).toMatchObject({ jsonrpc: "2.0", error: { code: expect.any(Number), message: expect.any(String) } });
    // The request's id when the body was read, else null.
    expect([null, requestId], what).toContainEqual(message!.id);
    return message!;
  }

  /** A valid call answered in the 2025-11-25 session and one answered statelessly (2026-07-28). */
  async function expectServing(): Promise<void> {
    const message = `still serving ${++probes}`;
    const legacy = await postMcp(gateway, { jsonrpc: "2.0", id: `probe-${probes}`, method: "tools/call", params: { name: "echo", arguments: { message } } }, sessionHeaders(session));
    expect(legacy.status, legacy.text.slice(0, 300)).toBe(200);
    expect(legacy.messages?.find((m) => m.id === `probe-${probes}`)).toEqual({ jsonrpc: "2.0", id: `probe-${probes}`, result: { content: [{ type: "text", text: `Echo: ${message}` }] } });
    const request = modernRequest(`modern-probe-${probes}`, "tools/call", { name: "echo", arguments: { message } });
    const modern = await postMcp(gateway, request.body, request.headers);
    expect(modern.status, modern.text.slice(0, 300)).toBe(200);
    expect(modern.messages?.find((m) => m.id === `modern-probe-${probes}`)).toMatchObject({ result: { content: [{ type: "text", text: `Echo: ${message}` }] } });
  }

  it("rejects broken requests with the right status and a JSON-RPC error, and serves the next one", async () => {
    await expectServing();
    const tooLarge = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "x".repeat(MAX_BODY_BYTES) } });
    const ping = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    const echo = modernRequest(9, "tools/call", { name: "echo", arguments: { message: "m" } });
    const cases: { what: string; send: () => Promise<RawResponse>; status: number; code?: number; id?: number }[] = [
      { what: "a body that is not JSON", send: () => postMcp(gateway, '{"jsonrpc":"2.0",', sessionHeaders(session)), status: 400, code: -32700 },
      { what: "a body that is not JSON, without a session", send: () => postMcp(gateway, "not json at all"), status: 400, code: -32700 },
      { what: "a body over 4 MiB in a session", send: () => postMcp(gateway, tooLarge, sessionHeaders(session)), status: 413 },
      { what: "a body over 4 MiB, stateless", send: () => postMcp(gateway, tooLarge, echo.headers), status: 413 },
      { what: "a text/plain body", send: () => postMcp(gateway, ping, { ...sessionHeaders(session), "content-type": "text/plain" }), status: 415 },
      { what: "an Accept without JSON or SSE", send: () => postMcp(gateway, ping, { ...sessionHeaders(session), accept: "text/html" }), status: 406 },
      { what: "an unknown session id", send: () => postMcp(gateway, ping, sessionHeaders("00000000-0000-4000-8000-000000000000")), status: 404, code: -32001 },
      { what: "a session id that is not one", send: () => postMcp(gateway, ping, sessionHeaders("../../etc/passwd")), status: 404, code: -32001 },
      { what: "a DELETE of an unknown session", send: () => requestMcp(gateway, "DELETE", sessionHeaders("00000000-0000-4000-8000-000000000001")), status: 404, code: -32001 },
      { what: "a 2025 request without a session", send: () => postMcp(gateway, ping, { "mcp-protocol-version": "2025-11-25" }), status: 400 },
      { what: "an unsupported MCP-Protocol-Version in a session", send: () => postMcp(gateway, ping, { ...sessionHeaders(session), "mcp-protocol-version": "1999-01-01" }), status: 400 },
      { what: "a GET without a session", send: () => requestMcp(gateway, "GET"), status: 400 },
      { what: "a PUT", send: () => requestMcp(gateway, "PUT"), status: 405 },
      { what: "no bearer token", send: () => postMcp({ url: gateway.url, headers: {} }, ping), status: 401 },
      { what: "a wrong bearer token", send: () => postMcp({ url: gateway.url, headers: { authorization: "Bearer not-the-token" } }, ping), status: 401 },
      { what: "Mcp-Method contradicting the body", send: () => postMcp(gateway, echo.body, { ...echo.headers, "mcp-method": "tools/list" }), status: 400, id: 9 },
      { what: "Mcp-Name contradicting the body", send: () => postMcp(gateway, echo.body, { ...echo.headers, "mcp-name": "get-env" }), status: 400, id: 9 },
      { what: "Mcp-Method missing", send: () => postMcp(gateway, echo.body, { "mcp-protocol-version": "2026-07-28", "mcp-name": "echo" }), status: 400, id: 9 },
      { what: "MCP-Protocol-Version contradicting the envelope", send: () => postMcp(gateway, echo.body, { ...echo.headers, "mcp-protocol-version": "2025-11-25" }), status: 400, id: 9 },
    ];
    for (const entry of cases) {
      const message = expectRejected(await entry.send(), entry.status, entry.what, entry.id ?? null);
      if (entry.code !== undefined) expect(message.error?.code, entry.what).toBe(entry.code);
      await expectServing();
    }
  }, 120_000);

  /** The statuses a generated body may get, by what it is. */
  function expectFollowsRules(sent: FuzzMessage, response: RawResponse, era: string): void {
    const what = `${era} ${sent.kind} ${sent.text.slice(0, 300)} → ${response.status} ${response.text.slice(0, 300)}`;
    record(`HTTP ${response.status} body for a generated ${sent.kind}`, response.text);
    expect(response.status, what).not.toBe(500);
    expect(response.messages, `${what}: the body is JSON-RPC`).toBeDefined();
    for (const message of response.messages!) {
      expect(message.jsonrpc, what).toBe("2.0");
      if (message.method !== undefined) continue;
      expect((message.result === undefined) !== (message.error === undefined), what).toBe(true);
    }
    const answers = response.messages!.filter((m) => m.method === undefined);
    if (sent.answerId !== undefined && response.status === 200) {
      // Taken in: answered exactly once, by its id.
      expect(answers.filter((m) => JSON.stringify(m.id) === JSON.stringify(sent.answerId)), what).toHaveLength(1);
    } else if (response.status === 202) {
      expect(response.text, what).toBe("");
    } else if (response.status >= 400) {
      // Refused as a whole: one error, naming the request when its id could be read, else null.
      expect(answers, what).toHaveLength(1);
      expect(answers[0]!.error, what).toBeDefined();
      const ids = [null, sent.answerId, ...sent.otherIds].map((id) => JSON.stringify(id));
      expect(ids, what).toContain(JSON.stringify(answers[0]!.id));
    }
    for (const id of [sent.answerId, ...sent.otherIds]) {
      if (id === undefined || id === null) continue;
      expect(answers.filter((m) => JSON.stringify(m.id) === JSON.stringify(id)).length, what).toBeLessThanOrEqual(1);
    }
  }

  /** The generated message as a 2026-07-28 request: the envelope and matching headers added when it is an object with a method. */
  function asModern(sent: FuzzMessage): { body: string; headers: Record<string, string> } {
    const headers: Record<string, string> = { "mcp-protocol-version": "2026-07-28" };
    if (sent.kind.startsWith("deep-")) {
      // Too deep to re-serialise here: the envelope goes in as text.
      Object.assign(headers, { "mcp-method": "tools/call", "mcp-name": "echo" });
      return { body: sent.text.replace('"params":{', `"params":{"_meta":${JSON.stringify(MODERN_META)},`), headers };
    }
    let value: unknown;
    try {
      value = JSON.parse(sent.text);
    } catch {
      return { body: sent.text, headers };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { body: sent.text, headers };
    const message = value as { method?: unknown; params?: unknown };
    if (typeof message.method === "string") headers["mcp-method"] = message.method;
    if (typeof message.params === "object" && message.params !== null && !Array.isArray(message.params)) {
      const params = message.params as Record<string, unknown>;
      if (typeof params.name === "string" && params.name !== "") headers["mcp-name"] = params.name;
      message.params = { ...params, _meta: MODERN_META };
    }
    return { body: JSON.stringify(message), headers };
  }

  it("answers generated bodies by the rules, in a 2025-11-25 session and statelessly, and keeps serving", async () => {
    let bodies = 0;
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(fuzzSequenceArb(4), async (sequence) => {
        for (const sent of sequence) {
          bodies++;
          const legacy = await postMcp(gateway, sent.text, sessionHeaders(session));
          expectFollowsRules(sent, legacy, "2025-11-25");
          if (sent.answerId !== undefined && legacy.status === 200) taken++;
          const modern = asModern(sent);
          expectFollowsRules(sent, await postMcp(gateway, modern.body, modern.headers), "2026-07-28");
        }
        await expectServing();
      }),
      { numRuns: NUM_RUNS },
    );
    expect(bodies).toBeGreaterThanOrEqual(NUM_RUNS);
    // Well-formed requests were taken in and answered, not only refused.
    expect(taken).toBeGreaterThanOrEqual(NUM_RUNS);
  }, 120_000);
});
