// The Grafana dashboard in deploy/grafana reads the gateway's metrics: every name its queries use
// is one the gateway exports, and every metric the gateway exports has a panel.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { createGatewayMetrics, METRIC_NAMES } from "./gateway-metrics.js";

const DASHBOARD = new URL("../../../../deploy/grafana/mcpgw.json", import.meta.url);
/** The series a histogram adds to its name. */
const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;

/** Every PromQL expression in the dashboard: its panels' targets and its variables' queries. */
function expressions(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(expressions);
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => ((key === "expr" || key === "definition") && typeof value === "string" ? [value] : expressions(value)));
}

describe("deploy/grafana/mcpgw.json", () => {
  it("queries only metrics the gateway exports, and every one of them", async () => {
    const queries = expressions(JSON.parse(await readFile(DASHBOARD, "utf8")));
    expect(queries.length).toBeGreaterThan(10);
    const used = new Set(queries.flatMap((query) => [...query.matchAll(/\bmcpgw_[a-z_]+/g)].map((m) => m[0])));
    const exported = new Set<string>(METRIC_NAMES);
    const unknown = [...used].filter((name) => !exported.has(name) && !(HISTOGRAM_SERIES.test(name) && exported.has(name.replace(HISTOGRAM_SERIES, ""))));
    expect(unknown).toEqual([]);
    const covered = new Set([...used].map((name) => (exported.has(name) ? name : name.replace(HISTOGRAM_SERIES, ""))));
    expect(METRIC_NAMES.filter((name) => !covered.has(name))).toEqual([]);
  });

  it("names histogram series only of histograms", async () => {
    const text = await createGatewayMetrics().scrape();
    const histograms = [...text.matchAll(/^# TYPE (\S+) histogram$/gm)].map((m) => m[1]);
    expect(histograms.sort()).toEqual(["mcpgw_tool_call_duration_seconds", "mcpgw_upstream_start_duration_seconds"]);
    const queries = expressions(JSON.parse(await readFile(DASHBOARD, "utf8"))).join("\n");
    for (const match of queries.matchAll(/\b(mcpgw_[a-z_]+?)_(?:bucket|sum|count)\b/g)) expect(histograms).toContain(match[1]);
  });
});
