import type { Connection, Logger, ServerExit, ToolContainersSpec } from "@mcpgw/core";
import { toolsMountingEngineSocket } from "@mcpgw/core";
import type { ToolRunContext } from "./run-tool-container.js";
import { runToolContainer } from "./run-tool-container.js";
import { ToolContainersTransport } from "./tool-containers-transport.js";

let opened = 0;

/**
 * A poci entry as a connection: no process runs until a tool is called; each call takes one of
 * the server's slots (the same cap as a server's instances) for its container. Closing it kills
 * the containers of calls under way. When the user allowed the engine's socket, every start says
 * that these tools control the engine.
 */
export function openToolContainers(spec: ToolContainersSpec, run: Omit<ToolRunContext, "signal">, slot: (signal: AbortSignal) => Promise<() => void>, logger: Logger): Connection {
  const socketTools = toolsMountingEngineSocket(spec.containers);
  if (spec.allowEngineSocket && socketTools.length > 0) {
    logger.warn(`server "${spec.name}": ${socketTools.map((t) => `tool "${t}"`).join(", ")} gets the container engine's socket: it controls the engine and the host (allowed by --allow-engine-socket in the registry)`, {
      server: spec.name,
    });
  }
  const transport = new ToolContainersTransport(spec, async (tool, args, signal) => {
    const release = await slot(signal);
    try {
      return await runToolContainer(spec, tool, args, { ...run, signal });
    } finally {
      release();
    }
  });
  const closed = transport.ended.then((): ServerExit => ({ code: 0, signal: null, requested: true, stderr: [] }));
  return { id: `poci-${spec.name}-${++opened}`, server: spec.name, transport, closed, close: () => transport.close() };
}
