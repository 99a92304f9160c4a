// Clients that go away in the middle of a call: over HTTP one cancels, one closes its session,
// one drops the POST's connection; over stdio one closes the gateway's stdin. Each time the
// upstream (a container on the real engine) hears `notifications/cancelled` for exactly that
// request, and the gateway keeps serving.
import { ensureTestImage } from "@mcpgw/test-images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { connectStdio, connectV1, textOf } from "../support/clients.js";
import { containersOf } from "../support/docker.js";
import { eventually, within } from "../support/wait.js";
import { expectNoLeaks, record } from "./support/leak-check.js";
import type { FaultEvent } from "./support/faulty-servers.js";
import { faultyContainer, openFaultGateway, recordedEvents, recordError, recordFolder, writeFaultyHome } from "./support/faulty-servers.js";

let image: string;

beforeAll(async () => {
  image = await ensureTestImage("node");
}, 300_000);

afterAll(() => {
  expectNoLeaks();
});

/** Waits for the upstream to record one more `hang` call than `before`, and returns it. */
async function nextHang(dir: string, before: number): Promise<FaultEvent> {
  let found: FaultEvent | undefined;
  await eventually(
    async () => {
      const hangs = (await recordedEvents(dir)).filter((e) => e.event === "call" && e.tool === "hang");
      found = hangs[before];
      return found !== undefined;
    },
    "the hung call to reach the upstream",
    20_000,
  );
  return found!;
}

async function hangCount(dir: string): Promise<number> {
  return (await recordedEvents(dir)).filter((e) => e.event === "call" && e.tool === "hang").length;
}

/**
 * Waits until the upstream recorded `notifications/cancelled` for the request `call` recorded,
 * and checks its reason: a cancellation by the call timeout says "timeout", and must not pass
 * for one caused by the client.
 */
async function cancelledFor(dir: string, call: FaultEvent, reason: string | RegExp): Promise<void> {
  let cancel: FaultEvent | undefined;
  await eventually(
    async () => (cancel = (await recordedEvents(dir)).find((e) => e.event === "cancelled" && e.requestId === call.id && e.pid === call.pid)) !== undefined,
    `the upstream to receive notifications/cancelled for request ${String(call.id)}`,
    20_000,
  );
  if (typeof reason === "string") expect(cancel!.reason).toBe(reason);
  else expect(cancel!.reason).toMatch(reason);
}

describe("clients that disconnect mid-call", () => {
  it("over HTTP: a cancelled call and a closed session reach the upstream as notifications/cancelled at once, a dropped POST once the call timeout passes", async () => {
    const dir = await recordFolder();
    await using fault = await openFaultGateway("http-disconnect", { slow: faultyContainer(image, { recordDir: dir, over: { sharing: "shared" } }) }, [
      "--call-timeout",
      "6",
    ]);
    const { gateway, client } = fault;
    expect(textOf(await client.callTool({ name: "slow__echo", arguments: { message: "warm" } }))).toBe("Echo: warm");

    // 1. The client gives up on its call (the SDK sends notifications/cancelled to the gateway).
    const aborting = new AbortController();
    const cancelled = client.callTool({ name: "slow__hang", arguments: {} }, undefined, { signal: aborting.signal }).catch((e: Error) => recordError("http: aborted call", e));
    const first = await nextHang(dir, 0);
    aborting.abort("the user pressed stop");
    await within(cancelled, "the aborted call to settle");
    await cancelledFor(dir, first, "the user pressed stop");

    // 2. The client closes its session (DELETE) with a call in flight.
    const closing = await connectV1(gateway, {}, "closing-session");
    const inFlight = closing.client.callTool({ name: "slow__hang", arguments: {} }).catch((e: Error) => recordError("http: call of a closed session", e));
    const second = await nextHang(dir, 1);
    await closing.transport.terminateSession();
    await closing.client.close();
    await within(inFlight, "the call of the closed session to settle");
    await cancelledFor(dir, second, /closed/i);

    // 3. The client's connection drops while the POST waits for its answer. The spec says a
    // disconnection is not a cancellation (the client may resume the stream), so the request
    // runs on, and the call timeout bounds it: then the upstream hears the cancellation.
    const dropping = await connectV1(gateway, {}, "dropping-session");
    const sessionId = dropping.transport.sessionId!;
    const drop = new AbortController();
    const response = await fetch(gateway.mcpUrl, {
      method: "POST",
      headers: {
        ...gateway.headers,
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        "Mcp-Session-Id": sessionId,
        "Mcp-Protocol-Version": "2025-11-25",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 77, method: "tools/call", params: { name: "slow__hang", arguments: {} } }),
      signal: drop.signal,
    });
    expect(response.status).toBe(200);
    const third = await nextHang(dir, 2);
    drop.abort();
    await cancelledFor(dir, third, "timeout");
    await dropping.client.close().catch(() => {});

    // The gateway keeps serving, on the same upstream.
    expect(textOf(await client.callTool({ name: "slow__echo", arguments: { message: "still here" } }))).toBe("Echo: still here");
    expect(new Set((await recordedEvents(dir)).filter((e) => e.event === "started").map((e) => e.pid)).size).toBe(1);
  }, 60_000);

  it("over stdio: the client closing the gateway's stdin mid-call cancels the call upstream, and the gateway leaves no container", async () => {
    const dir = await recordFolder();
    await using home = await TempHome.create();
    const args = await writeFaultyHome(home, { slow: faultyContainer(image, { recordDir: dir }) });
    const { client, transport, stderr } = await connectStdio(home, args);
    const gatewayPid = transport.pid!;
    try {
      const call = client.callTool({ name: "slow__hang", arguments: {} }).catch((e: Error) => recordError("stdio: call of a closed client", e));
      const hung = await nextHang(dir, await hangCount(dir));
      // What a client process that dies does to the gateway it spawned: its stdin ends.
      (transport as unknown as { _process: { stdin: NodeJS.WritableStream } })._process.stdin.end();
      await cancelledFor(dir, hung, /closed/i);
      await eventually(() => !isAlive(gatewayPid), "the stdio gateway to exit", 30_000);
      expect(await containersOf(gatewayPid)).toEqual([]);
      await within(call, "the call to settle");
    } finally {
      record("stdio gateway stderr", stderr());
      await client.close().catch(() => {});
    }
  }, 60_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
