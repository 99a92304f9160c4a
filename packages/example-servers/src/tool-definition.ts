// One definition per tool: its name, description and zod input schema. The JSON Schema is
// derived from the zod schema once, here, and that same object is both what `exampleServers`
// publishes and what the running server answers to tools/list (see register-tool.ts), so the
// catalog metadata and the server cannot drift apart.
import { z } from "zod";

/** A tool as MCP's tools/list describes it, known without starting the server. */
export interface ExampleServerTool {
  readonly name: string;
  readonly description: string;
  /** JSON Schema (draft 2020-12, MCP's default dialect) of the tool's arguments. */
  readonly inputSchema: Readonly<Record<string, unknown>>;
}

/** A tool's definition: its published metadata and the zod schema its arguments are checked with. */
export interface ToolDefinition<Input extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly description: string;
  readonly input: Input;
  readonly metadata: ExampleServerTool;
}

/**
 * Bad arguments that a schema cannot express (an unknown time zone, a malformed duration).
 * The server answers it as a tool error (`isError: true`) with this message, so the model
 * that called the tool can correct itself; any other error is a bug and is logged.
 */
export class ToolInputError extends Error {
  override readonly name = "ToolInputError";
}

/**
 * Defines a tool and derives its published metadata.
 * @example
 * const echo = defineTool({ name: "echo", description: "Says it back", input: z.strictObject({ text: z.string() }) });
 */
export function defineTool<Input extends z.ZodObject>(definition: {
  name: string;
  description: string;
  input: Input;
}): ToolDefinition<Input> {
  const { name, description, input } = definition;
  const metadata = deepFreeze({ name, description, inputSchema: inputJsonSchema(input) });
  return Object.freeze({ name, description, input, metadata });
}

/**
 * The JSON Schema of what a caller sends (`io: "input"`: defaults are optional). `$schema` is
 * left out: 2020-12 is MCP's default dialect, and catalog files stay shorter without it.
 */
function inputJsonSchema(input: z.ZodObject): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(input, { target: "draft-2020-12", io: "input" });
  return { type: "object", ...schema };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
