import type { StartProgress } from "@mcpgw/core";
import { ErrorCode, GatewayError, definedOnly } from "@mcpgw/core";
import type Docker from "dockerode";

interface PullEvent {
  status?: string;
  id?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number };
}

/**
 * Makes sure an image is present: used as it is when the engine has it, pulled otherwise with
 * progress events. A failed pull names the image, who wanted it (`owner`, by default the
 * server) and the engine's reason.
 */
export async function ensureImage(docker: Docker, server: string, image: string, onProgress?: (p: StartProgress) => void, owner = `server "${server}"`): Promise<void> {
  try {
    await docker.getImage(image).inspect();
    return;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw engineError(owner, image, error);
  }
  onProgress?.({ server, phase: "pull", message: `pulling ${image}` });
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error: Error | null, events: PullEvent[]) => {
          const failed = events?.find((e) => e.error);
          if (error || failed) reject(error ?? new Error(failed?.error));
          else resolve();
        },
        (event: PullEvent) => {
          const { current, total } = event.progressDetail ?? {};
          onProgress?.({
            server,
            phase: "pull",
            message: [event.id, event.status].filter(Boolean).join(": "),
            ...definedOnly({ current, total }),
          });
        },
      );
    });
  } catch (error) {
    throw new GatewayError(ErrorCode.IMAGE_UNAVAILABLE, `${owner}: image ${image} is not present and could not be pulled: ${reason(error)}`, {
      cause: error,
      data: { server, image },
    });
  }
}

function engineError(owner: string, image: string, error: unknown): GatewayError {
  return new GatewayError(ErrorCode.ENGINE_UNAVAILABLE, `${owner}: the engine failed to inspect image ${image}: ${reason(error)}`, { cause: error });
}

function reason(error: unknown): string {
  const json = (error as { json?: { message?: string } }).json;
  return (json?.message ?? (error as Error).message ?? String(error)).trim();
}
