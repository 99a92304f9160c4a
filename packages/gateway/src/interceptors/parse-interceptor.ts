import { ErrorCode, GatewayError } from "@mcpgw/core";
import { parseImageReference } from "@mcpgw/registry";
import { shellWords } from "./shell-words.js";

/** Docker's `--interceptor when:type:arg`: `before` may rewrite or answer a call, `after` may rewrite its result. */
export type Interceptor = ProgramInterceptor | DockerInterceptor;

interface InterceptorBase {
  when: "before" | "after";
  /** The argument as given: the command, the URL, or the image and its arguments. */
  target: string;
}

/** A command (run with `sh -c`) or a URL (POSTed to). */
export interface ProgramInterceptor extends InterceptorBase {
  type: "exec" | "http";
}

/** A container of an image, run for each call. */
export interface DockerInterceptor extends InterceptorBase {
  type: "docker";
  image: string;
  /** What follows the image, split into words as Docker splits it: the arguments of the image's entrypoint. */
  command: string[];
}

const USAGE = "when:type:arg (when: before|after, type: exec|http|docker)";

/**
 * Reads `before:exec:/path/to/script`, `after:http:http://127.0.0.1:9000/hook` or
 * `before:docker:IMAGE ARGS…` (the image is the first word, and may itself hold `:` and `@`).
 * @example
 * parseInterceptor("after:http:http://127.0.0.1:9000/hook"); // { when: "after", type: "http", target: "http://127.0.0.1:9000/hook" }
 * parseInterceptor("before:docker:acme/audit:1 --strict"); // { when: "before", type: "docker", target: "acme/audit:1 --strict", image: "acme/audit:1", command: ["--strict"] }
 */
export function parseInterceptor(text: string): Interceptor {
  const [when, type, ...rest] = text.split(":");
  const target = rest.join(":");
  if ((when !== "before" && when !== "after") || (type !== "exec" && type !== "http" && type !== "docker")) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `interceptor "${text}" is not ${USAGE}`);
  }
  if (type !== "docker") {
    if (!target) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `interceptor "${text}" is not ${USAGE}`);
    return { when, type, target };
  }
  const [, image = "", args = ""] = /^\s*(\S*)\s*([\s\S]*)$/.exec(target) ?? [];
  if (!image) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `interceptor "${text}" names no image: write ${when}:docker:IMAGE [ARGS…]`);
  }
  if (!parseImageReference(image)) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `interceptor "${text}": "${image}" is not an image reference`, {
      suggestion: "an image is written like namespace/repository:tag, registry:5000/repository or repository@sha256:<digest>, its path in lowercase",
    });
  }
  try {
    return { when, type, target, image, command: shellWords(args) };
  } catch (error) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `interceptor "${text}": its arguments cannot be split into words: ${(error as Error).message}`, { cause: error });
  }
}
