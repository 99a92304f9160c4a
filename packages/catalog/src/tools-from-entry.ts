import type { ToolMetadata } from "@mcpgw/core";
import type { ServerEntry, ToolArgument, ToolEntry } from "./schema.js";
import { definedOnly } from "@mcpgw/core";

/**
 * The MCP tool metadata a catalog entry declares in `tools:`, known without starting the
 * server. A tool's JSON Schema is its `inputSchema` when given, else built from Docker's
 * `arguments` list (an argument is required unless `optional: true`), else its `parameters`
 * (Docker's POCI tools), else an object schema without properties.
 * @example
 * toolsFromEntry({ tools: [{ name: "echo", arguments: [{ name: "text", type: "string" }] }] });
 * // [{ name: "echo", inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } }]
 */
export function toolsFromEntry(entry: Pick<ServerEntry, "tools">): ToolMetadata[] {
  return (entry.tools ?? []).map((tool) => ({
    name: tool.name,
    ...definedOnly({ description: tool.description }),
    inputSchema: inputSchemaOf(tool),
    ...definedOnly({ annotations: tool.annotations && { ...tool.annotations } }),
  }));
}

function inputSchemaOf(tool: ToolEntry): Record<string, unknown> {
  if (tool.inputSchema) return structuredClone(tool.inputSchema);
  if (tool.arguments) return schemaFromArguments(tool.arguments);
  // MCP requires an object schema; a `parameters` of another type cannot be forwarded as one.
  if (tool.parameters && (tool.parameters.type === undefined || tool.parameters.type === "object")) {
    return { ...structuredClone(tool.parameters), type: "object" };
  }
  return { type: "object", properties: {} };
}

function schemaFromArguments(args: readonly ToolArgument[]): Record<string, unknown> {
  // fromEntries makes own properties even of names like `__proto__`, which assignment would not.
  const properties = Object.fromEntries(
    args.map((arg) => [
      arg.name,
      {
        // An untyped argument is taken as text: clients that render forms need some type.
        type: arg.type ?? "string",
        ...definedOnly({ description: arg.desc, items: arg.items && structuredClone(arg.items) }),
      },
    ]),
  );
  const required = args.filter((arg) => arg.optional !== true).map((arg) => arg.name);
  return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
}
