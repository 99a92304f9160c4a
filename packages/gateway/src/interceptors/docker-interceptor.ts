import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { ContainerOutput } from "@mcpgw/runtime-docker";
import { interceptorFailure, interceptorName } from "./interceptor-failure.js";
import type { InterceptorContext } from "./interceptor-context.js";
import type { DockerInterceptor } from "./parse-interceptor.js";

/** Most bytes of a docker interceptor's answer: a rewritten result may be large, but not without end. */
const MAX_ANSWER_BYTES = 16 * 1024 ** 2;

/**
 * Runs a docker interceptor for one call: a container of its image with its arguments as the
 * command, hardened like a server's and without a network, `input` on its stdin; its stdout is
 * the answer. What it writes to stderr goes to the debug log, secrets masked. A non-zero exit
 * fails the call, and so does taking longer than the interceptor timeout: its container is then
 * killed. The container is removed either way.
 */
export async function runDockerInterceptor(interceptor: DockerInterceptor, input: string, context: InterceptorContext): Promise<string> {
  const name = interceptorName(interceptor);
  if (!context.containers) throw new GatewayError(ErrorCode.ENGINE_UNAVAILABLE, `${name} needs the Docker engine, and this gateway runs no containers`);
  const timeout = AbortSignal.timeout(context.timeoutMs);
  let run: ContainerOutput;
  try {
    run = await context.containers.runContainer({ owner: name, image: interceptor.image, command: interceptor.command, input, signal: timeout, maxOutputBytes: MAX_ANSWER_BYTES });
  } catch (error) {
    if (!timeout.aborted) throw error;
    throw new GatewayError(ErrorCode.TIMEOUT, `${name} did not answer within ${context.timeoutMs / 1000} s: its container was stopped`, { cause: error });
  }
  const lines = context
    .redact(run.stderr)
    .split("\n")
    .filter((line) => line.trim() !== "");
  for (const line of lines) context.logger.debug("interceptor stderr", { interceptor: name, line });
  if (run.code !== 0) throw interceptorFailure(interceptor, `exited with code ${run.code ?? "unknown"}${lines.length > 0 ? `: ${lines.at(-1)}` : ""}`);
  if (run.truncated) throw interceptorFailure(interceptor, `answered more than ${MAX_ANSWER_BYTES / 1024 ** 2} MiB`);
  return run.stdout;
}
