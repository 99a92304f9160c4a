// An image registry of the test's own: Debian's `docker-registry` (the Distribution registry)
// on a loopback port with its storage in a temporary folder. The engine pushes to and pulls from
// 127.0.0.1 registries over plain HTTP without being told to, so images really travel through
// it. `.ci/run` installs the package; without it a test fails and says how to install it.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type Dockerode from "dockerode";

/** The registry binary Debian's `docker-registry` package installs. */
export const REGISTRY_COMMAND = process.env.MCPGW_TEST_REGISTRY_COMMAND || "docker-registry";

/** A running registry; {@link TestRegistry.stop} ends it and deletes its storage. */
export interface TestRegistry {
  /** `127.0.0.1:<port>`: the host part of image references, such as `127.0.0.1:41234/mcp/echo:1`. */
  host: string;
  /** `http://127.0.0.1:<port>`, for the registry's HTTP API (`/v2/…`). */
  url: string;
  stop(): Promise<void>;
}

/** Options for {@link startRegistry}. */
export interface StartRegistryOptions {
  /** How long the registry may take to answer `GET /v2/`; 60 s by default (a busy machine). */
  readyTimeoutMs?: number;
  /**
   * Token authentication, as Docker Hub does it: clients are sent to `realm` for a bearer token
   * (a JWT the test's token server signs with a key whose certificate chains to `rootCertBundle`).
   */
  tokenAuth?: RegistryTokenAuth;
}

/** The registry's `auth: token:` settings. */
export interface RegistryTokenAuth {
  realm: string;
  service: string;
  issuer: string;
  /** A PEM file of the root certificates that tokens' `x5c` chains must lead to. */
  rootCertBundle: string;
}

/**
 * Starts a registry on a free loopback port and resolves once `GET /v2/` answers 200. Its
 * output is kept and included in the error when it exits or never answers.
 *
 * @example
 * const registry = await startRegistry();
 * const { digest } = await pushImage(docker, "mcpgw-test/everything:abc", `${registry.host}/mcp/everything:1`);
 */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), "mcpgw-registry-"));
  const port = await loopbackPort();
  const config = join(dir, "config.yml");
  await writeFile(
    config,
    [
      "version: 0.1",
      "log:",
      "  level: warn",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${join(dir, "storage")}`,
      "  delete:",
      "    enabled: true",
      "http:",
      `  addr: 127.0.0.1:${port}`,
      ...(options.tokenAuth ? tokenAuthConfig(options.tokenAuth) : []),
      "",
    ].join("\n"),
  );
  let output = "";
  let child: ChildProcess;
  try {
    child = spawn(REGISTRY_COMMAND, ["serve", config], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output = (output + chunk).slice(-4_000)));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output = (output + chunk).slice(-4_000)));
    await once(child, "spawn");
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `Cannot start the test registry (${REGISTRY_COMMAND}): ${(error as Error).message}. Install Debian's docker-registry package (apt-get install docker-registry), as .ci/run does.`,
      { cause: error },
    );
  }
  const exited = once(child, "exit").then(([code, signal]) => `${String(signal ?? code)}`);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let stopped: string | undefined;
  void exited.then((how) => (stopped = how));
  for (;;) {
    // With token auth the API answers 401 and a challenge until a client has a token.
    const ready = await fetch(`${url}/v2/`).then(
      (response) => response.status === 200 || (options.tokenAuth !== undefined && response.status === 401),
      () => false,
    );
    if (ready) return { host: `127.0.0.1:${port}`, url, stop };
    if (stopped !== undefined || Date.now() > deadline) {
      await stop();
      const why = stopped !== undefined ? `exited (${stopped})` : "did not answer GET /v2/ in time";
      throw new Error(`The test registry on 127.0.0.1:${port} ${why}:\n${output}`);
    }
    await sleep(50);
  }
}

function tokenAuthConfig(auth: RegistryTokenAuth): string[] {
  return ["auth:", "  token:", `    realm: ${auth.realm}`, `    service: ${auth.service}`, `    issuer: ${auth.issuer}`, `    rootcertbundle: ${auth.rootCertBundle}`];
}

/** What {@link pushImage} pushed. */
export interface PushedImage {
  /** The reference pushed, such as `127.0.0.1:41234/mcp/echo:1`. */
  reference: string;
  /** The manifest's digest the registry stored, `sha256:…`. */
  digest: string;
}

interface PushEvent {
  error?: string;
  aux?: { Digest?: string };
}

/**
 * Tags a local image as `target` (a reference in a registry) and pushes it through the engine;
 * resolves with the manifest digest the registry reported.
 */
export async function pushImage(docker: Dockerode, source: string, target: string): Promise<PushedImage> {
  const { repo, tag } = splitTag(target);
  await docker.getImage(source).tag({ repo, tag });
  // Engines before 23 refuse a push without an X-Registry-Auth header, even for a registry with no auth.
  const stream = await docker.getImage(target).push({ authconfig: { serveraddress: target.split("/")[0] } });
  const events = await new Promise<PushEvent[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, all: PushEvent[]) => (error ? reject(error) : resolve(all)));
  });
  const failed = events.find((event) => event.error);
  if (failed) throw new Error(`pushing ${target} failed: ${failed.error}`);
  const digest = events.map((event) => event.aux?.Digest).find((value) => value !== undefined);
  if (digest === undefined) throw new Error(`pushing ${target} reported no digest`);
  return { reference: target, digest };
}

/** `host:port/repo:tag` → repo and tag (`latest` when there is none); the port's colon is not a tag's. */
function splitTag(reference: string): { repo: string; tag: string } {
  const slash = reference.lastIndexOf("/");
  const colon = reference.lastIndexOf(":");
  if (colon > slash) return { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repo: reference, tag: "latest" };
}

/** A loopback port that was free a moment ago, for the registry to bind. */
async function loopbackPort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}
