import type { Logger } from "@mcpgw/core";
import type { DockerConnector } from "@mcpgw/runtime-docker";

/** What runs a docker interceptor's containers: the gateway's Docker connector. */
export type InterceptorContainers = Pick<DockerConnector, "runContainer">;

/** What every interceptor is run with. */
export interface InterceptorContext {
  /** How long an interceptor may take, per call. */
  timeoutMs: number;
  /** Runs docker interceptors' containers; without it a docker interceptor fails the call. */
  containers?: InterceptorContainers | undefined;
  /** Gets what a docker interceptor writes to stderr, at debug level. */
  logger: Logger;
  /** Masks the secrets in text before it is logged or put in an error. */
  redact: (text: string) => string;
}
