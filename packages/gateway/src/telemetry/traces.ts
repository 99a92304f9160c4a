// OpenTelemetry traces of the gateway: an SDK tracer provider that exports over OTLP/HTTP,
// registered for the API the router and transports speak. The SDK loads only when tracing is on,
// so a gateway without it starts as fast as before. The standard OTEL_* variables (service name,
// headers, sampler, batch sizes) are the SDK's own to read.
import { ErrorCode, GatewayError } from "@mcpgw/core";

/** Where traces go: `--otel-endpoint`, else the standard variables. */
export interface TracesOptions {
  /** An OTLP/HTTP endpoint's base URL (`/v1/traces` is added), as `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  endpoint?: string;
  env: NodeJS.ProcessEnv;
  /** mcpgw's version, as `service.version`. */
  version?: string;
}

/** Tracing that is on: `shutdown` exports the spans not sent yet and unregisters the provider. */
export interface Traces {
  shutdown(): Promise<void>;
}

/**
 * The URL spans are posted to, or `undefined` when tracing is off: `endpoint` (the flag) or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` with `/v1/traces`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is.
 * `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turn it off.
 */
export function tracesUrl(options: TracesOptions): string | undefined {
  const { env } = options;
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true" || env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === "none") return undefined;
  const [name, url] =
    options.endpoint !== undefined
      ? ["--otel-endpoint", signalUrl(options.endpoint)]
      : env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
        ? ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT]
        : env.OTEL_EXPORTER_OTLP_ENDPOINT
          ? ["OTEL_EXPORTER_OTLP_ENDPOINT", signalUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT)]
          : [undefined, undefined];
  if (url === undefined) return undefined;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `${name} must be an http(s) URL of an OTLP/HTTP endpoint, not "${url}"`, { data: { field: name } });
  }
  return url;
}

/** Starts tracing when an endpoint is set; `undefined` when tracing is off. */
export async function startTraces(options: TracesOptions): Promise<Traces | undefined> {
  const url = tracesUrl(options);
  if (url === undefined) return undefined;
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { detectResources, envDetector, resourceFromAttributes }, api] = await Promise.all([
    import("@opentelemetry/sdk-trace-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/api"),
  ]);
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over mcpgw's own names.
  const resource = resourceFromAttributes({ "service.name": "mcpgw", ...(options.version ? { "service.version": options.version } : {}) }).merge(
    detectResources({ detectors: [envDetector] }),
  );
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))] });
  provider.register();
  return {
    async shutdown() {
      await provider.shutdown();
      api.trace.disable();
      api.context.disable();
      api.propagation.disable();
    },
  };
}

function signalUrl(base: string): string {
  return `${base.replace(/\/+$/, "")}/v1/traces`;
}
