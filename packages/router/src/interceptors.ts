import { spawn } from "node:child_process";
import { ErrorCode, GatewayError } from "@mcpgw/core";

/** Docker's `--interceptor when:type:arg`: `before` may rewrite or answer a call, `after` may rewrite its result. */
export interface Interceptor {
  when: "before" | "after";
  type: "exec" | "http";
  /** The command (run with `sh -c`) or the URL. */
  target: string;
}

/** What an interceptor is told about a call; never more than the call itself. */
export interface InterceptedCall {
  server: string;
  tool: string;
  arguments: unknown;
  session: string;
}

const TIMEOUT_MS = 30_000;

/** Reads `before:exec:/path/to/script` or `after:http:http://127.0.0.1:9000/hook`. */
export function parseInterceptor(text: string): Interceptor {
  const [when, type, ...rest] = text.split(":");
  const target = rest.join(":");
  if ((when !== "before" && when !== "after") || (type !== "exec" && type !== "http") || !target) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `interceptor "${text}" is not when:type:arg (when: before|after, type: exec|http)`);
  }
  return { when, type, target };
}

/**
 * Runs the `before` interceptors in order. Each gets `{when, server, tool, arguments, session}`
 * as JSON and may answer `{arguments}` to rewrite the call or `{result}` to answer it instead.
 */
export async function runBefore(interceptors: readonly Interceptor[], call: InterceptedCall): Promise<{ arguments: unknown; result?: unknown }> {
  let args = call.arguments;
  for (const interceptor of interceptors.filter((i) => i.when === "before")) {
    const out = await invoke(interceptor, { when: "before", ...call, arguments: args });
    if (out && "result" in out) return { arguments: args, result: out.result };
    if (out && "arguments" in out) args = out.arguments;
  }
  return { arguments: args };
}

/** Runs the `after` interceptors in order; each may answer `{result}` to rewrite the result. */
export async function runAfter(interceptors: readonly Interceptor[], call: InterceptedCall, result: unknown): Promise<unknown> {
  let current = result;
  for (const interceptor of interceptors.filter((i) => i.when === "after")) {
    const out = await invoke(interceptor, { when: "after", ...call, result: current });
    if (out && "result" in out) current = out.result;
  }
  return current;
}

async function invoke(interceptor: Interceptor, payload: unknown): Promise<Record<string, unknown> | undefined> {
  const text = interceptor.type === "exec" ? await execute(interceptor.target, JSON.stringify(payload)) : await post(interceptor.target, payload);
  if (text.trim() === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    throw failure(interceptor, "answered something that is not JSON");
  }
}

function execute(command: string, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", command], { stdio: ["pipe", "pipe", "pipe"], timeout: TIMEOUT_MS });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", (e) => reject(failure({ when: "before", type: "exec", target: command }, e.message)));
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else reject(failure({ when: "before", type: "exec", target: command }, `exited with code ${code}${err ? `: ${err.trim().split("\n").at(-1)}` : ""}`));
    });
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

async function post(url: string, payload: unknown): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  }).catch((e: Error) => {
    throw failure({ when: "before", type: "http", target: url }, e.message);
  });
  if (!response.ok) throw failure({ when: "before", type: "http", target: url }, `answered HTTP ${response.status}`);
  return response.status === 204 ? "" : response.text();
}

function failure(interceptor: Interceptor, why: string): GatewayError {
  return new GatewayError(ErrorCode.INTERNAL, `interceptor ${interceptor.type}:${interceptor.target} ${why}`);
}
