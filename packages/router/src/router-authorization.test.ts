// A server that cannot start until it is authorized, as a remote server behind OAuth fails to
// connect: the connector refuses it with the broker's AUTHORIZATION_REQUIRED error until the test
// authorizes it. Clients are real v1 SDK clients on in-memory sessions of the router.
import type { Connector } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { ElicitationCompleteNotificationSchema, ElicitRequestSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { AuthorizationWaits } from "./downstream/authorization-retry.js";
import { closeAll, connect, deferred, notified, setup, spec, tool } from "./testing/harness.js";
import { createMemoryConnector } from "./testing/memory-connector.js";

afterEach(closeAll);

const NEEDED = { server: "notes", url: "https://as.example/authorize?state=s-1", elicitationId: "e-1", command: "mcpgw oauth authorize notes" };
const names = (list: { tools: { name: string }[] }) => list.tools.map((t) => t.name);
const textOf = (result: unknown) => (result as { content: { text: string }[] }).content[0]!.text;

/** A router over "clock" and "notes"; "notes" connects only once `authorize()` was called. */
function gatedSetup() {
  const memory = createMemoryConnector({ notes: { tools: [tool("get_note")] } });
  let authorized = false;
  const gated: Connector = {
    ...memory,
    connect: (s, context) =>
      s.name === "notes" && !authorized ? Promise.reject(new GatewayError(ErrorCode.AUTHORIZATION_REQUIRED, 'remote server "notes" needs authorization', { data: NEEDED })) : memory.connect(s, context),
  };
  const completed = deferred<void>();
  const waited: string[] = [];
  const authorizations: AuthorizationWaits = { completion: (id) => (waited.push(id), completed.promise) };
  const { router } = setup([spec("clock", "shared", { tools: [tool("now")] }), spec("notes")], {}, { connectors: [gated], authorizations });
  const authorize = () => {
    authorized = true;
    completed.resolve();
  };
  return { router, authorize, waited };
}

describe("a server waiting for its OAuth authorization", () => {
  it("is offered as its authorize tool while it cannot list its tools", async () => {
    const { router } = gatedSetup();
    const client = await connect(router);
    expect(names(await client.listTools())).toEqual(["now", "authorize"]);
  });

  it("is authorized through the tool by a client that takes URL elicitations, and then lists its own tools", async () => {
    const { router, authorize, waited } = gatedSetup();
    const client = await connect(router, { capabilities: { elicitation: { url: {} } } });
    const asked: unknown[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params);
      authorize();
      return { action: "accept" };
    });
    const completedNotice = notified(client, ElicitationCompleteNotificationSchema);
    expect(names(await client.listTools())).toContain("authorize");
    const changed = notified(client, ToolListChangedNotificationSchema);
    const result = await client.callTool({ name: "authorize", arguments: {} });
    expect(textOf(result)).toContain('mcpgw is authorized to use "notes"');
    expect(asked).toEqual([expect.objectContaining({ mode: "url", url: NEEDED.url, elicitationId: "e-1" })]);
    expect(waited).toEqual(["e-1"]);
    await completedNotice;
    await changed;
    expect(names(await client.listTools())).toEqual(["now", "get_note"]);
  });

  it("gives a client without URL elicitation the URL and the command, and lists the tools once the authorization completes", async () => {
    const { router, authorize } = gatedSetup();
    const client = await connect(router);
    expect(names(await client.listTools())).toContain("authorize");
    const text = textOf(await client.callTool({ name: "authorize", arguments: {} }));
    expect(text).toContain(NEEDED.url);
    expect(text).toContain("mcpgw oauth authorize notes");
    const changed = notified(client, ToolListChangedNotificationSchema);
    authorize();
    await changed;
    expect(names(await client.listTools())).toEqual(["now", "get_note"]);
  });
});
