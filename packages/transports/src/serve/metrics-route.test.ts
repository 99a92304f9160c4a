// `/metrics` on the HTTP app and on the metrics-only app: protected like `/mcp` unless public.
import { afterEach, describe, expect, it } from "vitest";
import { createTestSessionFactory } from "../testing/test-session-factory.js";
import { createHttpApp } from "./http-app.js";
import type { HttpApp } from "./http-app.js";
import { createMetricsApp } from "./metrics-route.js";
import type { MetricsEndpoint } from "./metrics-route.js";

const TOKEN = "owner-token";
const URL = "http://127.0.0.1:8811/metrics";
const HOST = { host: "127.0.0.1:8811" };
const withToken = { headers: { ...HOST, authorization: `Bearer ${TOKEN}` } };
const anonymous = { headers: HOST };
const endpoint = (isPublic = false): MetricsEndpoint => ({ scrape: async () => "mcpgw_up 1\n", contentType: "text/plain; version=0.0.4; charset=utf-8", public: isPublic });

const apps: HttpApp[] = [];
afterEach(async () => void (await Promise.all(apps.splice(0).map((http) => http.closeAll()))));
const httpApp = (metrics: MetricsEndpoint | undefined, authToken: string | undefined = TOKEN) => {
  const http = createHttpApp(createTestSessionFactory(), { authToken, ...(metrics ? { metrics } : {}) });
  apps.push(http);
  return http.app;
};

describe("/metrics on the HTTP app", () => {
  it("asks for the token /mcp asks for, and serves the scrape with it", async () => {
    const app = httpApp(endpoint());
    expect((await app.request(URL, anonymous)).status).toBe(401);
    expect((await app.request(URL, { headers: { ...HOST, authorization: "Bearer wrong" } })).status).toBe(401);
    const response = await app.request(URL, withToken);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await response.text()).toBe("mcpgw_up 1\n");
  });

  it("serves a public endpoint without a token, and still checks Host", async () => {
    const app = httpApp(endpoint(true));
    expect((await app.request(URL, anonymous)).status).toBe(200);
    expect((await app.request("http://evil.example/metrics", { headers: { host: "evil.example" } })).status).toBe(403);
  });

  it("has no /metrics when the gateway gives none", async () => {
    expect((await httpApp(undefined).request(URL, withToken)).status).toBe(404);
  });
});

describe("createMetricsApp", () => {
  it("serves /metrics alone, behind the gateway token unless public", async () => {
    const app = createMetricsApp(endpoint(), { authToken: TOKEN });
    expect((await app.request(URL, anonymous)).status).toBe(401);
    expect((await app.request(URL, withToken)).status).toBe(200);
    expect((await app.request("http://127.0.0.1:8811/mcp", withToken)).status).toBe(404);
    expect((await createMetricsApp(endpoint(true), { authToken: TOKEN }).request(URL, anonymous)).status).toBe(200);
  });
});
