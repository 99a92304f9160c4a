import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Connection, ConnectContext, ServerExit, ServerSpec } from "@mcpgw/core";
import { ErrorCode, GatewayError, definedOnly, toGatewayError } from "@mcpgw/core";
import { NdjsonTransport } from "./ndjson-transport.js";
import { ServerSlots } from "./server-slots.js";
import { SupervisedTransport } from "./supervised-transport.js";

/** A server process or container as a runtime started it: its stdio and how to end it. */
export interface StartedServer {
  /** Container id or process id. */
  id: string;
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Settles when it has exited. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** Graceful stop: close stdin, wait, then force; settles when it is gone. */
  stop(): Promise<void>;
  /** Stop at once. */
  kill(): Promise<void>;
}

export interface LifecycleOptions {
  /** From start to the first answer (initialize); default 30 s. */
  startTimeoutMs?: number;
  /** Without traffic for this long, a server is stopped; default 5 min. Long-lived servers never are. */
  idleTimeoutMs?: number;
  /** Servers of one name running at once; default 8. */
  maxPerServer?: number;
  /** How long a connect waits for a free slot; default 30 s. */
  slotWaitMs?: number;
  /** First restart delay after a crash; doubles per crash in a row up to `backoffMaxMs`. Default 250 ms. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** A restart due within this long is waited for; a later one is refused as failing. Default 2 s. */
  backoffWaitMs?: number;
  /** A server that ran this long before crashing starts its crash count afresh. Default 60 s. */
  healthyAfterMs?: number;
  /** Stderr lines kept for error messages. Default 20. */
  stderrLines?: number;
}

interface CrashRecord {
  failures: number;
  at: number;
  last: string;
}

const DEFAULTS = {
  startTimeoutMs: 30_000,
  idleTimeoutMs: 300_000,
  maxPerServer: 8,
  slotWaitMs: 30_000,
  backoffInitialMs: 250,
  backoffMaxMs: 30_000,
  backoffWaitMs: 2_000,
  healthyAfterMs: 60_000,
  stderrLines: 20,
} satisfies Required<LifecycleOptions>;

/**
 * What every stdio runtime shares: a cap on servers per name, backoff after crashes (and a
 * failing state), start and idle timeouts, failing in-flight requests when a server dies, the
 * tail of its stderr, and stopping everything at shutdown. A runtime only starts the thing.
 */
export class ServerLifecycle {
  readonly #options: Required<LifecycleOptions>;
  readonly #slots: ServerSlots;
  readonly #crashes = new Map<string, CrashRecord>();
  readonly #live = new Set<Connection>();

  constructor(options: LifecycleOptions = {}) {
    this.#options = { ...DEFAULTS, ...definedOnly(options) };
    this.#slots = new ServerSlots(this.#options.maxPerServer, this.#options.slotWaitMs);
  }
  /**
   * Takes one of `server`'s slots for work that is not a server process, such as a poci tool's
   * container, so that it counts against the same cap; the returned function gives it back.
   */
  slot(server: string, signal?: AbortSignal): Promise<() => void> {
    return this.#slots.acquire(server, signal);
  }


