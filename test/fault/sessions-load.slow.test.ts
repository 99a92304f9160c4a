// 10,000 HTTP sessions opened and abandoned against a real gateway with a short
// `--session-idle-timeout`: the reaper closes every one of them (each close is logged, and the
// session cap is whole again afterwards), the gateway's memory comes back near where it was, and
// a client is served right after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { everythingProcess } from "../support/servers.js";
import { eventually } from "../support/wait.js";
import { residentBytes, stopFaultGateway, writeFaultHome } from "./support/fault-home.js";
import { expectNoLeaks, record } from "./support/leak-check.js";
import { floodSessions } from "./support/session-flood.js";

const SESSIONS = 10_000;
const CONCURRENCY = 32;
const IDLE_TIMEOUT_S = 1;
const MB = 1024 * 1024;

describe("abandoned HTTP sessions", () => {
  let home: TempHome;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    home = await TempHome.create();
    const secretArgs = await writeFaultHome(home, { everything: everythingProcess() });
    gateway = await startGateway(home, { args: [...secretArgs, "--session-idle-timeout", String(IDLE_TIMEOUT_S)] });
  }, 90_000);

  afterAll(async () => {
    expect(await stopFaultGateway(gateway, home)).toEqual([]);
    expectNoLeaks();
  }, 60_000);

  const reaped = () => gateway.stderr.match(/closing an abandoned session/g)?.length ?? 0;

  /** Opens SESSIONS sessions, abandons them, and checks that the reaper closed every one, once, by its id. */
  async function floodAndExpectReaped(): Promise<void> {
    const before = reaped();
    const flood = await floodSessions(gateway, SESSIONS, CONCURRENCY);
    for (const body of flood.refusals) record("a 503 at the session cap", body);
    expect(flood.opened).toBe(SESSIONS);
    await eventually(() => reaped() >= before + SESSIONS, `all ${SESSIONS} sessions to be reaped (${reaped() - before} so far)`, 60_000, 200);
    expect(reaped()).toBe(before + SESSIONS);
    const closedIds = new Set([...gateway.stderr.matchAll(/closing an abandoned session sessionId=(\S+)/g)].map((m) => m[1]));
    expect(flood.sessionIds.filter((id) => !closedIds.has(id))).toEqual([]);
  }

  it("reaps all 10,000, twice, without the memory growing with them, and keeps serving", async () => {
    // Warm up (code compiled, heap grown once), let that be reaped, then take the baseline.
    const warm = await floodSessions(gateway, 500, CONCURRENCY);
    await eventually(() => reaped() >= warm.opened, "the warm-up sessions to be reaped", 30_000, 100);
    const baseline = residentBytes(gateway.pid);

    await floodAndExpectReaped();
    const afterFirst = residentBytes(gateway.pid);
    await floodAndExpectReaped();
    const afterSecond = residentBytes(gateway.pid);

    // V8 keeps the heap it grew (RSS does not drop back by itself), so the bounds are on growth:
    // a live session costs the gateway well over 100 KB, and 10,000 leaked ones would be over a
    // gigabyte; reaped ones leave the heap to be reused by the next flood.
    const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
    const report = `baseline ${mb(baseline)}, after 10,000 ${mb(afterFirst)}, after 20,000 ${mb(afterSecond)}`;
    expect(afterFirst - baseline, report).toBeLessThan(300 * MB);
    expect(afterSecond - afterFirst, report).toBeLessThan(100 * MB);

    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "after the flood" } }))).toBe("Echo: after the flood");
  }, 300_000);
});
