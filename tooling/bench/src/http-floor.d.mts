// Types of http-floor.mjs, which `node` runs as it is.

/** Request/answer matching over one newline-delimited JSON-RPC stream, with ids of its own. */
export interface LineRelay {
  /**
   * Forwards a message; `answer` gets the server's response to it with the client's id back.
   * A notification (no id) gets no answer.
   */
  send(message: Record<string, unknown>, answer?: (message: Record<string, unknown>) => void): void;
  /** Takes a chunk of the server's output; lines that answer a pending request are answered, the rest dropped. */
  receive(chunk: string): void;
  /** Requests forwarded and not answered yet. */
  readonly pending: number;
}

/** A {@link LineRelay} that sends each line (without its newline) through `writeLine`. */
export function createLineRelay(writeLine: (line: string) => void): LineRelay;
