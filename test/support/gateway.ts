// A real `mcpgw gateway run --transport streaming` process on 127.0.0.1, as users run it: the
// built CLI, a temp MCPGW_HOME, the URL and token read from what it prints on stdout.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { freePort } from "@mcpgw/tooling/testing";
import { CLI_BIN } from "./cli.js";
import { removeContainersOf } from "./docker.js";
import { baseEnv } from "./process.js";
import { eventually } from "./wait.js";

/**
 * SIGTERM → exit of a gateway that stops its servers first: seconds on a busy 2-core machine.
 * Below the 60 s the suites give the hook that stops it, leaving room to remove what it left.
 */
const GATEWAY_STOP_GRACE_MS = 40_000;

export interface StartGatewayOptions {
  /** More `gateway run` arguments, e.g. `["--servers", "clock"]`; a function gets the port chosen (for `--public-url`). */
  args?: readonly string[] | ((port: number) => readonly string[]);
  /** More environment (MCPGW_HOME is set from the home). */
  env?: Record<string, string>;
  /** How long the gateway may take to print its token and answer /health; default 60 s. */
  startTimeoutMs?: number;
  /** How /health is asked while it starts; default the global fetch (an HTTPS gateway's test gives one that trusts its CA). */
  fetch?: typeof fetch;
}

/** How a stopped gateway ended, and what it left behind. */
export interface GatewayExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether SIGTERM was not enough and SIGKILL was sent. */
  killed: boolean;
  /** Containers it started that were still there after it exited (removed by the harness). */
  leftoverContainers: string[];
}

// Gateways still running when the worker exits (a test that crashed past its cleanup) die with it.
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** A running gateway process. Dispose it (`await using`) to stop it: SIGTERM, then SIGKILL. */
export class GatewayProcess implements AsyncDisposable {
  #stdout = "";
  #stderr = "";
  #exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #stopping: Promise<GatewayExit> | undefined;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url = "";
  /** The bearer token it printed; undefined with `--allow-unauthenticated`. */
  token: string | undefined;

  private constructor(readonly child: ChildProcess) {
    live.add(child);
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (this.#stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (this.#stderr += d));
    this.#exit = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        live.delete(child);
        resolve({ code, signal });
      });
    });
  }

  /**
   * Starts `gateway run --transport streaming --port <free port>` against `home` and resolves
   * once it has printed its URL (and token) and `/health` answers 200. A port taken between
   * choosing and binding is retried with another.
   */
  static async start(home: { root: string }, options: StartGatewayOptions = {}): Promise<GatewayProcess> {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const child = spawn(process.execPath, [CLI_BIN, "gateway", "run", "--transport", "streaming", "--port", String(port), ...(typeof options.args === "function" ? options.args(port) : (options.args ?? []))], {
        env: baseEnv({ MCPGW_HOME: home.root, ...options.env }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      const gateway = new GatewayProcess(child);
      try {
        await gateway.#ready(options.startTimeoutMs ?? 60_000, options.fetch ?? fetch);
        return gateway;
      } catch (error) {
        const exit = await gateway.stop();
        if (attempt < 3 && /EADDRINUSE/.test(gateway.stderr)) continue;
        throw new Error(`${(error as Error).message}\nexit: ${JSON.stringify(exit)}\nstdout:\n${gateway.stdout}\nstderr:\n${gateway.stderr}`, { cause: error });
      }
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The Streamable HTTP endpoint. */
  get mcpUrl(): string {
    return `${this.url}/mcp`;
  }

  /** Everything it printed on stdout so far. */
  get stdout(): string {
    return this.#stdout;
  }

  /** Everything it logged on stderr so far (the call log included). */
  get stderr(): string {
    return this.#stderr;
  }

  /** `Authorization` header for its token (none when unauthenticated). */
  get headers(): Record<string, string> {
    return this.token === undefined ? {} : { Authorization: `Bearer ${this.token}` };
  }

  /** Resolves when the process has exited by itself or been stopped. */
  get exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.#exit;
  }

  /**
   * Stops it: SIGTERM, then SIGKILL if it is still there after `graceMs`. Containers it left
   * are then removed, and reported, so a test can assert there were none.
   */
  stop(graceMs = GATEWAY_STOP_GRACE_MS): Promise<GatewayExit> {
    this.#stopping ??= (async () => {
      let killed = false;
      if (this.child.exitCode === null && this.child.signalCode === null) {
        this.child.kill("SIGTERM");
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), graceMs)));
        if ((await Promise.race([this.#exit, late])) === "late") {
          killed = true;
          this.child.kill("SIGKILL");
        }
        clearTimeout(timer);
      }
      const { code, signal } = await this.#exit;
      const leftoverContainers = await removeContainersOf(this.pid).catch(() => []);
      return { code, signal, killed, leftoverContainers };
    })();
    return this.#stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #ready(timeoutMs: number, fetchHealth: typeof fetch): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.#exit.then(() => (exited = true));
    await eventually(
      () => {
        if (exited) throw new Error("the gateway exited before it was ready");
        // The announcement ends with the client configuration, after the URL and the token.
        return /Client configuration:/.test(this.#stdout);
      },
      "the gateway to announce its URL",
      timeoutMs,
    );
    const url = /serving MCP at (https?:\/\/\S+)\/mcp /.exec(this.#stdout)?.[1];
    if (!url) throw new Error("the gateway printed no URL");
    this.url = url;
    this.token = /^Bearer token: (\S+)$/m.exec(this.#stdout)?.[1];
    await eventually(
      async () => {
        if (exited) throw new Error("the gateway exited before /health answered");
        const response = await fetchHealth(`${this.url}/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
        await response?.body?.cancel();
        return response?.status === 200;
      },
      "/health to answer 200",
      Math.max(1_000, deadline - Date.now()),
      100,
    );
  }
}

/** Starts a gateway; see {@link GatewayProcess.start}. */
export function startGateway(home: { root: string }, options: StartGatewayOptions = {}): Promise<GatewayProcess> {
  return GatewayProcess.start(home, options);
}
