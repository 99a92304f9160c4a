// Scenario 2: the MCP utilities that cross the gateway both ways, over Streamable HTTP with the
// v1 client: progress, cancellation, sampling and elicitation (server→client requests, hence
// `sharing: session`), and resource subscriptions. Run against server-everything as a process
// and as a container: the second carries them over the container's attached stdio.
import { ensureTestImage } from "@mcpgw/test-images";
import { CreateMessageRequestSchema, ElicitRequestSchema, ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, tapMessages, textOf } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import type { CatalogEntry } from "../support/servers.js";
import { everythingContainer, everythingProcess, writeHome } from "../support/servers.js";
import { eventually, signal, within } from "../support/wait.js";

const ELICITED = { name: "Ada Lovelace", check: true, email: "ada@example.com", integer: 7, number: 2.5 };

describe.each([
  ["a process", async (): Promise<CatalogEntry> => everythingProcess({ sharing: "session" })],
  ["a container", async (): Promise<CatalogEntry> => everythingContainer(await ensureTestImage("everything"), { sharing: "session" })],
])("utilities through the gateway to server-everything as %s", (_kind, entry) => {
  let home: TempHome;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    home = await TempHome.create();
    await writeHome(home, { everything: await entry() });
    gateway = await startGateway(home);
  }, 180_000);

  afterAll(async () => {
    const exit = await gateway?.stop();
    await home?.[Symbol.asyncDispose]();
    expect(exit?.leftoverContainers ?? []).toEqual([]);
  }, 60_000);

  it("forwards progress notifications of a long-running call to the caller", async () => {
    await using cleanup = new Cleanup();
    const { client, transport } = await connectV1(gateway);
    cleanup.add(client);
    const seen = tapMessages(transport);
    const reported: number[] = [];
    const result = await client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 1.5, steps: 3 } }, undefined, {
      onprogress: (p) => reported.push(p.progress),
    });
    expect(textOf(result)).toBe("Long running operation completed. Duration: 1.5 seconds, Steps: 3.");
    const progress = seen.filter((m) => m.method === "notifications/progress").map((m) => m.params!);
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3]);
    // The gateway gives the upstream a token of its own; the client gets its own back (the SDK
    // uses the request id as progress token).
    const response = seen.find((m) => m.id !== undefined && "result" in m);
    expect(progress.map((p) => p.progressToken)).toEqual([response?.id, response?.id, response?.id]);
    // Progress delivered in the same read as the result may reach the SDK late (a client race): at least the first ones arrive.
    expect(reported.slice(0, 2)).toEqual([1, 2]);
  }, 90_000);

  it("cancels a long call when the client aborts it, and the next call works", async () => {
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    const controller = new AbortController();
    const firstProgress = signal();
    const long = client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 60, steps: 60 } }, undefined, {
      signal: controller.signal,
      onprogress: () => firstProgress.resolve(),
      timeout: 120_000,
    });
    long.catch(() => {});
    // Abort once the call certainly runs upstream.
    await within(firstProgress.promise, "the long call's first progress notification");
    controller.abort(new Error("the user gave up"));
    await expect(long).rejects.toThrow(/gave up/);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "after the cancel" } }))).toBe("Echo: after the cancel");
    // The gateway ended the call (its call log says so) well before the 60 s it would have run.
    await eventually(() => /tool=trigger-long-running-operation .*outcome=error/.test(gateway.stderr), "the call log to record the cancelled call");
  }, 90_000);

  it("carries a sampling request to the client and the client's answer back to the tool", async () => {
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway, { sampling: {} });
    cleanup.add(client);
    const prompts: string[] = [];
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      const content = request.params.messages[0]?.content;
      prompts.push(content && "text" in content ? String(content.text) : "?");
      return { model: "e2e-model", role: "assistant", content: { type: "text", text: "sampled by the e2e client" } };
    });
    const result = await client.callTool({ name: "trigger-sampling-request", arguments: { prompt: "what is 6 x 7?", maxTokens: 20 } });
    expect(prompts).toEqual([expect.stringContaining("what is 6 x 7?")]);
    expect(textOf(result)).toContain("sampled by the e2e client");
    expect(textOf(result)).toContain("e2e-model");
  }, 90_000);

  it("carries an elicitation request to the client and its answer back to the tool", async () => {
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway, { elicitation: { form: {} } });
    cleanup.add(client);
    const messages: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      messages.push(request.params.message);
      return { action: "accept", content: ELICITED };
    });
    const result = await client.callTool({ name: "trigger-elicitation-request", arguments: {} });
    expect(messages).toEqual(["Please provide inputs for the following fields:"]);
    const text = textOf(result);
    expect(text).toContain("User provided the requested information");
    expect(text).toContain("- Name: Ada Lovelace");
    expect(text).toContain("- Email: ada@example.com");
    expect(text).toContain("- Favorite Integer: 7");
  }, 90_000);

  it("delivers notifications/resources/updated for a subscribed resource", async () => {
    await using cleanup = new Cleanup();
    const { client, standaloneStream } = await connectV1(gateway);
    cleanup.add(client);
    const uri = (await client.listResources()).resources[0]!.uri;
    const updates: string[] = [];
    const updated = signal();
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updates.push(n.params.uri);
      updated.resolve();
    });
    await client.subscribeResource({ uri });
    // Updates not tied to a request travel on the session's GET stream.
    await within(standaloneStream, "the client's GET stream to open");
    const toggled = await client.callTool({ name: "toggle-subscriber-updates", arguments: {} });
    expect(textOf(toggled)).toMatch(/^Started simulated resource updated notifications/);
    cleanup.defer(() => client.callTool({ name: "toggle-subscriber-updates", arguments: {} }));
    await within(updated.promise, "notifications/resources/updated", 30_000);
    expect(updates[0]).toBe(uri);
    await client.unsubscribeResource({ uri });
  }, 90_000);
});
