import type { ServerEntry } from "@mcpgw/catalog";
import type { ResourceLimits, ServerSpecBase, ToolContainer, ToolContainersSpec } from "@mcpgw/core";
import { definedOnly, ErrorCode, GatewayError, toolsMountingEngineSocket } from "@mcpgw/core";
import type { RegistryFile } from "./registry-file.js";
import { allowsEngineSocket } from "./registry-file.js";

/**
 * The spec of a `poci` entry: each tool's container, its `{{argument}}` templates kept for the
 * call to fill (they are not config templates). A tool without an image (its own or the
 * entry's) is an error, and so is a volume that hands over the engine's socket unless the user
 * allowed it for this server in the registry.
 */
export function toolContainersSpec(base: ServerSpecBase, entry: ServerEntry, options: { limits: ResourceLimits; registry?: RegistryFile | undefined }): ToolContainersSpec {
  const server = base.name;
  const containers: Record<string, ToolContainer> = {};
  for (const tool of entry.tools ?? []) {
    const image = tool.container?.image ?? entry.image;
    if (!image) {
      throw new GatewayError(ErrorCode.CONFIG_INVALID, `server "${server}": tool "${tool.name}" has no container image (poci tools need container.image, or an image on the entry)`);
    }
    containers[tool.name] = { image, command: tool.container?.command ?? [], volumes: tool.container?.volumes ?? [], ...definedOnly({ user: tool.container?.user }) };
  }
  if (Object.keys(containers).length === 0) {
    throw new GatewayError(ErrorCode.CONFIG_INVALID, `server "${server}" is a poci entry without tools: it has nothing to run`);
  }
  const allowEngineSocket = allowsEngineSocket(options.registry, server);
  const socketTools = toolsMountingEngineSocket(containers);
  if (socketTools.length > 0 && !allowEngineSocket) {
    throw new GatewayError(
      ErrorCode.REFUSED,
      `server "${server}": ${socketTools.map((name) => `tool "${name}"`).join(", ")} mounts the container engine's socket, which gives it control of the engine and the host; refused until you allow it`,
      { data: { server, tools: socketTools }, suggestion: `mcpgw server enable ${server} --allow-engine-socket` },
    );
  }
  return {
    ...base,
    kind: "poci",
    containers,
    disableNetwork: entry.disableNetwork ?? false,
    limits: options.limits,
    allowEngineSocket,
  };
}
