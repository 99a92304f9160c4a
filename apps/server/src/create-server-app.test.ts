import { homedir } from "node:os";
import { join } from "node:path";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import type { Environment } from "./env-reader.js";
import { createServerApp } from "./create-server-app.js";

const deps = { cwd: "/srv" };
const app = (env: Environment) => createServerApp(env, deps);

/** The error a bad environment gives, with each of its problems. */
function failure(env: Environment): { error: GatewayError; problems: string[] } {
  try {
    app(env);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    const gatewayError = error as GatewayError;
    return { error: gatewayError, problems: (gatewayError.data as { problems: string[] }).problems };
  }
  throw new Error("expected createServerApp to throw");
}

describe("createServerApp defaults", () => {
  it("serves Streamable HTTP on 127.0.0.1:8811 with the home's stored token and the gateway's own defaults", () => {
    // MCPGW_HOME reaches createGateway through `env`: it finds the home the way the CLI does.
    const { options, tokenFile, warnings } = app({ HOME: "/home/me" });
    expect(tokenFile).toBe(join(homedir(), ".mcpgw", "auth-token"));
    expect(warnings).toEqual([]);
    expect(options).toEqual({
      transport: "streaming",
      host: "127.0.0.1",
      port: 8811,
      env: { HOME: "/home/me" },
      cwd: "/srv",
    });
  });

  it("keeps the stored token in MCPGW_HOME, the image's volume", () => {
    expect(app({ MCPGW_HOME: "/data" }).tokenFile).toBe("/data/auth-token");
    expect(app({ MCPGW_HOME: "/data", MCPGW_HOST: "::1" }).tokenFile).toBe("/data/auth-token");
  });

  it("takes empty values as unset, as compose passes unset variables", () => {
    const { options, tokenFile } = app({ MCPGW_PORT: "", MCPGW_AUTH_TOKEN: "", MCPGW_WATCH: " ", MCPGW_SERVERS: ",," });
    expect(tokenFile).toBeDefined();
    expect(options).toMatchObject({ port: 8811 });
    expect(options).not.toHaveProperty("authToken");
    expect(options).not.toHaveProperty("watch");
    expect(options).not.toHaveProperty("servers");
  });
});

