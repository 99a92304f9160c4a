// End to end: real MCP servers as child processes behind the connector, spoken to by the v1
// SDK client (what most deployed clients are).
import { existsSync } from "node:fs";
import { exampleServers } from "@mcpgw/example-servers";
import { afterAll, describe, expect, it } from "vitest";
import { createProcessConnector } from "./process-connector.js";
import { connectClient, everythingSpec, isAlive, pidOf, processSpec, resultText, testContext, waitFor } from "./testing/support.js";

const connector = createProcessConnector();
afterAll(() => connector.closeAll());

function clockSpec() {
  const clock = exampleServers.find((server) => server.name === "clock");
  if (!clock) throw new Error("no clock example server");
  if (!existsSync(clock.entry)) throw new Error(`${clock.entry} is missing: run \`pnpm --filter @mcpgw/example-servers build\` first`);
  return processSpec("clock", process.execPath, [clock.entry]);
}

describe("real MCP servers through the process connector", () => {
  it("server-everything: initializes, lists tools and echoes", async () => {
    const connection = await connector.connect(everythingSpec(), testContext());
    expect(connection).toMatchObject({ server: "everything", id: expect.stringMatching(/^pid:\d+$/) });
    const client = await connectClient(connection);
    expect(client.getServerVersion()?.name).toBeTruthy();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(["echo", "get-sum", "trigger-long-running-operation"]));
    expect(resultText(await client.callTool({ name: "echo", arguments: { message: "hello" } }))).toBe("Echo: hello");

    await client.close();
    const exit = await connection.closed;
    expect(exit).toMatchObject({ requested: true });
    expect(isAlive(pidOf(connection))).toBe(false);
  });

  it("the example clock server: initializes, lists its tools and answers", async () => {
    const connection = await connector.connect(clockSpec(), testContext());
    const client = await connectClient(connection);
    expect(client.getServerVersion()).toMatchObject({ name: "mcpgw-example-clock" });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["add_duration", "convert_time", "now"]);
    const now = JSON.parse(resultText(await client.callTool({ name: "now", arguments: { timezone: "UTC" } }))) as Record<string, unknown>;
    expect(now).toMatchObject({ timezone: "UTC", utc_offset: "+00:00" });

    await connection.close();
    expect(await connection.closed).toMatchObject({ code: 0, signal: null, requested: true });
    await waitFor("the clock process is gone", () => !isAlive(pidOf(connection)));
  });
});
