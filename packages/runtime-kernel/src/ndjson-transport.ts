import type { Readable, Writable } from "node:stream";
import type { JsonRpcMessage, MessageTransport } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { LineSplitter } from "./line-splitter.js";

export interface NdjsonTransportOptions {
  /** Longer lines are dropped (and reported) instead of buffered without bound. */
  maxLineBytes?: number;
}

const DEFAULT_MAX_LINE = 16 * 1024 * 1024;

/**
 * MCP's stdio framing: one JSON-RPC message per line. A line that is not a JSON object, or is
 * longer than the limit, is reported through `onerror` and dropped; the stream goes on.
 */
export class NdjsonTransport implements MessageTransport {
  onmessage?: (message: JsonRpcMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;

  readonly #input: Readable;
  readonly #output: Writable;
  readonly #lines: LineSplitter;
  #closed = false;

  constructor(input: Readable, output: Writable, options: NdjsonTransportOptions = {}) {
    this.#input = input;
    this.#output = output;
    const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE;
    this.#lines = new LineSplitter({
      maxLineBytes,
      onLine: (line) => this.#onLine(line),
      onOverflow: () => this.onerror?.(new Error(`dropped a line longer than ${maxLineBytes} bytes`)),
    });
  }

  async start(): Promise<void> {
    this.#input.on("data", (chunk: Buffer) => this.#lines.push(chunk));
    this.#input.on("end", () => this.#finish());
    this.#input.on("close", () => this.#finish());
    this.#input.on("error", (error: Error) => this.onerror?.(error));
    this.#output.on("error", (error: Error) => this.onerror?.(error));
  }

  send(message: JsonRpcMessage): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("transport closed"));
    let line: string;
    try {
      line = `${JSON.stringify(message)}\n`;
    } catch (error) {
      // Too deep for the stack, or not JSON at all: the message's fault, not the channel's.
      return Promise.reject(new GatewayError(ErrorCode.INVALID_ARGUMENT, `the message cannot be written as JSON: ${(error as Error).message}`));
    }
    return new Promise((resolve, reject) => {
      this.#output.write(line, (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    if (!this.#output.writableEnded) this.#output.end();
    this.#finish();
  }

  #onLine(line: string): void {
    const text = line.trim();
    if (text === "") return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.onerror?.(new Error(`dropped a line that is not JSON: ${preview(text)}`));
      return;
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      this.onerror?.(new Error(`dropped a line that is not a JSON-RPC message: ${preview(text)}`));
      return;
    }
    this.onmessage?.(message as JsonRpcMessage);
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onclose?.();
  }
}

function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