describe("createServerApp reads every variable", () => {
  it("maps each MCPGW_* variable to its gateway option", () => {
    const env = {
      MCPGW_PORT: "9000",
      MCPGW_HOST: "0.0.0.0",
      MCPGW_TRANSPORT: "SSE",
      MCPGW_AUTH_TOKEN: " s3cret-token ",
      MCPGW_ALLOWED_HOSTS: "gateway.internal, localhost",
      MCPGW_ALLOWED_ORIGINS: "https://app.example.com",
      MCPGW_HOME: "/data",
      MCPGW_CATALOGS: "/etc/mcpgw/a.yaml, catalogs/b.yaml",
      MCPGW_SERVERS: "everything,notes",
      MCPGW_SECRETS: "store:env:/run/secrets",
      MCPGW_TOOLS: "everything:echo, notes:*",
      MCPGW_POLICY: "policy.yaml",
      MCPGW_BLOCK_NETWORK: "true",
      MCPGW_ALLOW_PRIVATE_REMOTES: "true",
      MCPGW_VERIFY_SIGNATURES: "true",
      MCPGW_SIGNATURE_KEYS: "/etc/mcpgw/cosign.pub",
      MCPGW_BLOCK_SECRETS: "off",
      MCPGW_REDACT_SECRETS: "yes",
      MCPGW_LOG_CALLS: "0",
      MCPGW_WATCH: "no",
      MCPGW_LONG_LIVED: "YES",
      MCPGW_CPUS: "0.5",
      MCPGW_MEMORY: "512Mb",
      MCPGW_PULL: "Always",
      MCPGW_VERBOSE: "1",
      MCPGW_INITIALIZE_TIMEOUT: "45",
      MCPGW_CALL_TIMEOUT: "90",
      MCPGW_METRICS_PORT: "9464",
      MCPGW_METRICS_PUBLIC: "true",
      MCPGW_MAX_SESSIONS: "500",
      MCPGW_MAX_SESSIONS_PER_CALLER: "20",
      MCPGW_TLS_CERT: "/run/tls/fullchain.pem",
      MCPGW_TLS_KEY: "tls/privkey.pem",
    };
    const { options, tokenFile, warnings } = app(env);
    expect(tokenFile).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(options).toEqual({
      transport: "sse",
      host: "0.0.0.0",
      port: 9000,
      authToken: "s3cret-token",
      allowedHosts: ["gateway.internal", "localhost"],
      allowedOrigins: ["https://app.example.com"],
      catalogs: ["/etc/mcpgw/a.yaml", join("/srv", "catalogs/b.yaml")],
      servers: ["everything", "notes"],
      secrets: "store:env:/run/secrets",
      tools: ["everything:echo", "notes:*"],
      policyFile: join("/srv", "policy.yaml"),
      blockNetwork: true,
      allowPrivateRemotes: true,
      verifySignatures: true,
      blockSecrets: false,
      redactSecrets: true,
      logCalls: false,
      watch: false,
      longLived: true,
      cpus: 0.5,
      memory: "512Mb",
      pull: "always",
      verbose: true,
      initializeTimeoutMs: 45_000,
      callTimeoutMs: 90_000,
      metricsPort: 9464,
      metricsPublic: true,
      maxSessions: 500,
      maxSessionsPerCaller: 20,
      tls: { certFile: "/run/tls/fullchain.pem", keyFile: join("/srv", "tls/privkey.pem") },
      env: { ...env, MCPGW_AUTH_TOKEN: undefined },
      cwd: "/srv",
    });
  });

  it("serves without a token on loopback when MCPGW_ALLOW_UNAUTHENTICATED is true", () => {
    const { options, tokenFile } = app({ MCPGW_ALLOW_UNAUTHENTICATED: "true" });
    expect(tokenFile).toBeUndefined();
    expect(options.allowUnauthenticated).toBe(true);
    expect(options).not.toHaveProperty("authToken");
  });

  it("keeps the token out of the environment the gateway's secret providers read", () => {
    const { options } = app({ MCPGW_AUTH_TOKEN: "ours", MCP_GATEWAY_AUTH_TOKEN: "docker", PATH: "/bin" });
    expect(options.env).toEqual({ PATH: "/bin" });
  });

  it("reads Docker's MCP_GATEWAY_AUTH_TOKEN when MCPGW_AUTH_TOKEN is unset", () => {
    expect(app({ MCP_GATEWAY_AUTH_TOKEN: "docker-token" }).options.authToken).toBe("docker-token");
    expect(app({ MCP_GATEWAY_AUTH_TOKEN: "docker-token", MCPGW_AUTH_TOKEN: "ours" }).options.authToken).toBe("ours");
  });

  it("takes the TLS certificate and key together, naming the one missing", () => {
    expect(failure({ MCPGW_TLS_CERT: "cert.pem" }).problems).toEqual(["MCPGW_TLS_CERT is set but MCPGW_TLS_KEY is not: HTTPS needs the certificate and its key together"]);
    expect(failure({ MCPGW_TLS_KEY: "key.pem" }).problems).toEqual(["MCPGW_TLS_KEY is set but MCPGW_TLS_CERT is not: HTTPS needs the certificate and its key together"]);
    expect(app({ MCPGW_TLS_CERT: "", MCPGW_TLS_KEY: "" }).options).not.toHaveProperty("tls");
  });

  it("accepts port 0 (any free port) and 65535", () => {
    expect(app({ MCPGW_PORT: "0" }).options.port).toBe(0);
    expect(app({ MCPGW_PORT: "65535" }).options.port).toBe(65_535);
  });

  it("passes MCPGW_ALLOWED_HOSTS=* on, which the gateway takes as no Host check", () => {
    const { options } = app({ MCPGW_HOST: "0.0.0.0", MCPGW_AUTH_TOKEN: "t", MCPGW_ALLOWED_HOSTS: "*" });
    expect(options.allowedHosts).toEqual(["*"]);
  });
});

