// Start and idle timeouts of server processes.
import { setTimeout as sleep } from "node:timers/promises";
import { ErrorCode } from "@mcpgw/core";
import { afterEach, describe, expect, it } from "vitest";
import { createProcessConnector } from "./process-connector.js";
import { connectClient, fixtureSpec, isAlive, pidOf, resultText, testContext } from "./testing/support.js";

const connectors: ReturnType<typeof createProcessConnector>[] = [];
function connectorWith(options: Parameters<typeof createProcessConnector>[0] = {}) {
  const connector = createProcessConnector({ stopGraceMs: 200, ...options });
  connectors.push(connector);
  return connector;
}
afterEach(async () => {
  await Promise.all(connectors.splice(0).map((connector) => connector.closeAll()));
});

describe("start timeout", () => {
  it("fails initialize with SERVER_START_TIMEOUT when the server never answers, and ends the process", async () => {
    const connector = connectorWith({ lifecycle: { startTimeoutMs: 300 } });
    const connection = await connector.connect(fixtureSpec("mute", "silent"), testContext());
    const error = (await connectClient(connection).then(
      () => expect.fail("initialize should fail"),
      (e: unknown) => e,
    )) as Error & { data?: Record<string, unknown> };
    expect(error.message).toContain('server "mute" did not answer within 300 ms');
    expect(error.data).toMatchObject({ code: ErrorCode.SERVER_START_TIMEOUT, server: "mute" });
    expect(await connection.closed).toMatchObject({ signal: "SIGKILL", requested: false });
    expect(isAlive(pidOf(connection))).toBe(false);
  });
});

describe("idle timeout", () => {
  it("stops a server that had no traffic for idleTimeoutMs", async () => {
    // Longer than a busy machine may leave between the client's initialize and its call: the
    // server must not go idle in that gap, only after the call.
    const connector = connectorWith({ lifecycle: { idleTimeoutMs: 1_000 } });
    const connection = await connector.connect(fixtureSpec("sleepy"), testContext());
    const client = await connectClient(connection);
    expect(resultText(await client.callTool({ name: "echo", arguments: { message: "hi" } }))).toBe("Echo: hi");
    expect(await connection.closed).toMatchObject({ code: 0, requested: true });
    expect(isAlive(pidOf(connection))).toBe(false);
  });

  it("keeps a long-lived server running", async () => {
    const connector = connectorWith({ lifecycle: { idleTimeoutMs: 200 } });
    const connection = await connector.connect(fixtureSpec("awake", "serve", { longLived: true }), testContext());
    const client = await connectClient(connection);
    let ended = false;
    void connection.closed.then(() => (ended = true));
    // Only a wait can show that something does not happen: several idle timeouts long.
    await sleep(1_000);
    expect(ended).toBe(false);
    expect(isAlive(pidOf(connection))).toBe(true);
    expect(resultText(await client.callTool({ name: "echo", arguments: { message: "still here" } }))).toBe("Echo: still here");
    await connection.close();
  });
});
