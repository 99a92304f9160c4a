// Upstreams that misbehave, as containers on the real engine: one crashes mid-call, one never
// answers initialize, one never answers a call, one floods its stdout, one exits right after
// every start. Each time the caller gets an answer or a JSON-RPC error naming the server, the
// gateway keeps serving, and it leaves no container behind.
import { ensureTestImage } from "@mcpgw/test-images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectV1, textOf } from "../support/clients.js";
import { eventually, within } from "../support/wait.js";
import { residentBytes } from "./support/fault-home.js";
import { expectNoLeaks, FAULT_SECRET } from "./support/leak-check.js";
import {
  containerStarts,
  containersOfServer,
  faultyContainer,
  openFaultGateway,
  recordedEvents,
  recordError,
  recordFolder,
} from "./support/faulty-servers.js";

let image: string;

beforeAll(async () => {
  image = await ensureTestImage("node");
}, 300_000);

afterAll(() => {
  expectNoLeaks();
});

/** What a call that must fail threw, recorded for the leak check. */
async function failure(source: string, call: Promise<unknown>): Promise<Error & { code?: number; data?: { code?: string } }> {
  const outcome = await call.then(
    (result) => new Error(`expected an error, got ${JSON.stringify(result)}`),
    (error: Error) => error,
  );
  recordError(source, outcome);
  return outcome as Error & { code?: number; data?: { code?: string } };
}

