import { McpServer } from "@modelcontextprotocol/server";
import { jsonResult, registerTool } from "../register-tool.js";
import { addDuration, convertTime, now } from "./operations.js";
import { addDurationTool, convertTimeTool, nowTool } from "./tools.js";

/**
 * The clock MCP server (v2 SDK: it runs on Node 20 over stdio and serves both protocol eras).
 * Stateless, so every instance is independent.
 */
export function createClockServer(version: string): McpServer {
  const server = new McpServer(
    { name: "mcpgw-example-clock", title: "Clock", version },
    {
      instructions:
        "Tells the time in any IANA time zone, converts times between zones, and does calendar arithmetic with ISO 8601 durations. Times use the tz database built into Node.",
    },
  );
  registerTool(server, nowTool, (args) => jsonResult(now(args)));
  registerTool(server, convertTimeTool, (args) => jsonResult(convertTime(args)));
  registerTool(server, addDurationTool, (args) => jsonResult(addDuration(args)));
  return server;
}
