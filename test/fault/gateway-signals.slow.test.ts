// The gateway itself dies or is told to stop while containers run: after SIGKILL the next
// `gateway run` reaps what the dead one left, and on SIGTERM a call in flight is answered with
// an error before the process exits, leaving no container behind.
import { ensureTestImage } from "@mcpgw/test-images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { connectV1, textOf } from "../support/clients.js";
import { containersOf } from "../support/docker.js";
import { startGateway } from "../support/gateway.js";
import { eventually, within } from "../support/wait.js";
import { expectNoLeaks, recordGateway } from "./support/leak-check.js";
import { faultyContainer, openFaultGateway, recordedEvents, recordError, recordFolder, writeFaultyHome } from "./support/faulty-servers.js";

let image: string;

beforeAll(async () => {
  image = await ensureTestImage("node");
}, 300_000);

afterAll(() => {
  expectNoLeaks();
});

describe("gateway signals", () => {
  it("SIGKILL with containers running: the next gateway run reaps them", async () => {
    await using home = await TempHome.create();
    const args = await writeFaultyHome(home, { steady: faultyContainer(image), other: faultyContainer(image) });
    await using killed = await startGateway(home, { args });
    const { client } = await connectV1(killed);
    expect(textOf(await client.callTool({ name: "steady__echo", arguments: { message: "a" } }))).toBe("Echo: a");
    expect(textOf(await client.callTool({ name: "other__echo", arguments: { message: "b" } }))).toBe("Echo: b");
    const left = await containersOf(killed.pid);
    expect(left).toHaveLength(2);

    killed.child.kill("SIGKILL");
    await killed.exited;
    recordGateway("sigkilled gateway", killed);
    await client.close().catch(() => {});
    // Nobody stopped them: they outlive their gateway.
    expect(await containersOf(killed.pid)).toHaveLength(2);

    await using next = await startGateway(home, { args });
    await eventually(async () => (await containersOf(killed.pid)).length === 0, "the dead gateway's containers to be reaped", 15_000);
    // The log line follows the removal: the engine may show the containers gone before it arrives.
    await eventually(() => /removed a container left by a gateway that is gone server=(steady|other)/.test(next.stderr), "the reaping gateway to log the removal", 15_000);
    const { client: again } = await connectV1(next);
    expect(textOf(await again.callTool({ name: "steady__echo", arguments: { message: "c" } }))).toBe("Echo: c");
    await again.close();
    const exit = await next.stop();
    recordGateway("reaping gateway", next);
    expect(exit.leftoverContainers).toEqual([]);
  }, 60_000);

  it("SIGTERM with a call in flight: the call is answered with an error before the process exits, and no container is left", async () => {
    const dir = await recordFolder();
    await using fault = await openFaultGateway("sigterm", { slow: faultyContainer(image, { recordDir: dir }) });
    const { gateway, client } = fault;
    let exitedFirst = false;
    void gateway.exited.then(() => (exitedFirst = true));
    const call = client.callTool({ name: "slow__hang", arguments: {} }).then(
      () => undefined,
      (error: Error & { code?: number }) => ({ error: recordError("sigterm: in-flight call", error), afterExit: exitedFirst }),
    );
    await eventually(async () => (await recordedEvents(dir)).some((e) => e.event === "call" && e.tool === "hang"), "the call to reach the upstream", 20_000);
    expect(await containersOf(gateway.pid)).toHaveLength(1);

    const exit = await gateway.stop();
    const outcome = await within(call, "the in-flight call to be answered");
    expect(outcome, "the in-flight call was answered").toBeDefined();
    // A JSON-RPC error from the gateway, not a dropped connection the client had to notice.
    expect(outcome!.error.code, outcome!.error.message).toEqual(expect.any(Number));
    expect(outcome!.error.message).toMatch(/slow/);
    expect(outcome!.afterExit).toBe(false);
    expect(exit).toMatchObject({ code: 0, killed: false, leftoverContainers: [] });
  }, 60_000);
});