describe("upstream faults on the real engine", () => {
  it("an upstream that crashes mid-call: the caller gets an error naming it, others are unaffected, the next call restarts it", async () => {
    await using fault = await openFaultGateway("crash", { crashy: faultyContainer(image), steady: faultyContainer(image) });
    const { gateway, client } = fault;
    const since = Date.now();
    const other = await connectV1(gateway, {}, "other-session");
    try {
      // The secret reached the server (as environment) without coming back.
      expect(textOf(await client.callTool({ name: "crashy__secret-length", arguments: {} }))).toBe(`FAULT_API_KEY has ${FAULT_SECRET.length} characters`);

      const [crashed, meanwhile] = await Promise.all([
        failure("crash: crashed call", within(client.callTool({ name: "crashy__crash", arguments: {} }), "the crashed call to be answered")),
        other.client.callTool({ name: "steady__echo", arguments: { message: "during" } }),
      ]);
      expect(crashed.code).toBe(-32007);
      expect(crashed.message).toMatch(/server "crashy" exited with code 7/);
      expect(crashed.data?.code).toBe("SERVER_EXITED");
      expect(textOf(meanwhile)).toBe("Echo: during");

      expect(textOf(await other.client.callTool({ name: "steady__echo", arguments: { message: "after" } }))).toBe("Echo: after");
      expect(textOf(await client.callTool({ name: "crashy__echo", arguments: { message: "again" } }))).toBe("Echo: again");
      // Started twice: once before the crash, once after it.
      expect(await containerStarts("crashy", gateway.pid, since)).toBe(2);
      expect(await containerStarts("steady", gateway.pid, since)).toBe(1);
    } finally {
      await other.client.close();
    }
  }, 60_000);

  it("an upstream that never answers initialize: the call fails after --initialize-timeout, its container is stopped, others keep serving", async () => {
    await using fault = await openFaultGateway("hang-initialize", { stuck: faultyContainer(image, { onStart: "hang-initialize" }), steady: faultyContainer(image) }, [
      "--initialize-timeout",
      "2",
    ]);
    const { gateway, client } = fault;
    const stuck = await failure("hang-initialize: call", within(client.callTool({ name: "stuck__echo", arguments: { message: "hi" } }), "the call to a hung server to fail", 30_000));
    expect(stuck.message).toMatch(/server "stuck" did not answer (initialize )?within 2000 ms and was stopped/);
    expect(stuck.data?.code).toBe("SERVER_START_TIMEOUT");
    await eventually(async () => (await containersOfServer("stuck", gateway.pid)).length === 0, "the hung server's container to be gone", 20_000);
    expect(textOf(await client.callTool({ name: "steady__echo", arguments: { message: "still here" } }))).toBe("Echo: still here");
  }, 60_000);

  it("an upstream that never answers a call: --call-timeout answers with an error, the upstream gets notifications/cancelled, later calls work", async () => {
    const recordDir = await recordFolder();
    await using fault = await openFaultGateway("hang-call", { slow: faultyContainer(image, { recordDir }) }, ["--call-timeout", "2"]);
    const { client } = fault;
    const timedOut = await failure("hang-call: call", within(client.callTool({ name: "slow__hang", arguments: {} }), "the hung call to time out", 30_000));
    expect(timedOut.message).toMatch(/server "slow" did not answer tools\/call within 2000 ms; the request was cancelled/);
    expect(timedOut.data?.code).toBe("TIMEOUT");

    // The upstream heard that the gateway gave up on exactly that request.
    const hung = (await recordedEvents(recordDir)).find((e) => e.event === "call" && e.tool === "hang");
    expect(hung).toBeDefined();
    await eventually(async () => (await recordedEvents(recordDir)).some((e) => e.event === "cancelled" && e.requestId === hung!.id), "the upstream to record the cancellation", 10_000);
    expect(JSON.parse(textOf(await client.callTool({ name: "slow__cancellations", arguments: {} })))).toEqual([hung!.id]);
    expect(textOf(await client.callTool({ name: "slow__echo", arguments: { message: "later" } }))).toBe("Echo: later");
  }, 60_000);

  it("an upstream that floods stdout with garbage and writes a 50 MB line: both dropped and reported, memory stays bounded, the answers that follow arrive", async () => {
    await using fault = await openFaultGateway("flood", { flood: faultyContainer(image), steady: faultyContainer(image) }, ["--call-timeout", "50"]);
    const { gateway, client } = fault;
    expect(textOf(await client.callTool({ name: "flood__echo", arguments: { message: "warm" } }))).toBe("Echo: warm");
    const before = residentBytes(gateway.pid);

    expect(textOf(await client.callTool({ name: "flood__garbage", arguments: { lines: 20_000 } }))).toBe("garbage done after 20000 lines");
    expect(textOf(await client.callTool({ name: "flood__huge-line", arguments: { megabytes: 50 } }))).toBe("huge line of 50 MB written");
    const after = residentBytes(gateway.pid);
    expect(after - before, `RSS grew from ${before} to ${after} bytes`).toBeLessThan(300 * 1024 ** 2);

    expect(gateway.stderr).toMatch(/server wrote something that is not MCP server=flood error="dropped a line that is not JSON/);
    expect(gateway.stderr).toMatch(/server wrote something that is not MCP server=flood error="dropped a line longer than \d+ bytes"/);
    expect(textOf(await client.callTool({ name: "flood__echo", arguments: { message: "after the flood" } }))).toBe("Echo: after the flood");
    expect(textOf(await client.callTool({ name: "steady__echo", arguments: { message: "unaffected" } }))).toBe("Echo: unaffected");
  }, 60_000);

  it("an upstream that exits right after every start: backoff, then SERVER_FAILING to callers, and only a few containers started", async () => {
    await using fault = await openFaultGateway("flap", { flappy: faultyContainer(image, { onStart: "exit" }), steady: faultyContainer(image) });
    const { gateway, client } = fault;
    const since = Date.now();
    const errors = [];
    for (let i = 0; i < 12; i++) errors.push(await failure(`flap: call ${i}`, within(client.callTool({ name: "flappy__echo", arguments: { message: `${i}` } }), `call ${i} to fail`)));

    // The first calls saw it exit; once its backoff outgrew what a call waits for, callers are told it is failing.
    expect(errors[0]!.message).toMatch(/server "flappy" exited with code 3/);
    const failing = errors.findIndex((e) => e.data?.code === "SERVER_FAILING");
    expect(failing).toBeGreaterThan(0);
    for (const error of errors.slice(failing)) {
      expect(error.code).toBe(-32003);
      expect(error.message).toMatch(/server "flappy" failed \d+ times in a row/);
    }
    // Not a hot loop: one start per failed attempt before it was declared failing, none after.
    const starts = await containerStarts("flappy", gateway.pid, since);
    expect(starts).toBe(failing);
    expect(starts).toBeLessThanOrEqual(5);
    expect(await containersOfServer("flappy", gateway.pid)).toEqual([]);
    expect(textOf(await client.callTool({ name: "steady__echo", arguments: { message: "fine" } }))).toBe("Echo: fine");
  }, 60_000);
});