describe("createServerApp refuses bad values, naming the variable", () => {
  it.each([
    [{ MCPGW_PORT: "http" }, 'MCPGW_PORT must be a port number from 0 to 65535, not "http"'],
    [{ MCPGW_PORT: "65536" }, "MCPGW_PORT must be a port number from 0 to 65535"],
    [{ MCPGW_PORT: "-1" }, "MCPGW_PORT must be a port number"],
    [{ MCPGW_PORT: "80.5" }, "MCPGW_PORT must be a port number"],
    [{ MCPGW_TRANSPORT: "websocket" }, 'MCPGW_TRANSPORT must be streaming or sse, not "websocket"'],
    [{ MCPGW_TRANSPORT: "stdio" }, "MCPGW_TRANSPORT=stdio is not served by @mcpgw/server"],
    [{ MCPGW_WATCH: "maybe" }, 'MCPGW_WATCH must be true or false (or 1/0, yes/no, on/off), not "maybe"'],
    [{ MCPGW_BLOCK_NETWORK: "2" }, "MCPGW_BLOCK_NETWORK must be true or false"],
    [{ MCPGW_BLOCK_SECRETS: "nope" }, "MCPGW_BLOCK_SECRETS must be true or false"],
    [{ MCPGW_LOG_CALLS: "y" }, "MCPGW_LOG_CALLS must be true or false"],
    [{ MCPGW_LONG_LIVED: "always" }, "MCPGW_LONG_LIVED must be true or false"],
    [{ MCPGW_VERBOSE: "debug" }, "MCPGW_VERBOSE must be true or false"],
    [{ MCPGW_ALLOW_UNAUTHENTICATED: "please" }, "MCPGW_ALLOW_UNAUTHENTICATED must be true or false"],
    [{ MCPGW_CPUS: "0" }, 'MCPGW_CPUS must be a number greater than 0, such as 1 or 0.5, not "0"'],
    [{ MCPGW_CPUS: "two" }, "MCPGW_CPUS must be a number greater than 0"],
    [{ MCPGW_MAX_SESSIONS: "0" }, 'MCPGW_MAX_SESSIONS must be a whole number greater than 0, such as 50, not "0"'],
    [{ MCPGW_MAX_SESSIONS_PER_CALLER: "2.5" }, "MCPGW_MAX_SESSIONS_PER_CALLER must be a whole number greater than 0"],
    [{ MCPGW_MEMORY: "lots" }, 'MCPGW_MEMORY must be a size such as 512Mb or 2Gb, not "lots"'],
    [{ MCPGW_PULL: "sometimes" }, 'MCPGW_PULL must be missing or always or never, not "sometimes"'],
    [{ MCPGW_HOST: "my host" }, "MCPGW_HOST must be an address"],
    [{ MCPGW_AUTH_TOKEN: "two words" }, "MCPGW_AUTH_TOKEN must not contain blanks"],
    [{ MCP_GATEWAY_AUTH_TOKEN: "two words" }, "MCP_GATEWAY_AUTH_TOKEN must not contain blanks"],
    [{ MCPGW_ALLOWED_HOSTS: "*,example.com" }, "Allowed hosts (--allowed-hosts, MCPGW_ALLOWED_HOSTS) are * (any host) or a list of hostnames, not both"],
    [{ MCPGW_ALLOWED_ORIGINS: "*" }, "MCPGW_ALLOWED_ORIGINS cannot be *"],
    [
      { MCPGW_ALLOW_UNAUTHENTICATED: "true", MCPGW_AUTH_TOKEN: "t" },
      "Serving without a token (--allow-unauthenticated, MCPGW_ALLOW_UNAUTHENTICATED=true) and a given token (MCPGW_AUTH_TOKEN) contradict each other",
    ],
  ])("%o", (env, expected) => {
    const { error, problems } = failure(env);
    expect(error.code).toBe(ErrorCode.INVALID_ARGUMENT);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
    expect(error.message).toBe(`Invalid environment: ${problems[0]}`);
    expect(error.suggestion).toContain("README");
  });

  it("reports every bad variable at once", () => {
    const { error, problems } = failure({ MCPGW_PORT: "x", MCPGW_WATCH: "x", MCPGW_CPUS: "x" });
    expect(problems.map((p) => p.split(" ")[0])).toEqual(["MCPGW_PORT", "MCPGW_CPUS", "MCPGW_WATCH"]);
    expect(error.message).toMatch(/^Invalid environment \(3 problems\):\n {2}- MCPGW_PORT .*\n {2}- MCPGW_CPUS .*\n {2}- MCPGW_WATCH /);
  });
});