  /** Servers running now, of one name or in all. */
  running(server?: string): number {
    return [...this.#live].filter((c) => server === undefined || c.server === server).length;
  }

  /** Starts a server with `start` under the cap and backoff, and supervises it. */
  async open(spec: ServerSpec, context: ConnectContext, start: () => Promise<StartedServer>): Promise<Connection> {
    await this.#awaitBackoff(spec.name, context.signal);
    const release = await this.#slots.acquire(spec.name, context.signal);
    let started: StartedServer;
    try {
      started = await start();
    } catch (error) {
      release();
      const failure = toGatewayError(error);
      this.#recordCrash(spec.name, failure.message, 0);
      throw failure.code === ErrorCode.INTERNAL || failure.code === ErrorCode.IO
        ? new GatewayError(ErrorCode.SERVER_START_FAILED, `server "${spec.name}" could not start: ${failure.message}`, { cause: error })
        : failure;
    }
    return this.#supervise(spec, context, started, release);
  }

  /** Stops every running server and waits for them. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#live].map((c) => c.close()));
  }

  #supervise(spec: ServerSpec, context: ConnectContext, started: StartedServer, release: () => void): Connection {
    const { logger } = context;
    const name = spec.name;
    const born = Date.now();
    const stderr: string[] = [];
    let requested = false;
    let timedOut = false;
    // The server closed its side first: a close from ours afterwards is cleanup, and its exit
    // still counts as a crash (else a server exiting at every start never backs off).
    let gone = false;

    // What a server prints may carry the secrets it was given: they never reach a log or an error.
    const mask = secretMask(spec);
    const dropped = new Map<string, number>();

    createInterface({ input: started.stderr, crlfDelay: Infinity }).on("line", (raw) => {
      const line = mask(raw);
      stderr.push(line);
      if (stderr.length > this.#options.stderrLines) stderr.shift();
      logger.debug("server stderr", { server: name, line });
    });

    const stopOnce = lazyOnce(() => started.stop());
    const ndjson = new NdjsonTransport(started.stdout, started.stdin);
    const transport = new SupervisedTransport(ndjson, {
      startTimeoutMs: this.#options.startTimeoutMs,
      ...(spec.longLived ? {} : { idleTimeoutMs: this.#options.idleTimeoutMs }),
      onStartTimeout: () => {
        timedOut = true;
        logger.warn("server did not answer in time; stopping it", { server: name, timeoutMs: this.#options.startTimeoutMs });
        void started.kill();
      },
      onIdle: () => {
        logger.info("stopping idle server", { server: name });
        requested = true;
        void stopOnce();
      },
      // A client that closes the channel (the SDK's `client.close()`) means "stop": without this the
      // exit that follows counted as a crash, and a server ignoring end of input was never stopped.
      onClose: () => {
        requested = true;
        void stopOnce();
      },
      // A flood is reported, not echoed line by line: of each kind of problem the first few, then
      // every power of ten.
      onChannelError: (error) => {
        const kind = error.message.split(":")[0]!;
        const count = (dropped.get(kind) ?? 0) + 1;
        dropped.set(kind, count);
        if (count <= 5 || Number.isInteger(Math.log10(count))) {
          logger.warn("server wrote something that is not MCP", { server: name, error: mask(error.message), ...(count > 5 ? { timesSoFar: count } : {}) });
        }
      },
      describeClose: async () => {
        gone = true;
        // The channel often closes a moment before the exit status is known: wait briefly for it.
        const status = await Promise.race([started.exited, delay(500).then(() => undefined)]);
        return this.#closeError(name, started.id, timedOut, requested, status, stderr);
      },
    });

    const connection: Connection = {
      id: started.id,
      server: name,
      transport,
      closed: started.exited.then(async (result) => {
        this.#live.delete(connection);
        release();
        if (requested) this.#crashes.delete(name);
        else this.#recordCrash(name, describeExit(result, stderr), Date.now() - born, timedOut);
        logger.info("server stopped", { server: name, id: started.id, code: result.code, signal: result.signal, requested });
        return { ...result, requested, stderr: [...stderr] } satisfies ServerExit;
      }),
      close: async () => {
        if (!gone) requested = true;
        await stopOnce();
        await connection.closed;
      },
    };
    this.#live.add(connection);
    return connection;
  }

  #closeError(
    name: string,
    id: string,
    timedOut: boolean,
    requested: boolean,
    exit: { code: number | null; signal: string | null } | undefined,
    stderr: string[],
  ): GatewayError {
    const data = { server: name, id, exitCode: exit?.code ?? null, signal: exit?.signal ?? null, stderr: [...stderr] };
    if (timedOut) {
      return new GatewayError(ErrorCode.SERVER_START_TIMEOUT, `server "${name}" did not answer within ${this.#options.startTimeoutMs} ms and was stopped`, { data });
    }
    if (requested) return new GatewayError(ErrorCode.SERVER_EXITED, `server "${name}" was stopped`, { data });
    return new GatewayError(ErrorCode.SERVER_EXITED, `server "${name}" ${describeExit(exit, stderr)}`, { data });
  }

  async #awaitBackoff(name: string, signal?: AbortSignal): Promise<void> {
    const crash = this.#crashes.get(name);
    if (!crash) return;
    const wait = Math.min(this.#options.backoffMaxMs, this.#options.backoffInitialMs * 2 ** (crash.failures - 1));
    const remaining = crash.at + wait - Date.now();
    if (remaining <= 0) return;
    if (remaining > this.#options.backoffWaitMs) {
      throw new GatewayError(
        ErrorCode.SERVER_FAILING,
        `server "${name}" failed ${crash.failures} times in a row (last: ${crash.last}); next start in ${Math.ceil(remaining / 1000)} s`,
        { data: { server: name, failures: crash.failures, retryInMs: remaining } },
      );
    }
    await delay(remaining, signal);
  }

  #recordCrash(name: string, last: string, livedMs: number, timedOut = false): void {
    const previous = this.#crashes.get(name);
    const fresh = !previous || (livedMs >= this.#options.healthyAfterMs && !timedOut);
    this.#crashes.set(name, { failures: fresh ? 1 : previous.failures + 1, at: Date.now(), last });
  }
}

function describeExit(exit: { code: number | null; signal: string | null } | undefined, stderr: string[]): string {
  const how = !exit ? "closed its output" : exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const tail = stderr.slice(-5).join("\n");
  return tail ? `${how}; its last output:\n${tail}` : how;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

function lazyOnce<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}

/** Replaces the server's configured secret values in `text` with `[redacted]`. */
function secretMask(spec: ServerSpec): (text: string) => string {
  const values = Object.values(spec.secretEnv)
    .map((secret) => secret.reveal())
    .filter((value) => value.length > 0)
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => values.reduce((masked, value) => (masked.includes(value) ? masked.split(value).join("[redacted]") : masked), text);
}
