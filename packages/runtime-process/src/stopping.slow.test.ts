// How server processes end: killed mid-call, stopped gracefully or by force, with their
// children, and all at once.
import { ErrorCode } from "@mcpgw/core";
import type { Connection } from "@mcpgw/core";
import { afterEach, describe, expect, it } from "vitest";
import { createProcessConnector } from "./process-connector.js";
import { connectClient, everythingSpec, fixtureSpec, isAlive, pidOf, resultText, testContext, waitFor } from "./testing/support.js";

const connectors: ReturnType<typeof createProcessConnector>[] = [];
function connectorWith(options: Parameters<typeof createProcessConnector>[0] = {}) {
  const connector = createProcessConnector({ stopGraceMs: 200, ...options });
  connectors.push(connector);
  return connector;
}
afterEach(async () => {
  await Promise.all(connectors.splice(0).map((connector) => connector.closeAll()));
});

/** Resolves with what the promise rejected with; fails the test when it fulfils. */
const rejectionOf = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected a rejection"),
    (error: unknown) => error as Error & { code?: number; data?: Record<string, unknown> },
  );

async function treePids(connection: Connection, client: Awaited<ReturnType<typeof connectClient>>) {
  const pids = JSON.parse(resultText(await client.callTool({ name: "pids", arguments: {} }))) as { pid: number; grandchildren: number[] };
  expect(pids.pid).toBe(pidOf(connection));
  expect(pids.grandchildren).toHaveLength(1);
  return [pids.pid, ...pids.grandchildren];
}

describe("a server killed mid-call", () => {
  it("fails the call at once, naming the server and the signal; the next connect gets a fresh process", async () => {
    const connector = connectorWith();
    const connection = await connector.connect(everythingSpec(), testContext());
    const client = await connectClient(connection);
    let progressed!: () => void;
    const firstProgress = new Promise<void>((resolve) => (progressed = resolve));
    const call = rejectionOf(
      client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 120, steps: 120 } }, undefined, {
        onprogress: () => progressed(),
        timeout: 300_000,
      }),
    );
    await firstProgress;

    process.kill(pidOf(connection), "SIGKILL");
    const killedAt = Date.now();
    const error = await call;
    // Bounded far below the operation's two minutes: the call does not wait for it.
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(error.message).toContain('server "everything" was killed by SIGKILL');
    expect(error.data).toMatchObject({ code: ErrorCode.SERVER_EXITED, server: "everything", signal: "SIGKILL" });
    expect(await connection.closed).toMatchObject({ signal: "SIGKILL", requested: false });

    const next = await connector.connect(everythingSpec(), testContext());
    expect(next.id).not.toBe(connection.id);
    const nextClient = await connectClient(next);
    expect(resultText(await nextClient.callTool({ name: "echo", arguments: { message: "again" } }))).toBe("Echo: again");
    await next.close();
  });

  it("names the exit code when the server exits by itself", async () => {
    const connector = connectorWith();
    const connection = await connector.connect(fixtureSpec("hanger"), testContext());
    const client = await connectClient(connection);
    const call = rejectionOf(client.callTool({ name: "hang", arguments: {} }));
    await waitFor("the call is in flight", () => (connection.transport as unknown as { inFlight: number }).inFlight > 0);
    process.kill(pidOf(connection), "SIGTERM");
    const error = await call;
    expect(error.message).toContain('server "hanger" was killed by SIGTERM');
    expect(await connection.closed).toMatchObject({ signal: "SIGTERM", requested: false });
  });

  it("fails the call even when a grandchild holds the server's stdout, and ends the grandchild", async () => {
    const connector = connectorWith();
    const connection = await connector.connect(fixtureSpec("forked", "tree"), testContext());
    const client = await connectClient(connection);
    const [pid, grandchild] = (await treePids(connection, client)) as [number, number];
    const call = rejectionOf(client.callTool({ name: "hang", arguments: {} }));
    await waitFor("the call is in flight", () => (connection.transport as unknown as { inFlight: number }).inFlight > 0);
    process.kill(pid, "SIGKILL");
    expect((await call).message).toContain('server "forked" was killed by SIGKILL');
    await waitFor("the grandchild is gone", () => !isAlive(grandchild));
  });
});

describe("stopping a server", () => {
  it("ends it gracefully by closing its input", async () => {
    const connector = connectorWith();
    const connection = await connector.connect(fixtureSpec("polite"), testContext());
    await connectClient(connection);
    await connection.close();
    expect(await connection.closed).toMatchObject({ code: 0, signal: null, requested: true });
    expect(isAlive(pidOf(connection))).toBe(false);
  });

  it("escalates to SIGTERM and SIGKILL for a server that ignores both its input closing and SIGTERM", async () => {
    const connector = connectorWith({ stopGraceMs: 100 });
    const connection = await connector.connect(fixtureSpec("stubborn", "stubborn"), testContext());
    await connectClient(connection);
    await connection.close();
    expect(await connection.closed).toMatchObject({ signal: "SIGKILL", requested: true });
    expect(isAlive(pidOf(connection))).toBe(false);
  });

  it("stops the server when the client closes the transport, and does not count that as a crash", async () => {
    // Any crash on record would refuse the next start outright (its backoff is a minute, none is waited for).
    const connector = connectorWith({ stopGraceMs: 100, lifecycle: { backoffInitialMs: 60_000, backoffWaitMs: 0 } });
    const connection = await connector.connect(fixtureSpec("closer", "stubborn"), testContext());
    const client = await connectClient(connection);
    await client.close();
    expect(await connection.closed).toMatchObject({ signal: "SIGKILL", requested: true });
    const again = await connector.connect(fixtureSpec("closer"), testContext());
    await connectClient(again);
    await again.close();
  });

  it("ends the whole process tree, grandchildren included", async () => {
    const connector = connectorWith();
    const connection = await connector.connect(fixtureSpec("family", "tree"), testContext());
    const client = await connectClient(connection);
    const pids = await treePids(connection, client);
    expect(pids.every(isAlive)).toBe(true);
    await connection.close();
    await waitFor("the server and its grandchild are gone", () => !pids.some(isAlive));
  });

  it("closeAll stops every server of the connector", async () => {
    const connector = connectorWith();
    const context = testContext();
    const connections = await Promise.all([
      connector.connect(fixtureSpec("one"), context),
      connector.connect(fixtureSpec("one"), context),
      connector.connect(fixtureSpec("two", "stubborn"), context),
      connector.connect(fixtureSpec("three", "tree"), context),
    ]);
    const tree = connections[3]!;
    const pids = [...connections.slice(0, 3).map(pidOf), ...(await treePids(tree, await connectClient(tree)))];
    expect(pids.every(isAlive)).toBe(true);
    await connector.closeAll();
    for (const connection of connections) expect(await connection.closed).toMatchObject({ requested: true });
    await waitFor("every process is gone", () => !pids.some(isAlive));
  });
});
