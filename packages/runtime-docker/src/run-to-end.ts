import type Docker from "dockerode";
import type { ContainerCreateOptions } from "dockerode";
import type { StartContainerOptions } from "./start-container.js";
import { startContainer } from "./start-container.js";

/** What a container run to its end printed, and how it ended. */
export interface ContainerOutput {
  stdout: string;
  stderr: string;
  /** Its exit status; null when the engine could not say (it was killed and gone). */
  code: number | null;
  /** stdout went past the cap and was cut (the container still ran to its end). */
  truncated: boolean;
}

export interface RunToEndOptions {
  start: StartContainerOptions;
  /** Written to its stdin, which then closes; without it stdin closes at once. */
  input?: string | undefined;
  /** Most bytes of stdout kept. */
  maxOutputBytes: number;
  /** Aborting kills the container; the run then rejects with the abort's reason once it is gone. */
  signal?: AbortSignal | undefined;
}

/** Most bytes of stderr kept: enough for the end of any error report. */
const MAX_STDERR_BYTES = 64 * 1024;

/**
 * Runs a container made from `config` to its end: starts it, hands it its input, and resolves
 * with what it printed once it has exited and been removed.
 */
export async function runToEnd(docker: Docker, config: ContainerCreateOptions, options: RunToEndOptions): Promise<ContainerOutput> {
  const { signal } = options;
  signal?.throwIfAborted();
  const started = await startContainer(docker, config, options.start);
  const kill = () => void started.kill().catch(() => {});
  // An abort while the container was being created must still end it.
  if (signal?.aborted) kill();
  else signal?.addEventListener("abort", kill, { once: true });
  try {
    started.stdin.end(options.input);
    const stdout = collect(started.stdout, options.maxOutputBytes);
    const stderr = collect(started.stderr, MAX_STDERR_BYTES);
    const { code } = await started.exited;
    const [out, err] = await Promise.all([stdout, stderr]);
    signal?.throwIfAborted();
    return { stdout: out.text, stderr: err.text, code, truncated: out.truncated };
  } finally {
    signal?.removeEventListener("abort", kill);
  }
}

async function collect(stream: NodeJS.ReadableStream, max: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    if (size + buffer.length > max) {
      truncated = true;
      chunks.push(buffer.subarray(0, Math.max(0, max - size)));
      size = max;
      continue;
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return { text: Buffer.concat(chunks).toString("utf8"), truncated };
}
