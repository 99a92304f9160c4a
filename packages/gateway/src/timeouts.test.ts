import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { silentLogger } from "@mcpgw/core";
import { resolveHome } from "@mcpgw/user-files";
import type * as Router from "@mcpgw/router";
import type * as ProcessRuntime from "@mcpgw/runtime-process";
import type * as DockerRuntime from "@mcpgw/runtime-docker";
import type * as Transports from "@mcpgw/transports";
import { createRouter } from "@mcpgw/router";
import { createDockerConnector } from "@mcpgw/runtime-docker";
import { createProcessConnector } from "@mcpgw/runtime-process";
import { createRemoteConnector } from "@mcpgw/transports";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createGateway } from "./create-gateway.js";
import { DEFAULT_TIMEOUTS, resolveTimeouts } from "./timeouts.js";

// The real factories, watched: the test asserts what createGateway hands each part.
vi.mock("@mcpgw/transports", async (load) => {
  const actual = await load<typeof Transports>();
  return { ...actual, createRemoteConnector: vi.fn(actual.createRemoteConnector) };
});
vi.mock("@mcpgw/runtime-process", async (load) => {
  const actual = await load<typeof ProcessRuntime>();
  return { ...actual, createProcessConnector: vi.fn(actual.createProcessConnector) };
});
vi.mock("@mcpgw/runtime-docker", async (load) => {
  const actual = await load<typeof DockerRuntime>();
  return { ...actual, createDockerConnector: vi.fn(actual.createDockerConnector) };
});
vi.mock("@mcpgw/router", async (load) => {
  const actual = await load<typeof Router>();
  return { ...actual, createRouter: vi.fn(actual.createRouter) };
});

describe("resolveTimeouts", () => {
  it("takes each given limit and the defaults for the rest", () => {
    expect(resolveTimeouts({})).toEqual(DEFAULT_TIMEOUTS);
    expect(resolveTimeouts({ initializeTimeoutMs: 45_000, callTimeoutMs: 120_000, sessionIdleMs: 60_000 })).toEqual({
      ...DEFAULT_TIMEOUTS,
      initializeMs: 45_000,
      callMs: 120_000,
      sessionIdleMs: 60_000,
    });
  });

  it("defaults to 30 s to start, 10 minutes per call, 30 minutes per idle HTTP session, 5 minutes per idle server", () => {
    expect(DEFAULT_TIMEOUTS).toMatchObject({ initializeMs: 30_000, callMs: 600_000, sessionIdleMs: 1_800_000, serverIdleMs: 300_000 });
  });
});

describe("createGateway's time limits", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "mcpgw-timeouts-"));
    vi.clearAllMocks();
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  async function run(options: { initializeTimeoutMs?: number; callTimeoutMs?: number }): Promise<void> {
    const stdin = new PassThrough();
    const gateway = await createGateway({ ...options, home: resolveHome({ MCPGW_HOME: root }), env: {}, watch: false, logger: silentLogger, stdin, stdout: new PassThrough() });
    await gateway.close();
  }

  it("hands the call timeout to the remote connector as its silence limit, and both limits to every part", async () => {
    await run({ initializeTimeoutMs: 45_000, callTimeoutMs: 120_000 });
    expect(vi.mocked(createRemoteConnector)).toHaveBeenCalledWith(
      expect.objectContaining({ requestTimeoutMs: 120_000, lifecycle: { startTimeoutMs: 45_000, idleTimeoutMs: DEFAULT_TIMEOUTS.serverIdleMs } }),
    );
    const lifecycle = { startTimeoutMs: 45_000, idleTimeoutMs: DEFAULT_TIMEOUTS.serverIdleMs, slotWaitMs: DEFAULT_TIMEOUTS.slotWaitMs };
    expect(vi.mocked(createProcessConnector)).toHaveBeenCalledWith(expect.objectContaining({ lifecycle }));
    expect(vi.mocked(createDockerConnector)).toHaveBeenCalledWith(expect.objectContaining({ lifecycle }));
    expect(vi.mocked(createRouter)).toHaveBeenCalledWith(expect.objectContaining({ initializeTimeoutMs: 45_000, callTimeoutMs: 120_000 }));
  });

  it("passes the defaults explicitly when no limit is given", async () => {
    await run({});
    expect(vi.mocked(createRemoteConnector)).toHaveBeenCalledWith(expect.objectContaining({ requestTimeoutMs: DEFAULT_TIMEOUTS.callMs, connectTimeoutMs: DEFAULT_TIMEOUTS.remoteConnectMs }));
    expect(vi.mocked(createRouter)).toHaveBeenCalledWith(expect.objectContaining({ initializeTimeoutMs: DEFAULT_TIMEOUTS.initializeMs, callTimeoutMs: DEFAULT_TIMEOUTS.callMs }));
  });
});
