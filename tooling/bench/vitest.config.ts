import { defineProjectConfig } from "@mcpgw/tooling/vitest";

// The smoke test runs every section of the bench in its quick form: real gateways, real
// containers, on a shared 2-core machine.
export default defineProjectConfig({ testTimeout: 120_000 });
