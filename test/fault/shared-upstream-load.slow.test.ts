// 200 concurrent calls across 20 sessions on one shared upstream: server-everything as a
// container (`sharing: shared`), 20 2025-11-25 sessions sending 10 `echo` calls each, all at
// once, with the same request ids 1..10 in every session. Every caller gets exactly its own
// value back, one container serves them all, and none is left when the gateway stops.
import { ensureTestImage } from "@mcpgw/test-images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { containersOf } from "../support/docker.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { everythingContainer } from "../support/servers.js";
import { stopFaultGateway, writeFaultHome } from "./support/fault-home.js";
import { expectNoLeaks, record } from "./support/leak-check.js";
import { openSession, postMcp, sessionHeaders } from "./support/raw-http.js";

const SESSIONS = 20;
const CALLS_PER_SESSION = 10;

describe("a shared upstream under concurrent load", () => {
  let home: TempHome;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    home = await TempHome.create();
    const image = await ensureTestImage("everything");
    const secretArgs = await writeFaultHome(home, { everything: everythingContainer(image, { sharing: "shared" }) });
    gateway = await startGateway(home, { args: secretArgs });
  }, 180_000);

  afterAll(async () => {
    expect(await stopFaultGateway(gateway, home), "containers left after the gateway stopped").toEqual([]);
    expectNoLeaks();
  }, 60_000);

  it("answers each of 200 calls with colliding ids to its own caller with its own value", async () => {
    const sessions = await Promise.all(Array.from({ length: SESSIONS }, () => openSession(gateway)));
    // Start the upstream first, so the load meets a running container rather than its start.
    const warm = await postMcp(gateway, { jsonrpc: "2.0", id: 0, method: "tools/call", params: { name: "echo", arguments: { message: "warm" } } }, sessionHeaders(sessions[0]!));
    expect(warm.messages?.find((m) => m.id === 0)?.result).toEqual({ content: [{ type: "text", text: "Echo: warm" }] });

    const calls = sessions.flatMap((session, s) =>
      Array.from({ length: CALLS_PER_SESSION }, (_, c) => {
        // The same ids in every session; the value is unique to this caller and call.
        const id = c + 1;
        const value = `session-${s}-call-${c}-${Math.random().toString(36).slice(2)}`;
        return { session, id, value };
      }),
    );
    const answers = await Promise.all(
      calls.map(({ session, id, value }) => postMcp(gateway, { jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { message: value } } }, sessionHeaders(session))),
    );

    for (const [i, answer] of answers.entries()) {
      const { id, value } = calls[i]!;
      record(`answer to ${value}`, answer.text);
      expect(answer.status, answer.text.slice(0, 300)).toBe(200);
      // Exactly one answer on this caller's stream, to its id, with its value.
      const responses = answer.messages?.filter((m) => m.method === undefined);
      expect(responses, value).toEqual([{ jsonrpc: "2.0", id, result: { content: [{ type: "text", text: `Echo: ${value}` }] } }]);
    }

    // One container served all of them.
    expect(await containersOf(gateway.pid)).toHaveLength(1);
    expect(gateway.stderr.match(/call .*server=everything tool=echo .*outcome=ok/g)).toHaveLength(SESSIONS * CALLS_PER_SESSION + 1);

    // And the next call is served.
    const after = await postMcp(gateway, { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { message: "after" } } }, sessionHeaders(sessions.at(-1)!));
    expect(after.messages?.find((m) => m.id === 1)?.result).toEqual({ content: [{ type: "text", text: "Echo: after" }] });
  }, 120_000);
});
