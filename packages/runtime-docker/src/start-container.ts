import type { Duplex } from "node:stream";
import { PassThrough } from "node:stream";
import type { StartedServer } from "@mcpgw/runtime-kernel";
import type Docker from "dockerode";
import type { ContainerCreateOptions } from "dockerode";

export interface StartContainerOptions {
  /** Keep stopped containers (for debugging) instead of removing them. */
  keep: boolean;
  /** How long a stop waits after closing stdin before the engine stops it. */
  stopGraceMs: number;
}

/**
 * Creates a container, attaches to its stdio before it starts (so no output is lost), starts
 * it, and says how to end it. Its exit settles only once the container is removed.
 */
export async function startContainer(docker: Docker, config: ContainerCreateOptions, options: StartContainerOptions): Promise<StartedServer> {
  const container = await docker.createContainer(config);
  const remove = async () => {
    if (!options.keep) await container.remove({ force: true, v: true }).catch(ignoreGone);
  };
  try {
    // With hijack the engine hands over the raw socket: a Duplex, whatever the typings say.
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    docker.modem.demuxStream(stream, stdout, stderr);
    const endOutputs = () => {
      stdout.end();
      stderr.end();
    };
    stream.once("end", endOutputs);
    stream.once("close", endOutputs);
    stream.on("error", () => endOutputs());
    // Registered before start: a container that exits at once must still be seen exiting.
    const waited = container.wait({ condition: "next-exit" }) as Promise<{ StatusCode: number }>;
    await container.start();
    const exited = waited
      .then((r) => ({ code: r.StatusCode, signal: null }), () => ({ code: null, signal: null }))
      .then(async (result) => {
        endOutputs();
        stream.destroy();
        await remove();
        return result;
      });
    let stopping: Promise<void> | undefined;
    return {
      id: container.id,
      stdin: stream,
      stdout,
      stderr,
      exited,
      stop: () =>
        (stopping ??= (async () => {
          stream.end();
          const gone = await Promise.race([exited.then(() => true), sleep(options.stopGraceMs).then(() => false)]);
          if (!gone) await container.stop({ t: 2 }).catch(ignoreGone);
          await exited;
        })()),
      kill: async () => {
        await container.kill().catch(ignoreGone);
        await exited;
      },
    };
  } catch (error) {
    await container.remove({ force: true, v: true }).catch(ignoreGone);
    throw error;
  }
}

/** The engine answers 304 (already stopped), 404 (gone) or 409 (being removed) for containers on their way out. */
function ignoreGone(error: { statusCode?: number }): void {
  if (error.statusCode !== 304 && error.statusCode !== 404 && error.statusCode !== 409) throw error;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
