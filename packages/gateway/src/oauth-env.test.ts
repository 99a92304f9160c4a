// The wrapper between the router and a runtime, over a real OAuth store (the local secret store in
// a temporary folder); the runtime is a connector that records the spec it is asked to start,
// which is all the wrapper hands on.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Connection, Connector, ProcessServerSpec, ServerSpec } from "@mcpgw/core";
import { GatewayError, SecretValue, silentLogger } from "@mcpgw/core";
import { createLocalSecretStore } from "@mcpgw/secrets";
import type { OAuthStore } from "@mcpgw/transports";
import { createOAuthStore, createProviderTokens } from "@mcpgw/transports";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOAuthEnvironment } from "./oauth-env.js";

const TOKEN = "gho_provider-token-2f0c";

function recordingConnector(): Connector & { started: ServerSpec[] } {
  const started: ServerSpec[] = [];
  return {
    kinds: ["process", "docker"],
    started,
    async connect(spec) {
      started.push(spec);
      return { id: "1", server: spec.name, transport: {} as Connection["transport"], closed: new Promise(() => {}), close: async () => {} };
    },
    closeAll: async () => {},
  };
}

function spec(over: Partial<ProcessServerSpec> = {}): ProcessServerSpec {
  return { kind: "process", name: "github", source: { file: "test" }, env: {}, secretEnv: {}, sharing: "shared", longLived: false, command: "node", args: [], ...over };
}

describe("createOAuthEnvironment", () => {
  let dir: string;
  let store: OAuthStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "mcpgw-oauth-env-"));
    store = createOAuthStore(createLocalSecretStore({ file: join(dir, "secrets.json") }));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const environment = () => createOAuthEnvironment(createProviderTokens({ store, logger: silentLogger }));
  const github = { provider: "github", env: "GITHUB_PERSONAL_ACCESS_TOKEN" };

  it("starts a server with its provider's token in the variable, over a secret set for it, as a secret named after the provider", async () => {
    await store.saveTokens("github", { accessToken: TOKEN, tokenType: "Bearer", issuer: "https://id.example", clientId: "c" });
    const oauthEnv = environment();
    const runtime = recordingConnector();
    await oauthEnv.wrap(runtime).connect(spec({ oauthEnv: [github], secretEnv: { GITHUB_PERSONAL_ACCESS_TOKEN: new SecretValue("github.personal_access_token", "pat", "store") } }), { logger: silentLogger });
    const [started] = runtime.started;
    const value = started?.secretEnv.GITHUB_PERSONAL_ACCESS_TOKEN;
    expect(value?.reveal()).toBe(TOKEN);
    expect(value?.name).toBe("oauth/github");
    expect(JSON.stringify(started)).not.toContain(TOKEN);

    const others = [new SecretValue("x", "y", "env")];
    const guarded = oauthEnv.secretValues(others);
    expect(guarded.map((v) => v.reveal())).toEqual(["y", TOKEN]);
    expect(oauthEnv.secretValues(others)).toBe(guarded);
  });

  it("hands servers without providers, and remote ones, on as they are", async () => {
    const runtime = recordingConnector();
    const plain = spec();
    await environment().wrap(runtime).connect(plain, { logger: silentLogger });
    expect(runtime.started[0]).toBe(plain);
  });

  it("lets a secret fill the variable when the provider has no token", async () => {
    const runtime = recordingConnector();
    await environment().wrap(runtime).connect(spec({ oauthEnv: [github], secretEnv: { GITHUB_PERSONAL_ACCESS_TOKEN: new SecretValue("github.personal_access_token", "pat", "store") } }), { logger: silentLogger });
    expect(runtime.started[0]?.secretEnv.GITHUB_PERSONAL_ACCESS_TOKEN?.reveal()).toBe("pat");
  });

  it("starts nothing without a token or a secret, and says which authorize command to run", async () => {
    const runtime = recordingConnector();
    const wrapped = environment().wrap(runtime);
    const failure = (s: ServerSpec) => wrapped.connect(s, { logger: silentLogger }).then(() => undefined, (e: unknown) => e);

    const one = await failure(spec({ oauthEnv: [github] }));
    expect(one).toBeInstanceOf(GatewayError);
    expect(one).toMatchObject({ code: "AUTHORIZATION_REQUIRED", suggestion: "mcpgw oauth authorize github", data: { server: "github", provider: "github", env: "GITHUB_PERSONAL_ACCESS_TOKEN" } });
    expect((one as GatewayError).message).toContain("`mcpgw oauth authorize github`");

    await store.saveTokens("github", { accessToken: TOKEN, tokenType: "Bearer", issuer: "https://id.example", clientId: "c" });
    const second = await failure(spec({ oauthEnv: [github, { provider: "gitlab", env: "GITLAB_TOKEN" }] }));
    expect(second).toMatchObject({ code: "AUTHORIZATION_REQUIRED", suggestion: "mcpgw oauth authorize github --provider gitlab" });
    expect(runtime.started).toEqual([]);
  });
});
