// Scenario 3: one upstream (`sharing: shared`) multiplexed over two HTTP client sessions whose
// request ids and progress tokens are identical: each client gets its own answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import type { V1Connection } from "../support/clients.js";
import { Cleanup, connectV1, tapMessages, textOf } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { everythingProcess, writeHome } from "../support/servers.js";

const ROUNDS = 20;

/** Records the ids of the requests a client sends. */
function outgoingIds(connection: V1Connection): (string | number)[] {
  const ids: (string | number)[] = [];
  const transport = connection.transport as unknown as { send: (message: { id?: string | number; method?: string }, options?: unknown) => Promise<void> };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if (message.id !== undefined && message.method === "tools/call") ids.push(message.id);
    return send(message, options);
  };
  return ids;
}

describe("a shared upstream", () => {
  let home: TempHome;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    home = await TempHome.create();
    await writeHome(home, { everything: everythingProcess({ sharing: "shared" }) });
    gateway = await startGateway(home);
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await home?.[Symbol.asyncDispose]();
  }, 60_000);

  it("gives two clients with identical request ids their own answers to 20 concurrent calls each", async () => {
    await using cleanup = new Cleanup();
    const [a, b] = await Promise.all([connectV1(gateway, {}, "client-a"), connectV1(gateway, {}, "client-b")]);
    cleanup.add(a.client);
    cleanup.add(b.client);
    const idsA = outgoingIds(a);
    const idsB = outgoingIds(b);
    const seenA = tapMessages(a.transport);
    const seenB = tapMessages(b.transport);

    const rounds = Array.from({ length: ROUNDS }, (_, i) => i);
    const fire = (connection: V1Connection, who: string) => {
      // Every client's requests go out in the same order, so the ids are the same on both.
      const echoes = rounds.map((i) => connection.client.callTool({ name: "echo", arguments: { message: `${who}-${i}` } }));
      const long = connection.client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 1, steps: 2 } }, undefined, { onprogress: () => {} });
      return Promise.all([Promise.all(echoes), long]);
    };
    const [[echoesA, longA], [echoesB, longB]] = await Promise.all([fire(a, "a"), fire(b, "b")]);

    expect(idsA).toHaveLength(ROUNDS + 1);
    expect(idsB).toEqual(idsA);
    expect(echoesA.map(textOf)).toEqual(rounds.map((i) => `Echo: a-${i}`));
    expect(echoesB.map(textOf)).toEqual(rounds.map((i) => `Echo: b-${i}`));
    expect(textOf(longA)).toMatch(/^Long running operation completed/);
    expect(textOf(longB)).toMatch(/^Long running operation completed/);

    // Each client saw the progress of its own long call, under its own (identical) token, and nobody else's.
    const progress = (seen: typeof seenA) => seen.filter((m) => m.method === "notifications/progress").map((m) => [m.params?.progressToken, m.params?.progress]);
    const longId = idsA.at(-1);
    expect(progress(seenA)).toEqual([
      [longId, 1],
      [longId, 2],
    ]);
    expect(progress(seenB)).toEqual(progress(seenA));

    // One upstream served both.
    expect(gateway.stderr.match(/starting server process server=everything /g)).toHaveLength(1);
    expect(gateway.stderr.match(/call .*server=everything tool=echo .*outcome=ok/g)).toHaveLength(ROUNDS * 2);
  }, 90_000);
});
