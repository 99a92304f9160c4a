import { describe, expect, it } from "vitest";
import { healthUrl } from "./health-url.js";

describe("healthUrl", () => {
  it.each([
    [{}, "http://127.0.0.1:8811/health"],
    [{ MCPGW_HOST: "0.0.0.0", MCPGW_PORT: "9000" }, "http://127.0.0.1:9000/health"],
    [{ MCPGW_HOST: "::" }, "http://[::1]:8811/health"],
    [{ MCPGW_HOST: "[::]" }, "http://[::1]:8811/health"],
    [{ MCPGW_HOST: "::1" }, "http://[::1]:8811/health"],
    [{ MCPGW_HOST: "10.1.2.3", MCPGW_PORT: " 80 " }, "http://10.1.2.3:80/health"],
    [{ MCPGW_HOST: "", MCPGW_PORT: "" }, "http://127.0.0.1:8811/health"],
    [{ MCPGW_HOST: "0.0.0.0", MCPGW_TLS_CERT: "/run/tls/cert.pem", MCPGW_TLS_KEY: "/run/tls/key.pem" }, "https://127.0.0.1:8811/health"],
    [{ MCPGW_TLS_CERT: " " }, "http://127.0.0.1:8811/health"],
  ])("%o → %s", (env, url) => {
    expect(healthUrl(env)).toBe(url);
  });
});
