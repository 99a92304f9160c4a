import { ErrorCode, GatewayError } from "@mcpgw/core";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { allTools, findTool, gatewayClientFlags, withGateway } from "../../tools-flags.js";

export default class ToolsCall extends BaseCommand {
  static override summary = "Call a tool with key=value arguments and print its result.";
  static override description =
    "Values are read as the tool's schema says: strings stay strings; numbers, booleans, lists and objects are parsed as JSON.";
  static override examples = ["<%= config.bin %> tools call now timezone=Europe/Berlin", "<%= config.bin %> tools call add_note title=Hi body='Hello there' --json"];
  static override enableJsonFlag = true;
  static override strict = false;
  static override flags = gatewayClientFlags;
  static override args = { name: Args.string({ description: "tool name", required: true }) };

  async run() {
    const { args, argv, flags } = await this.parse(ToolsCall);
    return withGateway(flags, async (client) => {
      const tool = findTool(await allTools(client), args.name);
      const properties = (tool.inputSchema.properties ?? {}) as Record<string, { type?: string }>;
      const values = Object.fromEntries(
        (argv as string[]).slice(1).map((pair) => {
          const eq = pair.indexOf("=");
          if (eq <= 0) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `"${pair}" is not key=value`);
          const key = pair.slice(0, eq);
          return [key, coerce(pair.slice(eq + 1), properties[key]?.type)];
        }),
      );
      const result = await client.callTool({ name: args.name, arguments: values });
      if (!this.jsonEnabled()) {
        for (const part of result.content as { type: string; text?: string }[]) this.log(part.type === "text" ? (part.text ?? "") : JSON.stringify(part));
      }
      if (result.isError) {
        if (this.jsonEnabled()) this.logJson(result);
        this.exit(1);
      }
      return result;
    });
  }
}

function coerce(value: string, type: string | undefined): unknown {
  if (type === "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
