// The stdio session's wire on Node's own streams, in place of the SDK's StdioServerTransport and
// behaving as it does where a client can tell: one JSON-RPC message per line (`\r\n` too), a
// line that is not a message reported and skipped, a line past the SDK's buffer limit ends the
// session, stdin's end ends it, and output respects backpressure. What differs is the cost per
// message: lines are split on the bytes and decoded once (line-splitter.ts), a message is checked
// by hand against MCP's JSON-RPC schema (json-rpc-shape.ts) instead of a schema parse, and a
// write that the pipe takes at once settles at once, with no listener added or removed for it.
import type { Readable, Writable } from "node:stream";
import { encodeJsonRpc } from "@mcpgw/core";
import { LineSplitter } from "@mcpgw/runtime-kernel";
import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from "@modelcontextprotocol/server";
import type { JSONRPCMessage, MessageExtraInfo, Transport } from "@modelcontextprotocol/server";
import { isJsonRpcMessage } from "./json-rpc-shape.js";

/** Options of {@link NodeStdioTransport}. */
export interface NodeStdioTransportOptions {
  /** A longer line ends the session, as the SDK's read buffer limit does; default the SDK's (10 MiB). */
  maxLineBytes?: number;
}

/**
 * Marks the output `error` listener a closed transport leaves behind: a write that fails after
 * the close (EPIPE, the client gone) must not become an uncaught error. The next transport on
 * the same stream removes it, so create-and-close cycles on `process.stdout` do not pile up.
 */
const LEFT_BEHIND = Symbol("mcpgw.stdio.leftBehind");

type ErrorListener = ((error: Error) => void) & { [LEFT_BEHIND]?: true };

const written = Promise.resolve();
const NEWLINE = Buffer.from("\n");

/** An MCP server transport over a readable and a writable stream: by default the process's stdio. */
export class NodeStdioTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;

  readonly #input: Readable;
  readonly #output: Writable;
  readonly #lines: LineSplitter;
  #started = false;
  #closed = false;
  /** Sends waiting for the output to drain. */
  #waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(input: Readable = process.stdin, output: Writable = process.stdout, options: NodeStdioTransportOptions = {}) {
    this.#input = input;
    this.#output = output;
    const maxLineBytes = options.maxLineBytes ?? STDIO_DEFAULT_MAX_BUFFER_SIZE;
    this.#lines = new LineSplitter({
      maxLineBytes,
      onLine: (line) => this.#onLine(line),
      onOverflow: () => {
        this.onerror?.(new Error(`a message longer than ${maxLineBytes} bytes: the session ends`));
        void this.close();
      },
    });
  }

  async start(): Promise<void> {
    if (this.#started) throw new Error("the stdio transport was already started");
    this.#started = true;
    for (const listener of this.#output.listeners("error") as ErrorListener[]) if (listener[LEFT_BEHIND]) this.#output.off("error", listener);
    const input = this.#input;
    if (input.readableEnded || input.destroyed) setImmediate(this.#onInputEnd);
    input.on("data", this.#onData);
    input.on("error", this.#onInputError);
    input.on("end", this.#onInputEnd);
    input.on("close", this.#onInputEnd);
    // A stream an earlier transport paused does not flow again for a new `data` listener alone.
    input.resume();
    this.#output.on("error", this.#onOutputError);
  }

  /** Writes the message as one line; settles once the output took it (after `drain` when it was full). */
  send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("the stdio transport is closed"));
    const output = this.#output;
    if (output.destroyed || output.writableEnded) return Promise.reject(new Error("the stdio output is closed"));
    let line: string | Buffer;
    try {
      const json = encodeJsonRpc(message);
      line = typeof json === "string" ? `${json}\n` : Buffer.concat([json, NEWLINE]);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    if (output.write(line)) return written;
    return new Promise((resolve, reject) => {
      if (this.#waiting.push({ resolve, reject }) > 1) return;
      output.once("drain", this.#onDrain);
      output.once("close", this.#onOutputClose);
    });
  }

  /** Stops reading (stdin is left open, only paused) and reports the close, once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const input = this.#input;
    input.off("data", this.#onData);
    input.off("error", this.#onInputError);
    input.off("end", this.#onInputEnd);
    input.off("close", this.#onInputEnd);
    if (input.listenerCount("data") === 0) input.pause();
    this.#lines.reset();
    this.#onOutputError[LEFT_BEHIND] = true;
    this.onclose?.();
  }

  #onLine(line: string): void {
    if (this.#closed) return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      // The SDK skips blank lines and lines that are not JSON alike; only the latter are news.
      if (line.trim() !== "") this.onerror?.(new Error(`skipped a line that is not JSON (${line.length} characters)`));
      return;
    }
    if (!isJsonRpcMessage(message)) {
      this.onerror?.(new Error("skipped a line that is not a JSON-RPC message"));
      return;
    }
    try {
      this.onmessage?.(message as JSONRPCMessage);
    } catch (error) {
      this.onerror?.(error as Error);
    }
  }

  #settleWaiting(error?: Error): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    this.#output.off("drain", this.#onDrain);
    this.#output.off("close", this.#onOutputClose);
    for (const send of waiting) {
      if (error) send.reject(error);
      else send.resolve();
    }
  }

  readonly #onData = (chunk: Buffer): void => this.#lines.push(chunk);
  readonly #onInputError = (error: Error): void => this.onerror?.(error);
  readonly #onInputEnd = (): void => void this.close();
  readonly #onDrain = (): void => this.#settleWaiting();
  readonly #onOutputClose = (): void => this.#settleWaiting(new Error("the stdio output closed before the message was written"));
  readonly #onOutputError: ErrorListener = (error: Error): void => {
    this.#settleWaiting(error);
    if (this.#closed) return;
    this.onerror?.(error);
    void this.close();
  };
}
