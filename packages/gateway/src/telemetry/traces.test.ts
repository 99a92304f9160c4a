import { describe, expect, it } from "vitest";
import { tracesUrl } from "./traces.js";

describe("tracesUrl", () => {
  it("is off without an endpoint, and when the SDK or the traces exporter is turned off", () => {
    expect(tracesUrl({ env: {} })).toBeUndefined();
    expect(tracesUrl({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" } })).toBeUndefined();
    expect(tracesUrl({ endpoint: "http://collector:4318", env: { OTEL_TRACES_EXPORTER: "none" } })).toBeUndefined();
  });

  it("adds /v1/traces to a base endpoint, and takes the traces endpoint as it is", () => {
    expect(tracesUrl({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" } })).toBe("http://collector:4318/v1/traces");
    expect(tracesUrl({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://a:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://b/otlp/traces" } })).toBe("https://b/otlp/traces");
    // The flag wins over the environment.
    expect(tracesUrl({ endpoint: "http://flag:4318", env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://b/otlp/traces" } })).toBe("http://flag:4318/v1/traces");
  });

  it("refuses what is not an http(s) URL, naming where it came from", () => {
    expect(() => tracesUrl({ endpoint: "collector:4318", env: {} })).toThrow(/--otel-endpoint must be an http\(s\) URL/);
    expect(() => tracesUrl({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" } })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT must be/);
  });
});
