// Registers a ToolDefinition on a v2 McpServer so that tools/list answers exactly the published
// metadata, and tool failures come back as tool errors rather than as broken connections.
import type { CallToolResult, McpServer, StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import type { z } from "zod";
import { logError } from "./stdio-main.js";
import { ToolInputError, type ToolDefinition } from "./tool-definition.js";

/** A tool handler: gets the parsed arguments, returns the result or throws a ToolInputError. */
export type ToolHandler<Input extends z.ZodObject> = (args: z.output<Input>) => CallToolResult | Promise<CallToolResult>;

/**
 * Registers `tool` on `server`. Arguments that fail the zod schema are answered by the SDK as
 * an `isError` result naming the problem; a ToolInputError from the handler likewise; any other
 * error is a bug, logged to stderr and answered as an `isError` result too.
 */
export function registerTool<Input extends z.ZodObject>(server: McpServer, tool: ToolDefinition<Input>, handler: ToolHandler<Input>): void {
  server.registerTool(tool.name, { description: tool.description, inputSchema: advertisedSchema(tool) }, async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      if (error instanceof ToolInputError) return toolError(error.message);
      logError(`tool ${tool.name} failed`, error);
      return toolError(`${tool.name} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

/** A successful result: `value` as pretty JSON text for models, and as structured content. */
export function jsonResult(value: object): CallToolResult {
  return {
    content: [{ type: "text", text: JSON.stringify(value, null, 2) }],
    structuredContent: { ...value },
  };
}

/** A tool error (`isError: true`) with `message` as its text. */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}

/**
 * The tool's zod schema checks the arguments, but the JSON Schema the SDK advertises is the
 * published metadata object itself, not the SDK's own conversion of the zod schema: that way
 * tools/list and `exampleServers` are the same value by construction, whatever the SDK's
 * converter adds (it would add `$schema`, for one).
 */
function advertisedSchema<Input extends z.ZodObject>(tool: ToolDefinition<Input>): StandardSchemaWithJSON<z.input<Input>, z.output<Input>> {
  const standard = tool.input["~standard"];
  const jsonSchema = (): Record<string, unknown> => tool.metadata.inputSchema;
  return {
    "~standard": {
      version: 1,
      vendor: standard.vendor,
      validate: (value) => standard.validate(value),
      jsonSchema: { input: jsonSchema, output: jsonSchema },
    },
  };
}
