import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { ServerSpec } from "@mcpgw/core";
import { SecretValue, silentLogger } from "@mcpgw/core";
import type { StartedServer } from "./server-lifecycle.js";
import { ServerLifecycle } from "./server-lifecycle.js";

const spec = { name: "flappy", kind: "process", secretEnv: {} } as unknown as ServerSpec;

/**
 * A server whose stdio are in-memory streams; `exit` ends it as a container exiting would: its
 * output ends at once, its exit status is known a moment later (once the engine removed it).
 */
function fakeServer(id: string) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let exited!: (status: { code: number | null; signal: string | null }) => void;
  let exiting: Promise<void> | undefined;
  const exit = (code: number | null) =>
    (exiting ??= new Promise<void>((resolve) => {
      stdout.end();
      stderr.end();
      setTimeout(() => {
        exited({ code, signal: code === null ? "SIGKILL" : null });
        resolve();
      }, 20);
    }));
  const server: StartedServer = {
    id,
    stdin,
    stdout,
    stderr,
    exited: new Promise((resolve) => (exited = resolve)),
    stop: () => exit(0),
    kill: () => exit(null),
  };
  return { server, stdout, stderr, exit };
}

describe("ServerLifecycle", () => {
  it("counts an exit as a crash even when the caller closes the connection after it", async () => {
    // A later start would be due long after a caller gives up waiting: the next open is refused.
    const lifecycle = new ServerLifecycle({ backoffInitialMs: 60_000, backoffWaitMs: 0 });
    const first = fakeServer("1");
    const connection = await lifecycle.open(spec, { logger: silentLogger }, async () => first.server);
    await connection.transport.start();
    void first.exit(3);
    await new Promise((resolve) => (connection.transport.onclose = () => resolve(undefined)));
    // What a client does when its initialize failed: close what it was given.
    await connection.close();
    await expect(lifecycle.open(spec, { logger: silentLogger }, async () => fakeServer("2").server)).rejects.toMatchObject({ code: "SERVER_FAILING" });
  });

  it("reports lines that are not MCP to the log while a client holds the transport's onerror", async () => {
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, warn: (message: string, fields?: unknown) => void warnings.push([message, fields]) };
    const lifecycle = new ServerLifecycle();
    const server = fakeServer("1");
    const connection = await lifecycle.open(spec, { logger }, async () => server.server);
    const clientErrors: Error[] = [];
    connection.transport.onerror = (error) => clientErrors.push(error);
    await connection.transport.start();
    server.stdout.write("not json at all\n");
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([["server wrote something that is not MCP", { server: "flappy", error: 'dropped a line that is not JSON: "not json at all"' }]]);
    expect(clientErrors).toHaveLength(1);
    await connection.close();
  });

  it("never repeats the server's secrets from what it printed, in logs or in the error callers get", async () => {
    const secret = "lifecycle-secret-4f9a2c";
    const secretive = { ...spec, secretEnv: { API_KEY: new SecretValue("api.key", secret, "store") } } as ServerSpec;
    const logged: string[] = [];
    const logger = { ...silentLogger, warn: (message: string, fields?: unknown) => void logged.push(message + JSON.stringify(fields)) };
    const server = fakeServer("1");
    const connection = await new ServerLifecycle().open(secretive, { logger }, async () => server.server);
    await connection.transport.start();
    const answered = new Promise<unknown>((resolve) => (connection.transport.onmessage = resolve));
    await connection.transport.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: {} });
    server.stdout.write(`oops ${secret}\n`);
    server.stderr.write(`starting with key ${secret}\n`);
    await new Promise((resolve) => setImmediate(resolve));
    void server.exit(1);
    const error = JSON.stringify(await answered);
    expect(error).toContain("starting with key [redacted]");
    expect(logged.join("\n")).toContain('oops [redacted]');
    expect(error + logged.join("\n")).not.toContain(secret);
    await connection.close();
  });
});
