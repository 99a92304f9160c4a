// The JS heap of another Node process, read over its inspector (the process runs with
// `--inspect=127.0.0.1:0`): a full garbage collection, then the heap in use. Nothing in the
// program under test takes part; the inspector's own objects live outside the JS heap.
import { WebSocket } from "undici";

/** What node prints on stderr when its inspector listens: the WebSocket to connect to. */
const INSPECTOR_URL = /Debugger listening on (ws:\/\/\S+)/;

/** Node flags that open the inspector on a free port of 127.0.0.1 (announced on stderr). */
export const INSPECT_ARGS: readonly string[] = ["--inspect=127.0.0.1:0"];

/** The inspector's WebSocket URL in what a process printed on stderr, if it printed it yet. */
export function inspectorUrl(stderr: string): string | undefined {
  return INSPECTOR_URL.exec(stderr)?.[1];
}

/** One inspector session on a process, for weighing its heap. */
export class HeapProbe {
  #nextId = 0;
  readonly #pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  private constructor(readonly socket: WebSocket) {
    socket.addEventListener("message", (event) => this.#onMessage(String(event.data)));
    socket.addEventListener("close", () => {
      for (const { reject } of this.#pending.values()) reject(new Error("the inspector connection closed"));
      this.#pending.clear();
    });
  }

  /** Connects to the inspector at `url` (ws://…). */
  static connect(url: string): Promise<HeapProbe> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.addEventListener("open", () => resolve(new HeapProbe(socket)), { once: true });
      socket.addEventListener("error", () => reject(new Error(`could not connect to the inspector at ${url}`)), { once: true });
    });
  }

  /** Bytes of JS heap in use after a full garbage collection. */
  async usedAfterGc(): Promise<number> {
    await this.#send("HeapProfiler.collectGarbage");
    const usage = (await this.#send("Runtime.getHeapUsage")) as { usedSize: number };
    return usage.usedSize;
  }

  close(): void {
    this.socket.close();
  }

  #send(method: string): Promise<unknown> {
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method }));
    });
  }

  #onMessage(data: string): void {
    const message = JSON.parse(data) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.error) pending.reject(new Error(`inspector: ${message.error.message}`));
    else pending.resolve(message.result);
  }
}
