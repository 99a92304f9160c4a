// Property-based fuzz of JSON-RPC over stdio: a real `mcpgw gateway run` (stdio) with
// server-everything behind it gets generated lines — bad JSON, JSON of the wrong shape, batches,
// deep nesting, long strings, well-formed requests among them — and must answer each
// well-formed request exactly once by its id, never answer anything else except with an
// `id: null` error, never print a line that is not JSON, and answer a valid `tools/call`
// correctly after every sequence: never wedged, never gone.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { everythingProcess } from "../support/servers.js";
import { eventually } from "../support/wait.js";
import { writeFaultHome } from "./support/fault-home.js";
import type { FuzzMessage } from "./support/json-rpc-arbitraries.js";
import { fuzzSequenceArb } from "./support/json-rpc-arbitraries.js";
import { expectNoLeaks, record } from "./support/leak-check.js";
import { RawStdioGateway } from "./support/raw-stdio.js";

/** Sequences per run: enough to hit every kind of message many times, few enough for two cores. */
const NUM_RUNS = 40;

describe("JSON-RPC fuzz over stdio", () => {
  let home: TempHome;
  let gateway: RawStdioGateway;
  let probes = 0;
  /** Well-formed requests among the generated lines: the property must have exercised answers. */
  let wellFormed = 0;

  beforeAll(async () => {
    home = await TempHome.create();
    const secretArgs = await writeFaultHome(home, { everything: everythingProcess() });
    gateway = RawStdioGateway.spawn(home, secretArgs);
    const init = await gateway.request("initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "fuzz", version: "0" } }, 60_000);
    expect(init.result).toMatchObject({ protocolVersion: "2025-11-25" });
    await gateway.notify("notifications/initialized");
  }, 90_000);

  afterAll(async () => {
    await gateway?.close();
    if (gateway) {
      record("stdio gateway stderr", gateway.stderr);
      record("stdio gateway stdout", gateway.lines.map((line) => line.raw).join("\n"));
    }
    await home?.[Symbol.asyncDispose]();
    expectNoLeaks();
  }, 30_000);

  /** A valid call answered correctly: the gateway is neither wedged nor gone. */
  async function expectServing(): Promise<void> {
    const message = `still serving ${++probes}`;
    const answer = await gateway.request("tools/call", { name: "echo", arguments: { message } }, 30_000);
    expect(answer.error, JSON.stringify(answer.error)).toBeUndefined();
    expect(answer.result).toEqual({ content: [{ type: "text", text: `Echo: ${message}` }] });
  }

  /** Checks what came back for `sent` against the rules, once every expected answer is in. */
  async function expectAnswersFollowRules(sent: FuzzMessage[]): Promise<void> {
    const expected = sent.filter((m) => m.answerId !== undefined);
    wellFormed += expected.length;
    await eventually(() => gateway.exited || expected.every((m) => gateway.answersTo(m.answerId).length > 0), "an answer to every well-formed request", 30_000, 10);
    expect(gateway.exited, `the gateway exited\n${gateway.stderr}`).toBe(false);
    for (const message of expected) {
      const answers = gateway.answersTo(message.answerId);
      expect(answers, `answers to ${message.kind} ${message.text.slice(0, 300)}`).toHaveLength(1);
      const answer = answers[0]!.message!;
      expect(answer.jsonrpc).toBe("2.0");
      // Exactly one of result and error.
      expect((answer.result === undefined) !== (answer.error === undefined), answers[0]!.raw.slice(0, 300)).toBe(true);
      if (answer.error) expect(typeof answer.error.code === "number" && typeof answer.error.message === "string", answers[0]!.raw.slice(0, 300)).toBe(true);
    }
    for (const message of sent.filter((m) => m.answerId === undefined)) {
      for (const id of message.otherIds) {
        if (id === null || id === true) continue; // not distinct: checked as id-null errors below
        expect(gateway.answersTo(id).length, `answers to ${message.kind} ${message.text.slice(0, 300)}`).toBeLessThanOrEqual(1);
      }
    }
  }

  /** Every line the gateway printed is JSON-RPC; an answer carries an id it was sent, or is an error with `id: null`. */
  function expectEveryLineWellFormed(sentIds: Set<string>): void {
    for (const line of gateway.lines) {
      expect(line.message, `a line that is not JSON: ${line.raw.slice(0, 300)}`).toBeDefined();
      const message = line.message!;
      expect(message.jsonrpc, line.raw.slice(0, 300)).toBe("2.0");
      if (message.method !== undefined) continue; // the gateway's own notifications and requests
      if (message.id === null) {
        expect(message.error, `an id-null answer that is not an error: ${line.raw.slice(0, 300)}`).toBeDefined();
        continue;
      }
      expect(sentIds.has(JSON.stringify(message.id)), `an answer to an id never sent: ${line.raw.slice(0, 300)}`).toBe(true);
    }
  }

  it("answers every well-formed request once, nothing else but id-null errors, and keeps serving", async () => {
    await expectServing();
    const sentIds = new Set<string>();
    let sequences = 0;
    await fc.assert(
      fc.asyncProperty(fuzzSequenceArb(8), async (sequence) => {
        sequences++;
        for (const message of sequence) {
          for (const id of [message.answerId, ...message.otherIds]) if (id !== undefined) sentIds.add(JSON.stringify(id));
          await gateway.writeLine(message.text);
        }
        await expectServing();
        await expectAnswersFollowRules(sequence);
      }),
      { numRuns: NUM_RUNS },
    );
    expect(sequences).toBeGreaterThanOrEqual(NUM_RUNS);
    // Every run held a request that must be answered, so at least that many were.
    expect(wellFormed).toBeGreaterThanOrEqual(NUM_RUNS);
    expect(gateway.exited).toBe(false);
    for (const id of gateway.requestIds) sentIds.add(JSON.stringify(id));
    expectEveryLineWellFormed(sentIds);
    // Everything answered with an error is something a client read: search it too.
    for (const line of gateway.lines) if (line.message?.error) record("a JSON-RPC error the gateway wrote", line.raw);
  }, 120_000);
});
