// Server→client requests for clients of the stateless 2026-07-28 era: a server cannot push a
// request to them, so the gateway holds the upstream call and asks with an input_required
// result; the v2 client answers and retries, and the held call resumes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV2Modern, textOf } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { everythingProcess, writeHome } from "../support/servers.js";

describe("a 2026-07-28 client answering a server's questions through the gateway", () => {
  let home: TempHome;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    home = await TempHome.create();
    await writeHome(home, { everything: everythingProcess() });
    gateway = await startGateway(home);
  }, 180_000);

  afterAll(async () => {
    await gateway?.stop();
    await home?.[Symbol.asyncDispose]();
  }, 60_000);

  it("carries a sampling request to the client as input_required and the answer back to the tool", async () => {
    await using cleanup = new Cleanup();
    const client = await connectV2Modern(gateway, { sampling: {}, elicitation: { form: {} } });
    cleanup.add(client);
    expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
    const asked: string[] = [];
    client.setRequestHandler("sampling/createMessage", async (request) => {
      asked.push(JSON.stringify(request.params.messages));
      return { model: "e2e-model", role: "assistant", content: { type: "text", text: "an answer from the modern client" } };
    });
    const result = await client.callTool({ name: "trigger-sampling-request", arguments: { prompt: "hello", maxTokens: 20 } });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain("hello");
    expect(textOf(result)).toContain("an answer from the modern client");
  });

  it("carries an elicitation the same way", async () => {
    await using cleanup = new Cleanup();
    const client = await connectV2Modern(gateway, { sampling: {}, elicitation: { form: {} } });
    cleanup.add(client);
    client.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { name: "Grace Hopper", check: true, email: "grace@example.com", integer: 3, number: 1.5 } }));
    const result = await client.callTool({ name: "trigger-elicitation-request", arguments: {} });
    expect(textOf(result)).toContain("Grace Hopper");
  });

  it("still answers plain calls in one round", async () => {
    await using cleanup = new Cleanup();
    const client = await connectV2Modern(gateway, {});
    cleanup.add(client);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "one round" } }))).toContain("one round");
  });

  it("refuses a server's roots/list to a client that did not declare roots, and still answers the call", async () => {
    await using cleanup = new Cleanup();
    const client = await connectV2Modern(gateway, { sampling: {} });
    cleanup.add(client);
    // get-roots-list asks the client for its roots while the call is in flight; this client has none.
    const result = await client.callTool({ name: "get-roots-list", arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/no roots/i);
  });
});
