import type { Readable, Writable } from "node:stream";
import type { JsonRpcMessage, MessageTransport } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";

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
  readonly #maxLine: number;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #skipping = false;
  #closed = false;

  constructor(input: Readable, output: Writable, options: NdjsonTransportOptions = {}) {
    this.#input = input;
    this.#output = output;
    this.#maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE;
  }

  async start(): Promise<void> {
    this.#input.on("data", (chunk: Buffer) => this.#onData(chunk));
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

  #onData(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      if (this.#skipping) {
        this.#skipping = false;
        this.#reset();
        continue;
      }
      const line = this.#buffered === 0 ? piece : Buffer.concat([...this.#chunks, piece]);
      this.#reset();
      this.#onLine(line);
    }
    if (start < chunk.length && !this.#skipping) {
      const rest = chunk.subarray(start);
      this.#chunks.push(rest);
      this.#buffered += rest.length;
      if (this.#buffered > this.#maxLine) {
        this.onerror?.(new Error(`dropped a line longer than ${this.#maxLine} bytes`));
        this.#reset();
        this.#skipping = true;
      }
    }
  }

  #onLine(line: Buffer): void {
    const text = line.toString("utf8").trim();
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

  #reset(): void {
    this.#chunks = [];
    this.#buffered = 0;
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
