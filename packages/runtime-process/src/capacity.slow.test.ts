// Never an unbounded number of processes: the per-server cap, and backoff for a crash loop.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createProcessConnector } from "./process-connector.js";
import { connectClient, fixtureSpec, isAlive, loggedPids, resultText, testContext, waitFor } from "./testing/support.js";

const dir = mkdtempSync(join(tmpdir(), "mcpgw-runtime-process-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const connectors: ReturnType<typeof createProcessConnector>[] = [];
function connectorWith(options: Parameters<typeof createProcessConnector>[0] = {}) {
  const connector = createProcessConnector({ stopGraceMs: 500, ...options });
  connectors.push(connector);
  return connector;
}
afterEach(async () => {
  await Promise.all(connectors.splice(0).map((connector) => connector.closeAll()));
});

describe("the per-server cap", () => {
  it("runs at most maxPerServer processes for 50 concurrent connects, and leaves none behind", { timeout: 120_000 }, async () => {
    const log = join(dir, "capped.pids");
    const connector = connectorWith({ lifecycle: { maxPerServer: 3, slotWaitMs: 100_000 } });
    const spec = fixtureSpec("capped", "serve", { env: { SPAWN_LOG: log } });
    const context = testContext();
    let mostAlive = 0;
    let mostOpen = 0;
    let open = 0;
    const sample = () => (mostAlive = Math.max(mostAlive, loggedPids(log).filter(isAlive).length));
    const sampler = setInterval(sample, 5);

    const echoes = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const connection = await connector.connect(spec, context);
        mostOpen = Math.max(mostOpen, ++open);
        sample();
        const client = await connectClient(connection);
        const echo = resultText(await client.callTool({ name: "echo", arguments: { message: `#${i}` } }));
        await client.close();
        await connection.closed;
        open--;
        return echo;
      }),
    ).finally(() => clearInterval(sampler));

    expect(echoes).toEqual(Array.from({ length: 50 }, (_, i) => `Echo: #${i}`));
    expect(loggedPids(log)).toHaveLength(50);
    expect(mostOpen).toBeLessThanOrEqual(3);
    expect(mostAlive).toBeLessThanOrEqual(3);
    expect(mostAlive).toBeGreaterThan(1);
    await waitFor("no process of ours is left", () => !loggedPids(log).some(isAlive));
  });

  it("refuses a connect that waited past slotWaitMs with CAPACITY_EXCEEDED", async () => {
    const connector = connectorWith({ lifecycle: { maxPerServer: 1, slotWaitMs: 200 } });
    const spec = fixtureSpec("single");
    const first = await connector.connect(spec, testContext());
    const refused = await connector.connect(spec, testContext()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({ code: ErrorCode.CAPACITY_EXCEEDED, message: expect.stringContaining('"single"') });
    await first.close();
    const next = await connector.connect(spec, testContext());
    await connectClient(next);
    await next.close();
  });
});

describe("a server that crashes at once", () => {
  it("reports the exit, backs off between starts, then refuses them as SERVER_FAILING", async () => {
    const log = join(dir, "crashy.pids");
    const connector = connectorWith({ lifecycle: { backoffInitialMs: 50, backoffMaxMs: 60_000, backoffWaitMs: 300 } });
    const spec = fixtureSpec("crashy", "crash", { env: { SPAWN_LOG: log } });

    const first = await connector.connect(spec, testContext());
    const initialize = await connectClient(first).catch((e: unknown) => e as Error);
    expect(initialize).toBeInstanceOf(Error);
    expect((initialize as Error).message).toContain('server "crashy" exited with code 3');
    expect(await first.closed).toMatchObject({ code: 3, requested: false });

    let failing: unknown;
    let started = 1;
    for (let attempt = 0; attempt < 20 && failing === undefined; attempt++) {
      try {
        const connection = await connector.connect(spec, testContext());
        started++;
        expect(await connection.closed).toMatchObject({ code: 3 });
      } catch (error) {
        failing = error;
      }
    }
    expect(failing).toBeInstanceOf(GatewayError);
    expect(failing).toMatchObject({ code: ErrorCode.SERVER_FAILING, message: expect.stringMatching(/^server "crashy" failed \d+ times in a row \(last: exited with code 3/) });
    // 50, 100, 200 ms waits, then the next (400 ms) is past backoffWaitMs: a few starts, not
    // twenty, and the refused one started nothing. (Whether a start made later is refused too
    // depends on how much time passed, so it is not asked here.)
    const spawns = loggedPids(log).length;
    expect(spawns).toBe(started);
    expect(spawns).toBeGreaterThanOrEqual(2);
    expect(spawns).toBeLessThanOrEqual(5);
  });
});
