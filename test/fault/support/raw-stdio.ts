// A `mcpgw gateway run` (stdio) driven line by line: whatever the test writes goes to its stdin
// as is, and every line it prints on stdout is kept, parsed, in order. For fuzzing the wire
// below any client library.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { CLI_BIN } from "../../support/cli.js";
import { baseEnv } from "../../support/process.js";
import { eventually } from "../../support/wait.js";

/** One line the gateway printed on stdout. */
export interface WireLine {
  /** The line's text. */
  raw: string;
  /** Parsed, or `undefined` when the line was not JSON (the gateway must never print such). */
  message: { jsonrpc?: unknown; id?: unknown; method?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
}

/** A stdio gateway process and its output, line by line. */
export class RawStdioGateway implements AsyncDisposable {
  readonly lines: WireLine[] = [];
  /** The ids of the requests {@link request} sent. */
  readonly requestIds: string[] = [];
  #buffer = "";
  #stderr = "";
  #exited = false;
  #next = 0;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => this.#read(chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (this.#stderr += chunk));
    child.stdin!.on("error", () => {});
    child.once("exit", () => (this.#exited = true));
  }

  /** Spawns `gateway run <args>` (stdio) against `home`. */
  static spawn(home: { root: string }, args: readonly string[]): RawStdioGateway {
    const child = spawn(process.execPath, [CLI_BIN, "gateway", "run", ...args], { env: baseEnv({ MCPGW_HOME: home.root }), stdio: ["pipe", "pipe", "pipe"] });
    return new RawStdioGateway(child);
  }

  get stderr(): string {
    return this.#stderr;
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** Writes `text` and a newline, waiting for the pipe to take it. */
  writeLine(text: string): Promise<void> {
    return new Promise((resolve, reject) => this.child.stdin!.write(`${text}\n`, (error) => (error ? reject(error) : resolve())));
  }

  /** The answers (lines without a method) that carry `id`, compared as JSON. */
  answersTo(id: unknown): WireLine[] {
    const key = JSON.stringify(id);
    return this.lines.filter((line) => line.message?.method === undefined && JSON.stringify(line.message?.id) === key);
  }

  /** Sends a well-formed request with an id of its own and resolves with its answer. */
  async request(method: string, params: Record<string, unknown> = {}, timeoutMs = 20_000): Promise<NonNullable<WireLine["message"]>> {
    const id = `harness-${++this.#next}`;
    this.requestIds.push(id);
    await this.writeLine(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    await eventually(
      () => {
        if (this.#exited) throw new Error(`the gateway exited while ${method} was pending\nstderr:\n${this.#stderr}`);
        return this.answersTo(id).length > 0;
      },
      `the answer to ${method} (${id})`,
      timeoutMs,
      10,
    );
    return this.answersTo(id)[0]!.message!;
  }

  /** Sends a notification. */
  notify(method: string, params: Record<string, unknown> = {}): Promise<void> {
    return this.writeLine(JSON.stringify({ jsonrpc: "2.0", method, params }));
  }

  /** Closes stdin and waits for the process to end (SIGKILL after `graceMs`). */
  async close(graceMs = 10_000): Promise<void> {
    if (this.#exited) return;
    const exit = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await exit;
    clearTimeout(timer);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #read(chunk: string): void {
    this.#buffer += chunk;
    let newline: number;
    while ((newline = this.#buffer.indexOf("\n")) >= 0) {
      const raw = this.#buffer.slice(0, newline);
      this.#buffer = this.#buffer.slice(newline + 1);
      let message: WireLine["message"];
      try {
        message = JSON.parse(raw) as WireLine["message"];
      } catch {
        message = undefined;
      }
      this.lines.push({ raw, message });
    }
  }
}
