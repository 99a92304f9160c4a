// Abandoned sessions never lock a client out: a real `mcpgw gateway run --transport streaming`
// with small caps (--max-sessions 50, --max-sessions-per-caller 20) flooded with three times its
// cap of abandoned sessions still serves a fresh SDK client; and a caller with a named token who
// floods it closes only its own sessions, never another caller's.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import type { GatewayEndpoint } from "../support/clients.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { everythingProcess, writeHome } from "../support/servers.js";
import { openSession, postMcp, sessionHeaders } from "../fault/support/raw-http.js";
import { floodSessions } from "../fault/support/session-flood.js";

const MAX_SESSIONS = 50;
const PER_CALLER = 20;
const FLOOD = 3 * MAX_SESSIONS;
const FLOODER = randomBytes(24).toString("hex");
const STEADY = randomBytes(24).toString("hex");
const OWNER = randomBytes(24).toString("hex");

const POLICY = `tokens:
  flooder:
    secret: tokens.flooder
  steady:
    secret: tokens.steady
rules:
  - subjects: [flooder, steady]
    allow: ["*"]
default: deny
`;

describe("a gateway at its session caps", () => {
  let home: TempHome;
  let gateway: GatewayProcess;
  const as = (token: string): GatewayEndpoint => ({ url: gateway.url, headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    home = await TempHome.create();
    await writeHome(home, { everything: everythingProcess() });
    // The home's policy file is read by default, and the named tokens come from the environment.
    await writeFile(home.path("policy.yaml"), POLICY);
    gateway = await startGateway(home, {
      args: ["--max-sessions", String(MAX_SESSIONS), "--max-sessions-per-caller", String(PER_CALLER)],
      env: { MCPGW_AUTH_TOKEN: OWNER, TOKENS_FLOODER: FLOODER, TOKENS_STEADY: STEADY },
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await home?.[Symbol.asyncDispose]();
  }, 60_000);

  /** The lines that told of a session closed to make room, as `reason subject` (subject `-` for the owner). */
  const evictions = () =>
    [...gateway.stderr.matchAll(/closing an abandoned session sessionId=\S+ transport=\S+ reason=(session-cap|caller-cap)(?: subject=(\S+))?/g)].map((m) => `${m[1]} ${m[2] ?? "-"}`);

  /** The status of a `tools/list` in raw session `id`. */
  const listStatus = async (endpoint: GatewayEndpoint, id: string) => (await postMcp(endpoint, { jsonrpc: "2.0", id: 1, method: "tools/list" }, sessionHeaders(id))).status;

  it("keeps another caller's idle sessions when one caller floods it: the flooder loses only its own", async () => {
    await using cleanup = new Cleanup();
    const steadySessions: string[] = [];
    for (let i = 0; i < 5; i++) steadySessions.push(await openSession(as(STEADY)));
    const steadyClient = cleanup.add((await connectV1(as(STEADY), {}, "steady")).client);

    const flood = await floodSessions(as(FLOODER), FLOOD, 8);
    expect(flood.opened).toBe(FLOOD);
    expect(flood.refusedAtCap).toBe(0);

    for (const id of steadySessions) expect(await listStatus(as(STEADY), id)).toBe(200);
    expect(textOf(await steadyClient.callTool({ name: "echo", arguments: { message: "still here" } }))).toBe("Echo: still here");
    // The flooder keeps its newest sessions; its oldest were closed (404: it would re-initialize).
    expect(await listStatus(as(FLOODER), flood.sessionIds[0]!)).toBe(404);
    expect(await listStatus(as(FLOODER), flood.sessionIds.at(-1)!)).toBe(200);
    const closed = evictions();
    expect(closed).toHaveLength(FLOOD - PER_CALLER);
    expect(new Set(closed)).toEqual(new Set(["caller-cap flooder"]));
  }, 120_000);

  it(`serves a fresh SDK client after ${FLOOD} sessions were opened and abandoned`, async () => {
    const before = evictions().length;
    const flood = await floodSessions(as(OWNER), FLOOD, 8);
    expect(flood.opened).toBe(FLOOD);
    expect(flood.refusedAtCap).toBe(0);
    // The owner has no cap of its own: the gateway's made the room, from the least recently active.
    expect(evictions().slice(before).every((line) => line.startsWith("session-cap"))).toBe(true);
    expect(evictions().length - before).toBeGreaterThanOrEqual(FLOOD - MAX_SESSIONS);

    await using cleanup = new Cleanup();
    const { client } = await connectV1(as(OWNER));
    cleanup.add(client);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "after the flood" } }))).toBe("Echo: after the flood");
  }, 120_000);

  it("names callers in its logs, never their tokens", () => {
    for (const token of [FLOODER, STEADY, OWNER]) expect(gateway.stderr).not.toContain(token);
  });
});
