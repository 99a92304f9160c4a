import { spawn } from "node:child_process";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { Interceptor } from "./parse-interceptor.js";

/** How long an interceptor may take, per call. */
const TIMEOUT_MS = 30_000;

/**
 * Hands `payload` to an interceptor as JSON (on stdin of `sh -c <command>`, or as the body of a
 * POST) and reads its JSON answer; nothing (empty output, HTTP 204) means "go on unchanged".
 */
export async function invokeInterceptor(interceptor: Interceptor, payload: unknown): Promise<Record<string, unknown> | undefined> {
  const text = interceptor.type === "exec" ? await execute(interceptor, JSON.stringify(payload)) : await post(interceptor, payload);
  if (text.trim() === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    throw failure(interceptor, "answered something that is not JSON");
  }
}

function execute(interceptor: Interceptor, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", interceptor.target], { stdio: ["pipe", "pipe", "pipe"], timeout: TIMEOUT_MS });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", (e) => reject(failure(interceptor, e.message)));
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else reject(failure(interceptor, `exited with code ${code}${err ? `: ${err.trim().split("\n").at(-1)}` : ""}`));
    });
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

async function post(interceptor: Interceptor, payload: unknown): Promise<string> {
  const response = await fetch(interceptor.target, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  }).catch((e: Error) => {
    throw failure(interceptor, e.message);
  });
  if (!response.ok) throw failure(interceptor, `answered HTTP ${response.status}`);
  return response.status === 204 ? "" : response.text();
}

function failure(interceptor: Interceptor, why: string): GatewayError {
  return new GatewayError(ErrorCode.INTERNAL, `interceptor ${interceptor.type}:${interceptor.target} ${why}`);
}
