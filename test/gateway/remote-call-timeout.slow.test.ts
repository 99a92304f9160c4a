// A remote tool that works for longer than a minute without reporting progress. A real remote
// MCP server (a v1 SDK server over Streamable HTTP on 127.0.0.1) whose tool sleeps 90 s, behind a
// real `mcpgw gateway run --call-timeout 120`, called by a real client: the call's silence limit
// toward the remote is the call timeout the user gave, not a limit of the connector's own.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import { startGateway } from "../support/gateway.js";
import { writeHome } from "../support/servers.js";
import type { StatelessRemote } from "../support/stateless-remote.js";
import { startStatelessRemote } from "../support/stateless-remote.js";

/** How long the remote tool works without a word: past the 60 s the SDK clients default to. */
const SILENT_WORK_MS = 90_000;
/** The gateway's `--call-timeout`, in seconds: longer than the tool's silence. */
const CALL_TIMEOUT_S = 120;
/** The test's own deadline: the tool's work plus room for a loaded machine. */
const TEST_DEADLINE_MS = 300_000;

/** A stateless remote MCP server with one tool, `slow`, that answers after `SILENT_WORK_MS` and sends nothing before. */
function startSlowRemote(): Promise<StatelessRemote> {
  return startStatelessRemote(() => {
    const mcp = new McpServer({ name: "slow-remote", version: "1.0.0" });
    mcp.registerTool("slow", { description: "answers after a long silence" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, SILENT_WORK_MS));
      return { content: [{ type: "text", text: "done" }] };
    });
    return mcp;
  });
}

describe("a remote tool call under --call-timeout", () => {
  it(
    "succeeds after 90 s without progress when the call timeout is 120 s",
    async () => {
      await using cleanup = new Cleanup();
      const remote = cleanup.add(await startSlowRemote());
      const home = await TempHome.create();
      cleanup.defer(() => home[Symbol.asyncDispose]());
      await writeHome(home, { slow: { type: "remote", title: "Slow remote", remote: { url: remote.url, transport_type: "streamable-http" } } });
      // The remote is on loopback, a private address: allowed on purpose, it is ours.
      const gateway = await startGateway(home, { args: ["--call-timeout", String(CALL_TIMEOUT_S), "--allow-private-remotes"] });
      cleanup.defer(() => gateway.stop());

      const { client } = await connectV1({ url: gateway.url, headers: gateway.headers });
      cleanup.add(client);
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("slow");
      // The client's own limit is raised too: the 60 s default would end the call first.
      const started = Date.now();
      const result = await client.callTool({ name: "slow", arguments: {} }, undefined, { timeout: CALL_TIMEOUT_S * 1000 });
      expect(textOf(result)).toBe("done");
      expect(Date.now() - started).toBeGreaterThanOrEqual(SILENT_WORK_MS);
    },
    TEST_DEADLINE_MS,
  );
});