describe("createServerApp off loopback", () => {
  it("requires a given token and MCPGW_ALLOWED_HOSTS", () => {
    const { problems } = failure({ MCPGW_HOST: "0.0.0.0" });
    expect(problems).toEqual([
      expect.stringMatching(/^MCPGW_AUTH_TOKEN is required: the gateway is bound to 0\.0\.0\.0 \(--host, MCPGW_HOST\), not a loopback address\. Generate one/),
      expect.stringMatching(
        /^Allowed hosts \(--allowed-hosts, MCPGW_ALLOWED_HOSTS\) are required: the gateway is bound to 0\.0\.0\.0 \(--host, MCPGW_HOST\), not a loopback address\. .*localhost.* or \* to accept any$/,
      ),
    ]);
  });

  it("refuses MCPGW_ALLOW_UNAUTHENTICATED", () => {
    const { problems } = failure({ MCPGW_HOST: "192.0.2.10", MCPGW_ALLOW_UNAUTHENTICATED: "true", MCPGW_ALLOWED_HOSTS: "gw" });
    expect(problems).toEqual([
      expect.stringContaining("Serving without a token (--allow-unauthenticated, MCPGW_ALLOW_UNAUTHENTICATED=true) is refused: the gateway is bound to 192.0.2.10 (--host, MCPGW_HOST)"),
    ]);
  });

  it("starts with both, and never makes up a token there", () => {
    const { options, tokenFile } = app({ MCPGW_HOST: "::", MCPGW_AUTH_TOKEN: "given", MCPGW_ALLOWED_HOSTS: "localhost" });
    expect(tokenFile).toBeUndefined();
    expect(options).toMatchObject({ host: "::", authToken: "given", allowedHosts: ["localhost"] });
  });
});

describe("createServerApp reads Docker's debug switches", () => {
  it("turns on verbose output with DEBUG=true or LOG_LEVEL=debug, unless MCPGW_VERBOSE says otherwise", () => {
    expect(app({ DEBUG: "true" }).options.verbose).toBe(true);
    expect(app({ LOG_LEVEL: "DEBUG" }).options.verbose).toBe(true);
    expect(app({ DEBUG: "true", MCPGW_VERBOSE: "false" }).options.verbose).toBe(false);
    // The debug library's namespaces are not a switch of ours, and not a problem either.
    expect(app({ DEBUG: "express:*", LOG_LEVEL: "info" }).options).not.toHaveProperty("verbose");
  });
});

describe("createServerApp warnings", () => {
  it("names MCPGW_* variables it does not know, with the closest known one", () => {
    const { warnings } = app({ MCPGW_BLOK_NETWORK: "true", MCPGW_LOG_LEVEL: "debug", MCPGW_FAST: "1", OTHER: "x" });
    expect(warnings).toEqual([
      "MCPGW_BLOK_NETWORK is not a setting of @mcpgw/server and is ignored. Did you mean MCPGW_BLOCK_NETWORK?",
      "MCPGW_LOG_LEVEL is not a setting of @mcpgw/server and is ignored.",
    ]);
  });
});
