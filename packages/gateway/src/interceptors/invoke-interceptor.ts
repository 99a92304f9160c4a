import { spawn } from "node:child_process";
import { runDockerInterceptor } from "./docker-interceptor.js";
import type { InterceptorContext } from "./interceptor-context.js";
import { interceptorFailure } from "./interceptor-failure.js";
import type { Interceptor, ProgramInterceptor } from "./parse-interceptor.js";

/**
 * Hands `payload` to an interceptor as JSON (on stdin of `sh -c <command>` or of a container of
 * its image, or as the body of a POST) and reads its JSON answer; nothing (empty output, HTTP
 * 204) means "go on unchanged".
 */
export async function invokeInterceptor(interceptor: Interceptor, payload: unknown, context: InterceptorContext): Promise<Record<string, unknown> | undefined> {
  const input = JSON.stringify(payload);
  const text =
    interceptor.type === "docker" ? await runDockerInterceptor(interceptor, input, context) : interceptor.type === "exec" ? await execute(interceptor, input, context) : await post(interceptor, input, context);
  if (text.trim() === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    throw interceptorFailure(interceptor, "answered something that is not JSON");
  }
}

function execute(interceptor: ProgramInterceptor, input: string, context: InterceptorContext): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", interceptor.target], { stdio: ["pipe", "pipe", "pipe"], timeout: context.timeoutMs });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", (e) => reject(interceptorFailure(interceptor, e.message)));
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else reject(interceptorFailure(interceptor, `exited with code ${code}${err ? `: ${err.trim().split("\n").at(-1)}` : ""}`));
    });
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

async function post(interceptor: ProgramInterceptor, body: string, context: InterceptorContext): Promise<string> {
  const response = await fetch(interceptor.target, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    signal: AbortSignal.timeout(context.timeoutMs),
  }).catch((e: Error) => {
    throw interceptorFailure(interceptor, e.message);
  });
  if (!response.ok) throw interceptorFailure(interceptor, `answered HTTP ${response.status}`);
  return response.status === 204 ? "" : response.text();
}
